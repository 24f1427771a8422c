"""Write an nbgrader course directory from the repository's assignments.

    COURSE_DIR/
        nbgrader_config.py                 the instructor's: written once, never rewritten
        autograder_nbgrader_config.py      the autograder inside nbgrader: rewritten by every build
        source/<assignment>/<assignment>.ipynb
        source/<assignment>/shapes.py ...  every student stub (the same set for every assignment)

(:mod:`autograder.course.course_config` explains the two configuration files.)

Only the built notebooks and the stubs of ``assignments/modules/`` are copied:
nothing from ``solutions/`` or the autograder's specs reaches the course
directory, so nothing of them can reach ``release/``.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from autograder import manifest
from autograder.manifest import Assignment, get_assignment

from .course_config import write_config
from .errors import CourseError
from .notebooks import build_notebook
from .sources import has_notebook, notebook_name, stub_modules

DEFAULT_COURSE_ID = "dls-cnn"


@dataclass
class BuildReport:
    """What a build wrote."""
    sources: list[Path]                  # the source/<assignment> folders written
    config: list[str] = field(default_factory=list)   # what happened to the configuration, for people


def build_course(course_dir: Path, *, course_id: Optional[str] = None,
                 exchange_root: Optional[Path] = None,
                 assignments: Optional[list[str]] = None) -> BuildReport:
    """Create or refresh the nbgrader course directory ``course_dir``.

    Parameters
    ----------
    course_dir : Path
        Created when missing. ``source/<assignment>/`` folders of the built
        assignments are replaced and the autograder's configuration file is
        rewritten; everything else (``nbgrader_config.py``, ``release/``,
        ``submitted/``, ``gradebook.db``, ...) is left alone.
    course_id : str, optional
        nbgrader's course id (students' ``nbgrader fetch_assignment`` uses it);
        for a new course default :data:`DEFAULT_COURSE_ID`.
    exchange_root : Path, optional
        nbgrader's exchange directory (``c.Exchange.root``); default: nbgrader's
        own default, ``/usr/local/share/nbgrader/exchange``.
    assignments : list of str, optional
        Ids to build; default every assignment of the manifest whose notebook
        source exists in ``assignments/notebooks/``.

    Returns
    -------
    BuildReport

    Raises
    ------
    autograder.manifest.UnknownAssignment
        An id not in the manifest.
    CourseError
        An id asked for explicitly whose notebook source does not exist, or a
        course id or exchange that differs from the existing configuration's.
    """
    course_dir = Path(course_dir)
    known = manifest.assignments()
    if assignments is None:
        chosen = [a for a in known if has_notebook(known[a])]
    else:
        chosen = [get_assignment(a).id for a in assignments]
        missing = [a for a in chosen if not has_notebook(known[a])]
        if missing:
            raise CourseError(f"no notebook source for {', '.join(missing)} in assignments/notebooks/")
    course_dir.mkdir(parents=True, exist_ok=True)
    exchange = Path(exchange_root).resolve() if exchange_root is not None else None
    notes = write_config(course_dir, course_id, exchange, DEFAULT_COURSE_ID)
    sources = [write_source(known[a], course_dir / "source" / a) for a in chosen]
    return BuildReport(sources, notes)


def write_source(assignment: Assignment, folder: Path) -> Path:
    """Fill ``folder`` with the assignment's notebook and all stub modules."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    build_notebook(assignment, folder / notebook_name(assignment))
    for module in stub_modules():
        shutil.copy2(module, folder / module.name)
    return folder
