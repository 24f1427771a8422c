"""The autograder's part of a notebook: one nbgrader grade cell per graded task.

nbgrader computes totals, late penalties, exports and formgrader's views from
the grade cells recorded in ``gradebook.db``. So every task the autograder
grades (a function, a function's speed, a trained network) is one locked,
autograded code cell of the assignment's notebook, worth exactly the task's
points. ``nbgrader generate_assignment`` records them like any grade cell;
when a submission is autograded, :mod:`autograder.course.recording` fills
each one with that task's result and score. The cells are generated from the
manifest at build time (never written by hand), so their points cannot drift
from the grader's.

The section sits just before the self-check::

    autograder-md          markdown: what is graded, for how many points
    autograder-summary     code, locked: filled with the submission time, lateness, the total
    autograder-<task>      code, locked, graded: one per task, filled with its result
"""
from __future__ import annotations

from dataclasses import dataclass

import nbformat

from autograder.grading_results import TaskKind, TaskResult
from autograder.manifest import Assignment, models_for, specs_for, speed_for
from autograder.report import task_title
from autograder.vocabulary import Text

PREFIX = "autograder-"
SECTION_ID = PREFIX + "md"
SUMMARY_ID = PREFIX + "summary"
SELF_CHECK_ID = "selfcheck-md"   # the section goes before this cell when the notebook has it


@dataclass(frozen=True)
class GradedTask:
    """One task an assignment grades, as its grade cell knows it."""
    kind: TaskKind
    name: str          # as TaskResult.name: "conv.conv2d", or the network's name
    points: float

    @property
    def grade_id(self) -> str:
        return grade_id(TaskResult(self.kind, self.name))

    @property
    def label(self) -> str:
        return TaskResult(self.kind, self.name).label


def grade_id(task: TaskResult) -> str:
    """The grade cell id of a task: ``autograder-conv-conv2d``, ``...-conv2d-speed``, ``...-mnist_cnn-model``."""
    base = PREFIX + task.name.replace(".", "-")
    return {TaskKind.FUNCTION: base, TaskKind.SPEED: base + "-speed",
            TaskKind.MODEL: base + "-model"}[TaskKind(task.kind)]


def is_autograder_cell(grade_id_: str) -> bool:
    return grade_id_.startswith(PREFIX) and grade_id_ not in (SECTION_ID, SUMMARY_ID)


def graded_tasks(assignment: Assignment) -> list[GradedTask]:
    """The tasks ``assignment`` grades, in the order the grader grades them, with their points."""
    return ([GradedTask(TaskKind.FUNCTION, spec.qualname, float(spec.max_score))
             for spec in specs_for(assignment.id)]
            + [GradedTask(TaskKind.SPEED, f"{t.module}.{t.function}", float(t.max_score))
               for t in speed_for(assignment.id)]
            + [GradedTask(TaskKind.MODEL, t.name, float(t.max_score)) for t in models_for(assignment.id)])


def _meta(grade_id_: str, points: float | None = None) -> dict:
    meta = {"grade": points is not None, "grade_id": grade_id_, "locked": True,
            "schema_version": 3, "solution": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _plain(text: str) -> str:
    return text.replace("`", "")


def _section_text(tasks: list[GradedTask], written_points: float) -> str:
    rows = []
    for task in tasks:
        title = task_title(TaskResult(task.kind, task.name))
        rows.append(f"| {title.ko if title.ko == title.en else f'{title.ko} ({title.en})'} "
                    f"| {task.points:g} |")
    if written_points:
        rows.append(f"| 서술형 답 (written answer): 채점자가 읽고 채점 (graded by hand) | {written_points:g} |")
    kinds = {task.kind for task in tasks}
    graded = Text("와 ".join(ko for k, ko in ((TaskKind.FUNCTION, "모듈 파일 (`.py`) 속 여러분의 함수"),
                                               (TaskKind.MODEL, "저장한 가중치 파일 (`.npz`)")) if k in kinds),
                  " and ".join(en for k, en in ((TaskKind.FUNCTION, "your functions in the module files (`.py`)"),
                                                (TaskKind.MODEL, "the weights you saved (`.npz`)")) if k in kinds))
    return "\n".join([
        "## 자동 채점 (autograded)",
        "",
        f"제출한 뒤 채점기가 아래 셀들을 채웁니다. 채점하는 것은 {graded.ko}이고, "
        "항목마다 한 셀에 점수와 개념별 결과, 틀린 개념의 가장 작은 반례와 힌트가 나옵니다. "
        "이 셀들은 지금 실행해도 아무 일도 하지 않습니다. 제출하기 전에는 맨 아래의 자가 점검을 실행하세요.",
        "",
        f"*After you submit, the grader fills the cells below. What is graded is {graded.en}; each "
        "item has one cell with its score, the result of every concept and, for a failed concept, "
        "the smallest failing example and a hint. Running these cells now does nothing. Before you "
        "submit, run the self-check at the bottom.*",
        "",
        "| 채점 항목 (graded) | 배점 (points) |",
        "|---|---|",
        *rows,
    ])


def autograder_cells(assignment: Assignment, written_points: float = 0.0) -> list[nbformat.NotebookNode]:
    """The section's cells for ``assignment`` (see the module docstring)."""
    tasks = graded_tasks(assignment)
    cells = [
        nbformat.v4.new_markdown_cell(_section_text(tasks, written_points),
                                      metadata=_meta(SECTION_ID)),
        nbformat.v4.new_code_cell(
            "# 채점 요약: 제출 시각, 마감, 자동 채점 점수 (제출 후 채점기가 채웁니다)\n"
            "# Grading summary: submitted at, due date, autograded score (filled by the grader)",
            metadata=_meta(SUMMARY_ID)),
    ]
    for task in tasks:
        title = task_title(TaskResult(task.kind, task.name))
        cells.append(nbformat.v4.new_code_cell(
            f"# 자동 채점: {_plain(title.ko)} — {task.points:g}점 (제출 후 채점기가 채웁니다)\n"
            f"# Autograded: {_plain(title.en)} — {task.points:g} points (filled by the grader)",
            metadata=_meta(task.grade_id, task.points)))
    return cells


def insert_autograder_cells(nb: nbformat.NotebookNode, assignment: Assignment) -> None:
    """Put the section into ``nb`` before its self-check (in place).

    Raises
    ------
    ValueError
        When the notebook already has cells with the section's ids.
    """
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    taken = [i for i in ids if i.startswith(PREFIX)]
    if taken:
        raise ValueError(f"{assignment.id}: grade ids starting with {PREFIX!r} are the grader's: {taken}")
    written = sum(float(c.metadata["nbgrader"].get("points", 0)) for c in nb.cells
                  if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade"))
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    at = ids.index(SELF_CHECK_ID) if SELF_CHECK_ID in ids else (code[-1] if code else len(nb.cells))
    nb.cells[at:at] = autograder_cells(assignment, written)
