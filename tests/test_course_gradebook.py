"""The course step's parts that talk to nbgrader, each against nbgrader's real API.

- the grade cells the build adds to a notebook, and how the recorder fills
  them: nbgrader's own ``determine_grade`` must read back the autograder's score;
- the export plugins on a gradebook made with nbgrader's ``Gradebook`` API
  (roster, statuses, late penalties, manual scores, weights, LMS layouts);
- the late penalty plugin, as nbgrader's ``AssignLatePenalties`` calls it.
"""
from __future__ import annotations

import csv
import datetime
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import determine_grade

from autograder.course.errors import CourseError
from autograder.course.export import export_gradebook
from autograder.course.grade_cells import SUMMARY_ID, graded_tasks
from autograder.course.late_penalty import PercentPerDay
from autograder.course.notebooks import build_notebook
from autograder.course.recording import GradeCellMismatch, Lateness, fill_cells
from autograder.course.feedback import read_scores
from autograder.grading_results import ConceptResult, SubmissionResult, TaskKind, TaskResult
from autograder.manifest import assignments, get_assignment
from autograder.model_grading import MODEL_TASKS, _all_zero

# nbgrader's own add_submission warns about its session; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


# ----------------------------------------------------------------------------- grade cells

@pytest.mark.parametrize("assignment_id", list(assignments()))
def test_every_graded_task_is_one_grade_cell_worth_its_points(assignment_id, tmp_path):
    assignment = get_assignment(assignment_id)
    nb = nbformat.read(build_notebook(assignment, tmp_path / "nb.ipynb"), as_version=4)
    cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
             if c.metadata.nbgrader.get("grade") and c.cell_type == "code"}
    tasks = graded_tasks(assignment)
    assert {t.grade_id: t.points for t in tasks} == {k: c.metadata.nbgrader["points"] for k, c in cells.items()}
    assert all(c.metadata.nbgrader["locked"] and not c.metadata.nbgrader["solution"] for c in cells.values())
    ids = [c.metadata.nbgrader["grade_id"] for c in nb.cells]
    assert ids.index(SUMMARY_ID) < ids.index("selfcheck-md"), "the section comes before the self-check"
    written = [c for c in nb.cells if c.metadata.nbgrader.get("grade_id") == "written"]
    assert written and written[0].metadata.nbgrader["points"] > 0, "the written answer counts"


def test_a_model_tasks_points_are_its_concepts_points():
    for task in MODEL_TASKS.values():
        assert sum(c.max_score for c in _all_zero(task, "missing", "", "")) == task.max_score


def _result(assignment_id: str, scores: dict[str, float]) -> SubmissionResult:
    """A result with one concept per task, scored as ``scores`` says (default: full)."""
    tasks = []
    for task in graded_tasks(get_assignment(assignment_id)):
        earned = scores.get(task.label, task.points)
        tasks.append(TaskResult(task.kind, task.name, [ConceptResult(
            task.name, "everything", earned, task.points, "passed" if earned == task.points else "failed",
            message_en="<b>not html</b>", message_ko="틀림")]))
    return SubmissionResult("ann", assignment_id, tasks)


def test_recorded_cells_read_back_as_the_autograders_scores(tmp_path):
    assignment = get_assignment("cnn331_convolution")
    nb = nbformat.read(build_notebook(assignment, tmp_path / "nb.ipynb"), as_version=4)
    result = _result(assignment.id, {"conv.conv2d_single": 2.5})
    result.skipped = ["<img src=x>.py: a link"]
    due = datetime.datetime(2025, 3, 14, 14, 59)
    fill_cells(nb, result, Lateness(due + datetime.timedelta(hours=2), due, 7200.0))
    by_id = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells}
    for task in result.tasks:
        cell = by_id["autograder-" + task.name.replace(".", "-")]
        assert determine_grade(cell) == (task.score, task.max_score)   # what SaveAutoGrades stores
        html = cell.outputs[0]["data"]["text/html"]
        if task.score < task.max_score:   # the failed concept's message, escaped
            assert "&lt;b&gt;not html&lt;/b&gt;" in html and "<b>not html</b>" not in html
    summary = by_id[SUMMARY_ID].outputs[0]["data"]
    assert "2시간 (2 h)" in summary["text/plain"] and "15.5 / 20" in summary["text/plain"]
    assert read_scores(summary["text/html"])["seconds_late"] == 7200.0
    assert "&lt;img src=x&gt;.py" in summary["text/html"] and "<img" not in summary["text/html"]


