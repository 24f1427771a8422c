"""nbgrader's autograde step, with the autograder's results in place of running the notebook.

``nbgrader autograde`` passes every submitted notebook through two lists of
preprocessors: the sanitizing ones (clear outputs, restore locked cells and
the grade cells' points from ``gradebook.db``), then the grading ones, where
nbgrader's ``Execute`` runs the notebook and ``SaveAutoGrades`` turns each
grade cell's output into its ``auto_score``. The course's configuration
(written by ``python -m autograder.course build``) puts
:class:`AutograderResults` in the place of ``Execute``: no student code runs
in nbgrader's process; instead each autograder grade cell
(:mod:`autograder.course.grade_cells`) receives

- the task's feedback (every concept, the smallest failing example, hints) as
  a display output, and
- its score as the cell's result, which nbgrader's own ``SaveAutoGrades``
  records as the cell's ``auto_score`` (never touching a grader's
  ``manual_score``), before nbgrader's ``AssignLatePenalties`` applies the
  course's late-penalty plugin.

The result comes from :func:`autograder.pipeline.grade_student`: reused when
its fingerprint is unchanged (``python -m autograder.course grade`` has just
graded the class in parallel), graded now otherwise, so a bare
``nbgrader autograde`` or formgrader's autograde button records correct,
current grades too.
"""
from __future__ import annotations

import datetime
from html import escape
from pathlib import Path
from typing import Optional

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder.grading_isolation import grading_settings
from autograder.grading_results import SubmissionResult, TaskResult
from autograder.pipeline import GradingJob, grade_student
from autograder.report.html import CONCEPT_STYLE, code_errors_html, task_html
from autograder.report.markdown import SKIPPED_TITLE, code_errors_markdown, task_markdown
from autograder.settings import load_settings

from .feedback import Lateness, lateness_text, with_scores
from .grade_cells import SUMMARY_ID, grade_id, is_autograder_cell


class GradeCellMismatch(ValueError):
    """The notebook's autograder grade cells do not match the tasks the autograder grades."""


class AutograderResults(NbGraderPreprocessor):
    """Fill the autograder's grade cells of one submitted notebook with its grading result."""

    grades_directory = Unicode(
        "grades", help="Where the autograder keeps its results, relative to the course directory "
                       "(<grades_directory>/<assignment>/<student>/result.json)."
    ).tag(config=True)

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict):
        info = resources["nbgrader"]
        result = self.grade(info["student"], info["assignment"])
        lateness = submission_lateness(info["db_url"], info["assignment"], info["student"])
        fill_cells(nb, result, lateness)
        return nb, resources

    def grade(self, student: str, assignment_id: str) -> SubmissionResult:
        """The student's current result: stored if its inputs are unchanged, graded now otherwise."""
        coursedir = CourseDirectory(config=self.config)
        submission = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment_id))
        out = Path(coursedir.root) / self.grades_directory / assignment_id / student
        settings = load_settings()
        if settings.isolation == "auto":   # the course step passes the isolation it graded with
            settings = grading_settings(settings)[0]
        return grade_student(GradingJob(student, submission, out, assignment_id), settings)


def submission_lateness(db_url: str, assignment_id: str, student: str) -> Lateness:
    """When the submission came in, its due date (with any extension) and how late it was."""
    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment_id, student)
        except MissingEntry:
            return Lateness(None, None, 0.0)
        return Lateness(submission.timestamp, submission.duedate, float(submission.total_seconds_late))


def fill_cells(nb: nbformat.NotebookNode, result: SubmissionResult, lateness: Lateness) -> None:
    """Give every autograder cell of ``nb`` its outputs (in place).

    Raises
    ------
    GradeCellMismatch
        A grade cell without a graded task, a task without its cell, or a cell
        whose points differ from the task's.
    """
    tasks = {grade_id(task): task for task in result.tasks}
    filled = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        cell_id = meta.get("grade_id", "")
        if cell.cell_type != "code":
            continue
        if cell_id == SUMMARY_ID:
            cell.outputs = summary_outputs(result, lateness)
        elif is_autograder_cell(cell_id):
            task = tasks.get(cell_id)
            if task is None:
                raise GradeCellMismatch(f"grade cell {cell_id} has no graded task (graded: {sorted(tasks)})")
            if abs(float(meta.get("points", 0)) - task.max_score) > 1e-9:
                raise GradeCellMismatch(f"grade cell {cell_id} is worth {meta.get('points')} points in "
                                        f"the gradebook, the autograder grades it out of {task.max_score:g}")
            cell.outputs = task_outputs(task)
            filled.add(cell_id)
    missing = sorted(set(tasks) - filled)
    if missing:
        raise GradeCellMismatch(f"no grade cell for {missing} in the notebook")


def task_outputs(task: TaskResult) -> list:
    """The task's feedback, then its score as the cell's result (what ``SaveAutoGrades`` reads)."""
    feedback = nbformat.v4.new_output(
        "display_data",
        data={"text/html": f'<div class="autograder"><style>{CONCEPT_STYLE}</style>{task_html(task)}</div>',
              "text/plain": task_markdown(task)})
    # nbgrader refuses a partial score above the cell's points: no float sum may tip it over
    earned = min(round(float(task.score), 6), float(task.max_score))
    score = nbformat.v4.new_output(
        "execute_result", execution_count=None,
        data={"text/plain": repr(earned), "text/html": f"<b>{earned:g} / {task.max_score:g}</b>"})
    return [feedback, score]


def _when(moment: Optional[datetime.datetime]) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment is not None else "-"


def summary_outputs(result: SubmissionResult, lateness: Lateness) -> list:
    """The submission's time, due date, lateness and autograded total, with the scores as JSON."""
    late = lateness_text(lateness.seconds_late)
    rows = [("제출 시각 (submitted)", _when(lateness.submitted)),
            ("마감 (due)", _when(lateness.due)),
            ("늦은 시간 (late by)", f"{late.ko} ({late.en})" if lateness.seconds_late > 0 else "-"),
            ("자동 채점 점수 (autograded score)", f"{result.score:g} / {result.max_score:g}")]
    if result.skipped:   # file names are the student's: escaped below like everything shown
        rows.append((f"{SKIPPED_TITLE.ko} ({SKIPPED_TITLE.en})", "; ".join(result.skipped)))
    note = ("늦게 낸 과제의 감점과 서술형 답의 점수는 이 페이지 맨 위의 총점에 들어 있습니다. "
            "(The late penalty and the score of the written answer are in the total at the top of this page.)")
    table = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows)
    scores = {"student": result.student, "assignment": result.assignment,
              "score": float(result.score), "max_score": float(result.max_score),
              "seconds_late": lateness.seconds_late,
              "tasks": {t.label: {"score": float(t.score), "max_score": float(t.max_score)}
                        for t in result.tasks}}
    # Errors in the student's code, each once with its place; the tasks' cells point here.
    errors_html = (f'<div class="autograder"><style>{CONCEPT_STYLE}</style>'
                   f'{code_errors_html(result)}</div>') if result.code_errors else ""
    html = with_scores(f'<table class="autograder-summary">{table}</table><p>{note}</p>{errors_html}',
                       scores)
    plain = "\n".join([*(f"{name}: {value}" for name, value in rows), note,
                        *code_errors_markdown(result.code_errors)])
    return [nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": plain})]

