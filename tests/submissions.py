"""Build submission folders for tests: the references or the stubs as plain student modules."""
from __future__ import annotations

import shutil
from pathlib import Path

from autograder.reference import reference_as_submission

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("shapes", "params", "conv", "pooling", "dropout", "backprop", "activations")


def reference_submission(folder: Path) -> Path:
    """The references as a correct student's folder looks to the grader."""
    return reference_as_submission(folder)


def stub_submission(folder: Path) -> Path:
    """The untouched stubs, as a student receives them."""
    folder.mkdir(parents=True, exist_ok=True)
    for module in MODULES:
        source = ROOT / "assignments" / "modules" / f"{module}.py"
        if source.exists():
            shutil.copy(source, folder / source.name)
    return folder


def mutate(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in ``path``; fail loudly if the reference text moved."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"mutation anchor not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def flipped_kernel_submission(folder: Path) -> Path:
    """The references with conv2d's kernel flipped (mathematical convolution)."""
    reference_submission(folder)
    mutate(folder / "conv.py", "w.astype(dtype, copy=False).reshape",
           "w[::-1, ::-1].astype(dtype, copy=False).reshape")
    return folder
