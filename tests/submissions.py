"""Build submission folders for tests: the references or the stubs as plain student modules."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("shapes", "params", "conv", "pooling", "dropout", "backprop")


def reference_submission(folder: Path) -> Path:
    """Copy ``solutions/*.py`` into ``folder`` as top-level modules (relative imports made absolute).

    This is how a correct student's folder looks to the grader.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for source in (ROOT / "solutions").glob("*.py"):
        if source.name == "__init__.py":
            continue
        text = re.sub(r"^from \.(\w+) import", r"from \1 import", source.read_text(encoding="utf-8"),
                      flags=re.MULTILINE)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def stub_submission(folder: Path) -> Path:
    """The untouched stubs, as a student receives them."""
    folder.mkdir(parents=True, exist_ok=True)
    for module in MODULES:
        source = ROOT / "assignments" / "modules" / f"{module}.py"
        if source.exists():
            shutil.copy(source, folder / source.name)
    return folder