def test_the_recorder_refuses_cells_that_do_not_match_the_grading(tmp_path):
    assignment = get_assignment("cnn331_convolution")
    nb = nbformat.read(build_notebook(assignment, tmp_path / "nb.ipynb"), as_version=4)
    on_time = Lateness(None, None, 0.0)
    fewer = _result(assignment.id, {})
    fewer.tasks = fewer.tasks[1:]
    with pytest.raises(GradeCellMismatch, match="has no graded task"):
        fill_cells(nb, fewer, on_time)
    more = _result(assignment.id, {})
    more.tasks.append(TaskResult(TaskKind.FUNCTION, "conv.conv2d", []))
    with pytest.raises(GradeCellMismatch, match="no grade cell for"):
        fill_cells(nb, more, on_time)
    cell = next(c for c in nb.cells if c.metadata.nbgrader["grade_id"] == "autograder-conv-conv2d_single")
    cell.metadata.nbgrader["points"] = 3
    with pytest.raises(GradeCellMismatch, match="worth 3 points"):
        fill_cells(nb, _result(assignment.id, {}), on_time)


# ----------------------------------------------------------------------------- exports

DUE = datetime.datetime(2025, 3, 14, 15, 0)


@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory) -> dict[str, Path]:
    """Two gradebooks made with nbgrader's API (made once: nbgrader's set-up takes seconds).

    ``"empty"``: two assignments, three students on the roster, nothing submitted.
    ``"graded"``: the same, with submissions. ann: both submitted, cnn331 26
    hours late with a penalty of 2, a manual score over one automatic score;
    her cnn31 written answer still needs grading. ben: only cnn31, on time.
    cho: nothing (on the roster, with an LMS id).
    """
    folder = tmp_path_factory.mktemp("gradebooks")
    with pytest.MonkeyPatch.context() as patch:
        # nbgrader runs its environment's `alembic` when it creates a database
        patch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
        gb = Gradebook(f"sqlite:///{folder / 'graded.db'}")
    try:
        for name, cells in (("cnn331_convolution", {"autograder-conv-conv2d_single": 7.0,
                                                    "autograder-shapes-conv_output_size": 13.0,
                                                    "written": 3.0}),
                            ("cnn31_flatten_mlp", {"autograder-shapes-flatten": 9.0,
                                                   "autograder-params-dense_params": 5.0,
                                                   "written": 3.0})):
            gb.add_assignment(name, duedate=DUE)
            gb.add_notebook(name, name)
            for cell, points in cells.items():
                gb.add_grade_cell(cell, name, name, max_score=points,
                                  cell_type="markdown" if cell == "written" else "code")
        gb.add_student("ann", first_name="Ann", last_name="Lee", email="ann@example.com")
        gb.add_student("ben", first_name="Ben", last_name="Park")
        gb.add_student("cho", first_name="Cho", last_name="Kim", lms_user_id="9001")
        shutil.copy(folder / "graded.db", folder / "empty.db")

        def grade(assignment, student, cell, auto, manual=None):
            g = gb.find_grade(cell, assignment, assignment, student)
            g.auto_score, g.manual_score = auto, manual
            g.needs_manual_grade = auto is None and manual is None

        gb.add_submission("cnn331_convolution", "ann", timestamp=DUE + datetime.timedelta(hours=26))
        grade("cnn331_convolution", "ann", "autograder-conv-conv2d_single", 3.0, manual=6.0)
        grade("cnn331_convolution", "ann", "autograder-shapes-conv_output_size", 13.0)
        grade("cnn331_convolution", "ann", "written", None, manual=1.0)
        gb.find_submission_notebook("cnn331_convolution", "cnn331_convolution", "ann") \
            .late_submission_penalty = 2.0
        gb.add_submission("cnn31_flatten_mlp", "ann", timestamp=DUE - datetime.timedelta(hours=1))
        grade("cnn31_flatten_mlp", "ann", "autograder-shapes-flatten", 9.0)
        grade("cnn31_flatten_mlp", "ann", "autograder-params-dense_params", 5.0)
        grade("cnn31_flatten_mlp", "ann", "written", None)
        gb.add_submission("cnn31_flatten_mlp", "ben", timestamp=DUE - datetime.timedelta(days=1))
        grade("cnn31_flatten_mlp", "ben", "autograder-shapes-flatten", 4.5)
        grade("cnn31_flatten_mlp", "ben", "autograder-params-dense_params", 0.0)
        grade("cnn31_flatten_mlp", "ben", "written", 0.0)
        gb.db.commit()
    finally:
        gb.close()
    return {"empty": folder / "empty.db", "graded": folder / "graded.db"}


@pytest.fixture
def course(tmp_path, gradebooks) -> Path:
    """A course directory holding (a copy of) the graded gradebook."""
    shutil.copy(gradebooks["graded"], tmp_path / "gradebook.db")
    return tmp_path


def _rows(path: Path, key: str) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


