"""Finding, loading and calling the reference solutions (trusted, grader process only).

The references live in the course repository's ``solutions/`` package, which is
never packaged or released. The ``solutions_dir`` setting may point to another
copy. This module is the one place that finds them (:func:`solutions_dir`) and
the one place that turns their package-relative imports into the top-level
imports of a student's folder (:func:`copy_flat`).
"""
from __future__ import annotations

import copy
import importlib
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
_RELATIVE_IMPORT = re.compile(r"^(\s*)from \.(\w+) import ", re.MULTILINE)


class ReferenceNotFound(RuntimeError):
    """Grading needs the references; the student's self-check does not."""


def solutions_dir(settings: Optional["Settings"] = None) -> Path:
    """The ``solutions/`` package directory to grade against.

    Parameters
    ----------
    settings : Settings, optional
        Its ``solutions_dir`` wins when not empty (default: the settings in force).

    Raises
    ------
    ReferenceNotFound
        When the folder holds no ``solutions`` package.
    """
    if settings is None:
        from .settings import load_settings
        settings = load_settings()
    path = Path(settings.solutions_dir) if settings.solutions_dir else REPO_ROOT / "solutions"
    if not (path / "__init__.py").exists():
        raise ReferenceNotFound(
            f"reference solutions not found at {path}. Grading runs from the course "
            "repository (or set the solutions_dir setting, e.g. AUTOGRADER_SOLUTIONS_DIR); "
            "`autograder check` needs no references.")
    return path


@lru_cache(maxsize=None)
def reference_function(qualname: str, folder: Optional[Path] = None) -> Callable[..., Any]:
    """The reference for ``"module.function"`` (``"conv.conv2d"``) in ``folder``.

    ``folder`` defaults to :func:`solutions_dir` of the settings in force.
    """
    path = Path(folder) if folder is not None else solutions_dir()
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


def call_reference(qualname: str, args: tuple, kwargs: dict, folder: Optional[Path] = None) -> Any:
    """Call the reference (in ``folder``, see :func:`reference_function`) on fresh copies of the arguments."""
    return reference_function(qualname, folder)(*materialize(args), **materialize(kwargs))


def flat_source(source: str) -> str:
    """Rewrite ``from .module import x`` as ``from module import x``."""
    return _RELATIVE_IMPORT.sub(r"\1from \2 import ", source)


def copy_flat(package_dir: Path, dest: Path, *, only: Optional[list[str]] = None) -> list[Path]:
    """Copy a package's modules into ``dest`` as top-level modules, as students' files sit.

    Students' modules import each other by name (``from shapes import ...``);
    a package such as ``solutions/`` uses relative imports. The copy rewrites
    those, which gives a complete, correct "submission". It holds whatever the
    package holds: never hand it to students.

    Parameters
    ----------
    package_dir : Path
        A package folder whose modules use single-level relative imports.
    dest : Path
        Created when missing; files of the same name are overwritten.
    only : list of str, optional
        Module names (without ``.py``) to copy; default all but ``__init__``.

    Returns
    -------
    list of Path
        The files written.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for module in sorted(Path(package_dir).glob("*.py")):
        if module.name == "__init__.py" or (only is not None and module.stem not in only):
            continue
        target = dest / module.name
        target.write_text(flat_source(module.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(target)
    return written


def reference_as_submission(folder: Path, settings: Optional["Settings"] = None) -> Path:
    """Write the references into ``folder`` as a student would hand them in.

    Used to run the reference in a sandbox exactly like a submission (to time it
    under the same conditions as the student's code).
    """
    copy_flat(solutions_dir(settings), Path(folder))
    return Path(folder)
