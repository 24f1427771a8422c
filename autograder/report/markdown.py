"""Markdown feedback for students, in Korean with English alongside."""
from __future__ import annotations

from ..grading_results import CodeError, ConceptResult, SubmissionResult, TaskKind, TaskResult
from ..vocabulary import ABORTS, Status, Text, both, label, status_label


def task_title(task: TaskResult) -> Text:
    """How a report names a task: a function, a function's speed, or a trained network."""
    kind = TaskKind(task.kind)
    if kind is TaskKind.SPEED:
        word = label("speed")
        return Text(f"`{task.name}` {word.ko}", f"`{task.name}` {word.en}")
    if kind is TaskKind.MODEL:
        word = label("trained network")
        return Text(f"{word.ko} `{task.name}`", f"{word.en} `{task.name}`")
    return Text(f"`{task.name}`", f"`{task.name}`")


def example_label(concept: ConceptResult) -> tuple[str, str]:
    """(Korean, English) heading for a concept's example: shrunk, or where it stopped."""
    text = label("where it happened" if concept.status in ABORTS else "smallest example")
    return text.ko, text.en


def shared_failure(task: TaskResult) -> ConceptResult | None:
    """The one failure every concept of ``task`` shares (a module that does not import, a
    missing function, a stub), so reports say it once instead of once per concept."""
    first = task.concepts[0] if task.concepts else None
    if first is None or len(task.concepts) < 2 or first.status in (Status.PASSED, Status.FAILED):
        return None
    same = all((c.status, c.message_en, c.message_ko) == (first.status, first.message_en,
                                                        first.message_ko) for c in task.concepts)
    return first if same else None


def code_errors_markdown(errors: list[CodeError]) -> list[str]:
    """The errors in the student's code, each once, as Python prints them (in code blocks)."""
    if not errors:
        return []
    lines = [f"## ⚠️ {both(label('code errors'))}", ""]
    for error in errors:
        lines += ["```text", error.excerpt(), "```", ""]
    return lines


def _message_lines(concept: ConceptResult) -> list[str]:
    lines = [f"> {concept.message_ko}"]
    if concept.message_en and concept.message_en != concept.message_ko:
        lines.append(f"> {concept.message_en}")
    return lines


def concept_feedback(concept: ConceptResult) -> str:
    """The teaching text for one failed concept: hint, likely mistake, smallest example."""
    if concept.passed:
        passed = status_label(Status.PASSED)
        return both(passed) + (f" — {concept.message_ko} ({concept.message_en})"
                               if concept.message_en else "")
    lines = [f"**{status_label(concept.status).ko} ({concept.status})**", *_message_lines(concept)]
    if concept.diagnosis_en:
        lines += ["", f"**{both(label('likely mistake'))}:** {concept.diagnosis_ko}",
                  f"*{concept.diagnosis_en}*"]
    cx = concept.counterexample
    if cx:
        ko, en = example_label(concept)
        lines += ["", f"{ko} ({en}):", "", "```python", cx.call]
        for name, text in cx.arguments.items():
            lines.append(f"{name} = {text}")
        lines.append("```")
        if cx.detail and cx.detail != concept.message_en:   # else the message already says it
            lines += ["", f"{both(label('what differs'))}: {cx.detail_ko or cx.detail}"]
            if cx.detail_ko and cx.detail_ko != cx.detail:
                lines.append(f"*{cx.detail}*")
        for key, text in (("expected", cx.expected), ("received", cx.received)):
            if text not in ("None", ""):
                lines += ["", f"{both(label(key))}:", "```", text, "```"]
    if concept.output:
        lines += ["", f"{both(label('printed'))}:", "```", concept.output.rstrip(), "```"]
    return "\n".join(lines)


def _task_markdown(task: TaskResult) -> list[str]:
    title = task_title(task)
    lines = ["", f"## {both(title)} — {task.score:g} / {task.max_score:g}", ""]
    shared = shared_failure(task)
    if shared is not None:
        everything = label("all concepts")
        lines += [f"### ❌ {both(everything)} (0 / {task.max_score:g})", "",
                  f"**{status_label(shared.status).ko} ({shared.status})**",
                  *_message_lines(shared), ""]
        return lines
    for c in task.concepts:
        mark = "✅" if c.passed else "❌"
        lines.append(f"### {mark} {both(c.title)} ({c.score:g} / {c.max_score:g})")
        if not c.passed:
            lines += ["", concept_feedback(c), ""]
    return lines


def to_markdown(result: SubmissionResult) -> str:
    """A whole submission's feedback as one Markdown document."""
    title = f"# {both(label('grading report'))}: {result.student}"
    if result.assignment:
        title += f" — {result.assignment}"
    head = [label(k) for k in ("graded", "score", "concepts passed")]
    lines = [title, "", f"**{both(label('total'))}: {result.score:g} / {result.max_score:g}**", "",
             "| " + " | ".join(both(h) for h in head) + " |", "|---|---|---|"]
    for task in result.tasks:
        passed = sum(c.passed for c in task.concepts)
        lines.append(f"| {both(task_title(task))} | {task.score:g} / {task.max_score:g} | "
                     f"{passed} / {len(task.concepts)} |")
    lines += [""] + code_errors_markdown(result.code_errors)
    for task in result.tasks:
        lines += _task_markdown(task)
    lines += ["", f"<sub>autograder {result.grader_version}, isolation: {result.isolation}, "
                  f"{result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)
