"""Write an nbgrader course directory from the repository's assignments.

    COURSE_DIR/
        nbgrader_config.py                 course id, exchange, how solutions are cleared
        source/<assignment>/<assignment>.ipynb
        source/<assignment>/shapes.py ...  every student stub (the same set for every assignment)

Only the built notebooks and the stubs of ``assignments/modules/`` are copied:
nothing from ``solutions/`` or the autograder's specs reaches the course
directory, so nothing of them can reach ``release/``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from autograder import manifest
from autograder.manifest import Assignment, get_assignment

from .sources import has_notebook, notebook_name, stub_modules
from .notebooks import build_notebook

DEFAULT_COURSE_ID = "dls-cnn"

# What a cleared solution region becomes in the released notebook. No
# ``raise NotImplementedError()`` (nbgrader's default): every task cell sets its
# answer to None before the region, so a student can run the whole notebook
# from the first day and the check cells say "no answer yet".
CODE_STUB = "# 여기에 코드를 작성하세요 (YOUR CODE HERE)"
TEXT_STUB = "여기에 답을 쓰세요 (YOUR ANSWER HERE)"


def nbgrader_config(course_id: str, exchange_root: Path | None) -> str:
    """The text of ``nbgrader_config.py`` for the course."""
    lines = [
        "# Written by `python -m autograder.course build`; running it again rewrites this file.",
        "c = get_config()  # noqa: F821 (provided by nbgrader)",
        "",
        f"c.CourseDirectory.course_id = {course_id!r}",
        "# The grading runs through `python -m autograder.course grade`, not `nbgrader autograde`.",
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}",
        f"c.ClearSolutions.text_stub = {TEXT_STUB!r}",
    ]
    if exchange_root is not None:
        lines.append(f"c.Exchange.root = {str(exchange_root)!r}")
    return "\n".join(lines) + "\n"


def build_course(course_dir: Path, *, course_id: str = DEFAULT_COURSE_ID,
                 exchange_root: Path | None = None,
                 assignments: list[str] | None = None) -> list[Path]:
    """Create or refresh the nbgrader course directory ``course_dir``.

    Parameters
    ----------
    course_dir : Path
        Created when missing. ``source/<assignment>/`` folders of the built
        assignments are replaced; everything else (``release/``,
        ``submitted/``, ``gradebook.db``, ...) is left alone.
    course_id : str
        nbgrader's course id (students' ``nbgrader fetch_assignment`` uses it).
    exchange_root : Path, optional
        nbgrader's exchange directory (``c.Exchange.root``); default: nbgrader's
        own default, ``/usr/local/share/nbgrader/exchange``.
    assignments : list of str, optional
        Ids to build; default every assignment of the manifest whose notebook
        source exists in ``assignments/notebooks/``.

    Returns
    -------
    list of Path
        The ``source/<assignment>`` folders written.

    Raises
    ------
    autograder.manifest.UnknownAssignment
        An id not in the manifest.
    FileNotFoundError
        An id asked for explicitly whose notebook source does not exist.
    """
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    exchange = Path(exchange_root).resolve() if exchange_root is not None else None
    (course_dir / "nbgrader_config.py").write_text(nbgrader_config(course_id, exchange),
                                                   encoding="utf-8")
    known = manifest.assignments()
    if assignments is None:
        chosen = [a for a in known if has_notebook(known[a])]
    else:
        chosen = [get_assignment(a).id for a in assignments]
        missing = [a for a in chosen if not has_notebook(known[a])]
        if missing:
            raise FileNotFoundError(f"no notebook source for {missing} in assignments/notebooks/")
    return [write_source(known[a], course_dir / "source" / a) for a in chosen]


def write_source(assignment: Assignment, folder: Path) -> Path:
    """Fill ``folder`` with the assignment's notebook and all stub modules."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    build_notebook(assignment, folder / notebook_name(assignment))
    for module in stub_modules():
        shutil.copy2(module, folder / module.name)
    return folder