def test_course_gradebook_has_the_roster_statuses_and_nbgraders_totals(course):
    rows = _rows(export_gradebook(course), "student_id")
    assert list(rows) == ["ann", "ben", "cho"]
    header = list(rows["ann"])
    assert header.index("cnn31_flatten_mlp") < header.index("cnn331_convolution"), "lecture order"
    ann, ben, cho = rows["ann"], rows["ben"], rows["cho"]
    # manual 6 over automatic 3, plus 13 and the written 1, minus the penalty 2
    assert ann["cnn331_convolution"] == "18" and ann["cnn331_convolution late penalty"] == "2"
    assert ann["cnn331_convolution status"] == "late by 1 d 2 h"
    assert ann["cnn31_flatten_mlp status"] == "on time; needs manual grading"
    assert ben["cnn31_flatten_mlp"] == "4.5" and ben["cnn331_convolution status"] == "not submitted"
    assert cho["cnn31_flatten_mlp"] == cho["cnn331_convolution"] == "0" and cho["lms_user_id"] == "9001"
    assert ann["total"] == "32" and ann["max"] == "40" and ann["percent"] == "80.00"


def test_weights_set_the_percentage_and_must_cover_every_assignment(course):
    weights = {"cnn31_flatten_mlp": 1, "cnn331_convolution": 3, "cnn99_later": 5}   # later: ignored
    rows = _rows(export_gradebook(course, weights=weights), "student_id")
    assert float(rows["ann"]["percent"]) == pytest.approx(100 * (14 / 17 + 3 * 18 / 23) / 4, abs=0.01)
    assert float(rows["ben"]["percent"]) == pytest.approx(100 * (4.5 / 17) / 4, abs=0.01)
    with pytest.raises(CourseError, match="no weight for cnn331_convolution"):
        export_gradebook(course, weights={"cnn31_flatten_mlp": 1})


def test_lms_files_have_the_layouts_canvas_and_moodle_import(course):
    with open(export_gradebook(course, layout="canvas"), newline="", encoding="utf-8") as fh:
        canvas = list(csv.reader(fh))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         "cnn31_flatten_mlp", "cnn331_convolution"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "17", "23"]
    assert canvas[2] == ["Lee, Ann", "", "ann", "ann", "", "14", "18"]
    assert canvas[4] == ["Kim, Cho", "9001", "cho", "cho", "", "0", "0"]
    moodle = _rows(export_gradebook(course, layout="moodle"), "Username")
    assert moodle["cho"]["ID number"] == "9001" and moodle["ann"]["Email address"] == "ann@example.com"
    assert moodle["ben"]["cnn31_flatten_mlp"] == "4.5"


def test_exporting_before_anything_was_graded_says_what_to_run(tmp_path, gradebooks):
    with pytest.raises(CourseError, match="no gradebook .* run `python -m autograder.course grade"):
        export_gradebook(tmp_path)
    shutil.copy(gradebooks["empty"], tmp_path / "gradebook.db")
    with pytest.raises(CourseError, match="no graded submission"):
        export_gradebook(tmp_path)


# ----------------------------------------------------------------------------- late penalty

def test_percent_per_day_counts_started_days_after_the_grace_period():
    plugin = PercentPerDay(percent_per_day=10, max_percent=25, grace_minutes=15)
    assert plugin.late_submission_penalty("ann", 20.0, 10 * 60) is None          # within the grace
    assert plugin.late_submission_penalty("ann", 20.0, 16 * 60) == pytest.approx(2.0)   # day 1
    assert plugin.late_submission_penalty("ann", 20.0, 86400 + 20 * 60) == pytest.approx(4.0)  # day 2
    assert plugin.late_submission_penalty("ann", 20.0, 10 * 86400) == pytest.approx(5.0)   # capped


def test_roster_names_cannot_become_spreadsheet_formulas(course):
    """A roster entry is student-controlled text; every LMS file shows it as text."""
    gb = Gradebook(f"sqlite:///{course / 'gradebook.db'}")
    try:
        gb.add_student("dan", first_name='=HYPERLINK("http://evil.example","x")',
                       last_name="+1-2", email="@SUM(A1)")
        gb.db.commit()
    finally:
        gb.close()
    rows = _rows(export_gradebook(course), "student_id")
    assert rows["dan"]["first_name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows["dan"]["last_name"] == "'+1-2" and rows["dan"]["email"] == "'@SUM(A1)"
    assert rows["dan"]["cnn31_flatten_mlp"] == "0"
    with open(export_gradebook(course, layout="canvas"), newline="", encoding="utf-8") as fh:
        assert all(not cell.startswith(("=", "+", "@")) for row in csv.reader(fh) for cell in row)
