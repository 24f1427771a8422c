"""Copy a package's modules as top-level modules, the way students' files sit in a folder.

Students' modules import each other as top-level modules (``from shapes import
...``) because they sit next to the notebook. A package such as ``solutions/``
uses relative imports (``from ._args import as_int``). :func:`copy_flat` copies
the package's modules into one folder and rewrites those imports, which gives
a complete, correct "submission" to check the notebooks and the grading
pipeline end to end. It is for the course's own tests and for instructors: the
result holds whatever the package holds, so never hand it to students.
"""
from __future__ import annotations

import re
from pathlib import Path

_RELATIVE_IMPORT = re.compile(r"^(\s*)from \.(\w+) import ", re.MULTILINE)


def flat_source(source: str) -> str:
    """Rewrite ``from .module import x`` as ``from module import x``."""
    return _RELATIVE_IMPORT.sub(r"\1from \2 import ", source)


def copy_flat(package_dir: Path, dest: Path, *, only: list[str] | None = None) -> list[Path]:
    """Copy every module of ``package_dir`` (except ``__init__``) into ``dest`` as top-level modules.

    Parameters
    ----------
    package_dir : Path
        A package folder whose modules use single-level relative imports.
    dest : Path
        Created when missing; files of the same name are overwritten.
    only : list of str, optional
        Module names (without ``.py``) to copy; default all.

    Returns
    -------
    list of Path
        The files written.
    """
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for module in sorted(Path(package_dir).glob("*.py")):
        if module.name == "__init__.py" or (only is not None and module.stem not in only):
            continue
        target = dest / module.name
        target.write_text(flat_source(module.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(target)
    return written
