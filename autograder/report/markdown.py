"""Markdown feedback for students, in Korean with English alongside."""
from __future__ import annotations

from ..grading_results import ConceptResult, SubmissionResult, TaskKind, TaskResult
from ..vocabulary import ABORTS, Text, status_label


def task_title(task: TaskResult) -> Text:
    """How a report names a task: a function, a function's speed, or a trained network."""
    kind = TaskKind(task.kind)
    if kind is TaskKind.SPEED:
        return Text(f"`{task.name}` 속도", f"`{task.name}` speed")
    if kind is TaskKind.MODEL:
        return Text(f"학습한 신경망 `{task.name}`", f"trained network `{task.name}`")
    return Text(f"`{task.name}`", f"`{task.name}`")


def example_label(concept: ConceptResult) -> tuple[str, str]:
    """(Korean, English) heading for a concept's example: shrunk, or where it stopped."""
    if concept.status in ABORTS:
        return "문제가 생긴 입력", "the input where it happened (not shrunk)"
    return "가장 작은 반례", "smallest failing example"


def concept_feedback(concept: ConceptResult) -> str:
    """The teaching text for one failed concept: hint, likely mistake, smallest example."""
    if concept.passed:
        return "통과 (passed)" + (f" — {concept.message_ko} ({concept.message_en})"
                                  if concept.message_en else "")
    lines = [f"**{status_label(concept.status).ko} ({concept.status})**",
             f"> {concept.message_ko}", f"> {concept.message_en}"]
    if concept.diagnosis_en:
        lines += ["", f"**가능한 원인 (likely mistake):** {concept.diagnosis_ko}",
                  f"*{concept.diagnosis_en}*"]
    cx = concept.counterexample
    if cx:
        ko, en = example_label(concept)
        lines += ["", f"{ko} ({en}):", "", "```python", cx.call]
        for name, text in cx.arguments.items():
            lines.append(f"{name} = {text}")
        lines.append("```")
        if cx.detail:
            lines += ["", f"차이 (what differs): {cx.detail}"]
        if cx.expected not in ("None", ""):
            lines += ["", "기대한 값 (expected):", "```", cx.expected, "```"]
        lines += ["받은 값 (received):", "```", cx.received, "```"]
    if concept.output:
        lines += ["", "출력된 내용 (your code printed):", "```", concept.output.rstrip(), "```"]
    return "\n".join(lines)


def task_markdown(task: TaskResult, heading: str = "###") -> str:
    """One task's concepts in Markdown, each under a ``heading`` line with its mark and score."""
    lines = []
    for c in task.concepts:
        mark = "✅" if c.passed else "❌"
        lines.append(f"{heading} {mark} {c.concept} ({c.score:g} / {c.max_score:g})")
        if not c.passed:
            lines += ["", concept_feedback(c), ""]
    return "\n".join(lines)


def to_markdown(result: SubmissionResult) -> str:
    """A whole submission's feedback as one Markdown document."""
    title = f"# 채점 결과 (grading report): {result.student}"
    if result.assignment:
        title += f" — {result.assignment}"
    lines = [title, "", f"**총점 (total): {result.score:g} / {result.max_score:g}**", "",
             "| 채점 항목 (graded) | 점수 (score) | 통과한 개념 (concepts passed) |", "|---|---|---|"]
    for task in result.tasks:
        passed = sum(c.passed for c in task.concepts)
        title = task_title(task)
        lines.append(f"| {title.ko} ({title.en}) | {task.score:g} / {task.max_score:g} | "
                     f"{passed} / {len(task.concepts)} |")
    for task in result.tasks:
        title = task_title(task)
        lines += ["", f"## {title.ko} ({title.en}) — {task.score:g} / {task.max_score:g}", "",
                  task_markdown(task)]
    lines += ["", f"<sub>autograder {result.grader_version}, isolation: {result.isolation}, "
                  f"{result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)
