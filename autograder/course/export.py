"""The course gradebook for people and for an LMS, as nbgrader export plugins.

Every student on nbgrader's roster (``nbgrader db student add|import``) gets a
row, with each generated assignment's score as nbgrader computes it (manual
scores over automatic ones, the late penalty subtracted); a student who never
submitted gets 0 and "not submitted". Three layouts:

- :class:`CourseGradebookExport`: one row per student; per assignment the
  score, its maximum, the status (on time, late by how long, not submitted,
  needs manual grading) and the late penalty; then the total and the
  weighted percentage (``weights``, default each assignment's points).
- :class:`CanvasExport`: Canvas's gradebook import (``Student, ID, SIS User
  ID, SIS Login ID, Section``, a "Points Possible" row, one column per
  assignment); ``ID`` is the student's ``lms_user_id`` in nbgrader.
- :class:`MoodleExport`: for Moodle's "Import grades from CSV" (map
  ``ID number`` or ``Username`` to the user, each assignment column to its
  grade item).

They are nbgrader's own export plugins::

    nbgrader export --exporter=autograder.course.export.CanvasExport --to=canvas.csv

and ``python -m autograder.course export`` runs them with the course's configuration.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin
from traitlets import Dict

from autograder.manifest import assignments as manifest_assignments
from autograder.spreadsheet_cells import SafeWriter

from .course_config import read_config
from .errors import CourseError
from .feedback import lateness_text
from .gradebook import open_gradebook

NOT_SUBMITTED = "not submitted"


@dataclass
class Column:
    """One assignment of the export."""
    name: str
    max_score: float
    weight: float


@dataclass
class Cell:
    """One student's result for one assignment."""
    score: float = 0.0              # after the late penalty
    late_penalty: float = 0.0
    seconds_late: float = 0.0
    submitted: bool = False
    needs_manual_grade: bool = False

    @property
    def status(self) -> str:
        if not self.submitted:
            return NOT_SUBMITTED
        status = f"late by {lateness_text(self.seconds_late).en}" if self.seconds_late > 0 else "on time"
        return status + ("; needs manual grading" if self.needs_manual_grade else "")


@dataclass
class Row:
    """One student of the roster."""
    student_id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class CourseTable:
    """Everything an export writes."""
    columns: list[Column]
    rows: list[Row]

    def total(self, row: Row) -> float:
        return round(sum(row.cells[c.name].score for c in self.columns), 6)

    @property
    def max_total(self) -> float:
        return round(sum(c.max_score for c in self.columns), 6)

    def percent(self, row: Row) -> float:
        """The weighted percentage: each assignment's share of its maximum, weighted."""
        weights = sum(c.weight for c in self.columns)
        if not weights:
            return 0.0
        return round(100.0 * sum(c.weight * row.cells[c.name].score / c.max_score
                                 for c in self.columns) / weights, 2)


def _lecture_order(names: list[str]) -> list[str]:
    known = list(manifest_assignments())
    return sorted(names, key=lambda n: (known.index(n) if n in known else len(known), n))


def course_table(gradebook: Gradebook, weights: Optional[dict[str, float]] = None,
                 only_assignments: Optional[list[str]] = None,
                 only_students: Optional[list[str]] = None) -> CourseTable:
    """Read the roster and every generated assignment's submissions from ``gradebook``.

    Parameters
    ----------
    weights : dict, optional
        Assignment -> weight in the percentage; default each assignment's points.
        Weights of assignments not (yet) in the gradebook are ignored.

    Raises
    ------
    ValueError
        When ``weights`` is given but misses an exported assignment.
    """
    found = {a.name: a for a in gradebook.assignments
             if (a.max_score or 0) > 0 and (not only_assignments or a.name in only_assignments)}
    names = _lecture_order(list(found))
    if weights:
        missing = [n for n in names if n not in weights]
        if missing:
            raise ValueError(f"no weight for {', '.join(missing)} (weights given: {', '.join(weights)})")
    columns = [Column(n, float(found[n].max_score),
                      float(weights[n]) if weights else float(found[n].max_score)) for n in names]
    rows = []
    for student in sorted(gradebook.students, key=lambda s: s.id):
        if only_students and student.id not in only_students:
            continue
        rows.append(Row(student.id, student.first_name or "", student.last_name or "",
                        student.email or "", student.lms_user_id or "",
                        {n: Cell() for n in names}))
    by_id = {row.student_id: row for row in rows}
    for name in names:
        for submission in found[name].submissions:
            row = by_id.get(submission.student_id)
            if row is None:
                continue
            penalty = float(submission.late_submission_penalty or 0.0)
            row.cells[name] = Cell(max(0.0, float(submission.score) - penalty), penalty,
                                   float(submission.total_seconds_late), True,
                                   bool(submission.needs_manual_grade))
    return CourseTable(columns, rows)


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


