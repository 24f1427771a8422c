"""Finding and calling the reference solutions (trusted, grader process only).

The references live in the course repository's ``solutions/`` package, which is
never packaged or released. ``CNN_SOLUTIONS_DIR`` may point to another copy.
"""
from __future__ import annotations

import copy
import importlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]


class ReferenceNotFound(RuntimeError):
    """Grading needs the references; the student's self-check does not."""


def solutions_dir() -> Path:
    """The ``solutions/`` package directory to grade against."""
    configured = os.environ.get("CNN_SOLUTIONS_DIR")
    path = Path(configured) if configured else REPO_ROOT / "solutions"
    if not (path / "__init__.py").exists():
        raise ReferenceNotFound(
            f"reference solutions not found at {path}. Grading runs from the course "
            "repository (or set CNN_SOLUTIONS_DIR); `autograder check` needs no references.")
    return path


@lru_cache(maxsize=None)
def reference_function(qualname: str) -> Callable[..., Any]:
    """The reference for ``"module.function"``, e.g. ``"conv.conv2d"``."""
    path = solutions_dir()
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    module_name, function = qualname.split(".")
    module = importlib.import_module(f"{path.name}.{module_name}")
    return getattr(module, function)


def materialize(value: Any) -> Any:
    """Turn argument placeholders into live objects for a trusted call.

    ``RNG(seed)`` becomes ``numpy.random.default_rng(seed)``; arrays are copied
    so that nothing the reference does can leak into the next call.
    """
    from .sandbox import RNG  # the sandbox owns the placeholder type

    if isinstance(value, RNG):
        return np.random.default_rng(value.seed)
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(materialize(v) for v in value)
    if isinstance(value, list):
        return [materialize(v) for v in value]
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    return copy.copy(value)


def call_reference(qualname: str, args: tuple, kwargs: dict) -> Any:
    """Call the reference on fresh copies of the arguments."""
    return reference_function(qualname)(*materialize(args), **materialize(kwargs))


def reference_as_submission(folder: Path) -> Path:
    """Write the references into ``folder`` as a student would hand them in.

    Top-level modules (``conv.py``, ...) whose relative imports become absolute,
    so the sandbox can run them exactly like a submission (used to time the
    reference under the same conditions as the student).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for source in solutions_dir().glob("*.py"):
        if source.name == "__init__.py":
            continue
        text = re.sub(r"^from \.(\w+) import", r"from \1 import",
                      source.read_text(encoding="utf-8"), flags=re.MULTILINE)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder
