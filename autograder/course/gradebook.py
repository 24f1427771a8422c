"""Reading the course's nbgrader gradebook (``gradebook.db``) with nbgrader's own API.

Everything here goes through :class:`nbgrader.api.Gradebook`: whether an
assignment is ready to be graded (generated, with the autograder's grade
cells as the grader grades them now), and each submission's totals as
nbgrader computes them (manual scores over automatic ones, the late penalty
subtracted).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from nbgrader.api import Gradebook, MissingEntry

from autograder.manifest import Assignment

from .course_config import read_config
from .errors import CourseError
from .grade_cells import graded_tasks, is_autograder_cell


def database_url(course_dir: Path) -> str:
    """nbgrader's ``CourseDirectory.db_url`` for the course (its default: ``gradebook.db`` in it)."""
    configured = read_config(course_dir).CourseDirectory.get("db_url")
    return str(configured) if configured else f"sqlite:///{os.path.abspath(Path(course_dir) / 'gradebook.db')}"


@contextmanager
def open_gradebook(course_dir: Path, needed_for: str) -> Iterator[Gradebook]:
    """The course's gradebook; :class:`CourseError` when it does not exist yet.

    ``needed_for`` completes the error's advice: "run ... first" for what.
    """
    url = database_url(course_dir)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise CourseError(f"no gradebook in {course_dir} yet ({url.removeprefix('sqlite:///')}); "
                          f"{needed_for}")
    gradebook = Gradebook(url, read_config(course_dir).CourseDirectory.get("course_id", "default_course"))
    try:
        yield gradebook
    finally:
        gradebook.close()


def check_assignment(course_dir: Path, assignment: Assignment) -> None:
    """Raise :class:`CourseError` unless nbgrader knows ``assignment`` with the autograder's cells as graded now."""
    generate = f"run `nbgrader generate_assignment {assignment.id}` in {course_dir} first"
    with open_gradebook(course_dir, generate) as gradebook:
        try:
            notebook = gradebook.find_notebook(assignment.id, assignment.id)
        except MissingEntry:
            raise CourseError(f"{assignment.id} is not in the gradebook; {generate}") from None
        cells = {cell.name: float(cell.max_score) for cell in notebook.grade_cells
                 if is_autograder_cell(cell.name)}
    planned = {task.grade_id: task.points for task in graded_tasks(assignment)}
    if cells != planned:
        changed = sorted(set(cells.items()) ^ set(planned.items()))
        raise CourseError(
            f"the gradebook's autograder cells of {assignment.id} differ from what the grader grades "
            f"now ({', '.join(f'{name} {points:g}' for name, points in changed)}); run `python -m "
            f"autograder.course build {course_dir} --assignment {assignment.id}`, then `nbgrader "
            f"generate_assignment {assignment.id} --force` in {course_dir}")


@dataclass(frozen=True)
class SubmissionGrade:
    """One submission's totals as nbgrader computes them."""
    student: str
    score: float               # after the late penalty
    raw_score: float           # every grade cell: manual scores over automatic ones
    max_score: float
    late_penalty: float
    seconds_late: float
    needs_manual_grade: bool


def submission_grades(course_dir: Path, assignment_id: str, students: list[str]) -> dict[str, SubmissionGrade]:
    """nbgrader's totals of ``students``' submissions of ``assignment_id`` (those it has)."""
    grades = {}
    with open_gradebook(course_dir, f"run `python -m autograder.course grade {course_dir} "
                                    f"{assignment_id}` first") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment_id, student)
            except MissingEntry:
                continue
            penalty = float(submission.late_submission_penalty or 0.0)
            raw = float(submission.score)
            grades[student] = SubmissionGrade(
                student, max(0.0, raw - penalty), raw, float(submission.max_score), penalty,
                float(submission.total_seconds_late), bool(submission.needs_manual_grade))
    return grades