class CourseGradebookExport(ExportPlugin):
    """The course gradebook: one row per student, every assignment's score and status, weighted total."""

    weights = Dict(
        {}, help="Weight of each assignment in the percentage column, by assignment name "
                 "(default: each assignment's points, so the percentage is total / maximum)."
    ).tag(config=True)

    default_file = "gradebook.csv"

    def export(self, gradebook: Gradebook) -> None:
        table = course_table(gradebook, dict(self.weights), list(self.assignment), list(self.student))
        dest = Path(self.to or self.default_file)
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            self.write(SafeWriter(handle), table)
        self.log.info("Exported %d students and %d assignments to %s", len(table.rows),
                      len(table.columns), dest)

    def write(self, writer, table: CourseTable) -> None:
        header = ["student_id", "last_name", "first_name", "email", "lms_user_id"]
        for c in table.columns:
            header += [c.name, f"{c.name} max", f"{c.name} status", f"{c.name} late penalty"]
        writer.writerow(header + ["total", "max", "percent"])
        for row in table.rows:
            line = [row.student_id, row.last_name, row.first_name, row.email, row.lms_user_id]
            for c in table.columns:
                cell = row.cells[c.name]
                line += [_number(cell.score), _number(c.max_score), cell.status, _number(cell.late_penalty)]
            writer.writerow(line + [_number(table.total(row)), _number(table.max_total),
                                    f"{table.percent(row):.2f}"])


class CanvasExport(CourseGradebookExport):
    """Canvas's gradebook import: ``Student, ID, SIS User ID, SIS Login ID, Section``, then the assignments."""

    default_file = "canvas.csv"

    def write(self, writer, table: CourseTable) -> None:
        names = [c.name for c in table.columns]
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + names)
        writer.writerow(["Points Possible", "", "", "", ""] + [_number(c.max_score) for c in table.columns])
        for row in table.rows:
            name = ", ".join(p for p in (row.last_name, row.first_name) if p) or row.student_id
            writer.writerow([name, row.lms_user_id, row.student_id, row.student_id, ""]
                            + [_number(row.cells[n].score) for n in names])


class MoodleExport(CourseGradebookExport):
    """For Moodle's grade import: identity columns, then one column per assignment."""

    default_file = "moodle.csv"

    def write(self, writer, table: CourseTable) -> None:
        names = [c.name for c in table.columns]
        writer.writerow(["Username", "ID number", "Email address", "First name", "Last name"] + names)
        for row in table.rows:
            writer.writerow([row.student_id, row.lms_user_id, row.email, row.first_name, row.last_name]
                            + [_number(row.cells[n].score) for n in names])


LAYOUTS = {"gradebook": CourseGradebookExport, "canvas": CanvasExport, "moodle": MoodleExport}


def export_gradebook(course_dir: Path, out: Optional[Path] = None, layout: str = "gradebook",
                     weights: Optional[dict[str, float]] = None) -> Path:
    """Write the course gradebook of ``course_dir`` in ``layout`` and return its path.

    The course's ``nbgrader_config.py`` configures the plugin (its ``weights``
    above all); ``weights`` given here win.

    Raises
    ------
    CourseError
        When nothing has been graded yet, or a weight is missing.
    """
    course_dir = Path(course_dir)
    plugin_class = LAYOUTS[layout]
    grade_first = f"run `python -m autograder.course grade {course_dir} <assignment>` first"
    out = Path(out) if out is not None else course_dir / "grades" / plugin_class.default_file
    plugin = plugin_class(config=read_config(course_dir))
    plugin.to = str(out)
    if weights:
        plugin.weights = weights
    with open_gradebook(course_dir, grade_first) as gradebook:
        if not any((a.num_submissions or 0) > 0 for a in gradebook.assignments):
            raise CourseError(f"no graded submission in {course_dir}'s gradebook yet; {grade_first}")
        try:
            plugin.export(gradebook)
        except ValueError as exc:
            raise CourseError(f"{exc}; give every exported assignment a weight") from None
    return out
