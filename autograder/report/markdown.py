"""Markdown feedback for students, in Korean with English alongside.

Text the student controls (printed output, exception messages, returned
values, lines of their code, file names) never leaves its place: free text goes
through :func:`md_text` (no markup, no HTML) and :func:`quote`, literal blocks
through :func:`fenced`, whose fence is longer than any run of backticks in the
text. Gradescope renders this Markdown, so the same rules keep its page ours.
"""
from __future__ import annotations

import re

from ..grading_results import CodeError, ConceptResult, SubmissionResult, TaskKind, TaskResult
from ..vocabulary import ABORTS, Status, Text, both, label, status_label

# Characters that open or close Markdown or HTML anywhere in a line, and those that
# do at the start of a line (lists, setext underlines).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
_LINE_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def md_text(text: str) -> str:
    """``text`` as plain Markdown text: every character shows as itself, none is markup."""
    text = _LINE_BREAK.sub("\n", str(text)).replace("&", "&amp;")
    return _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", text))


def quote(text: str) -> str:
    """``text`` as a block quote, line by line, as plain text."""
    return "\n".join(f"> {line}" for line in md_text(text).split("\n"))


def fenced(text: str, info: str = "") -> list[str]:
    """Lines of a fenced code block that shows ``text`` literally, whatever it holds."""
    text = _LINE_BREAK.sub("\n", str(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, text, fence]


SKIPPED_TITLE = label("files not read")
SKIPPED_NOTE = label("files not read note")


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


def heading_count(result: SubmissionResult) -> int:
    """How many headings :func:`to_markdown` writes: the title, the errors in the code and the
    files not read (when there are any), one per task, one per concept (one for a task whose
    concepts share one failure)."""
    return 1 + bool(result.code_errors) + bool(result.skipped) + sum(
        1 + (1 if shared_failure(task) else len(task.concepts)) for task in result.tasks)


def code_errors_markdown(errors: list[CodeError]) -> list[str]:
    """The errors in the student's code, each once, as Python prints them (literal blocks)."""
    if not errors:
        return []
    lines = [f"## ⚠️ {both(label('code errors'))}", ""]
    for error in errors:
        lines += [*fenced(error.excerpt(), "text"), ""]
    return lines


def _message_lines(concept: ConceptResult) -> list[str]:
    lines = [quote(concept.message_ko)]
    if concept.message_en and concept.message_en != concept.message_ko:
        lines.append(quote(concept.message_en))
    return lines


def concept_feedback(concept: ConceptResult) -> str:
    """The teaching text for one failed concept: hint, likely mistake, smallest example."""
    if concept.passed:
        passed = status_label(Status.PASSED)
        return both(passed) + (f" — {md_text(concept.message_ko)} ({md_text(concept.message_en)})"
                               if concept.message_en else "")
    lines = [f"**{status_label(concept.status).ko} ({concept.status})**", *_message_lines(concept)]
    if concept.diagnosis_en:
        lines += ["", f"**{both(label('likely mistake'))}:** {md_text(concept.diagnosis_ko)}",
                  "", md_text(concept.diagnosis_en)]
    cx = concept.counterexample
    if cx:
        ko, en = example_label(concept)
        call = "\n".join([cx.call] + [f"{name} = {text}" for name, text in cx.arguments.items()])
        lines += ["", f"{ko} ({en}):", "", *fenced(call, "python")]
        if cx.detail and cx.detail != concept.message_en:   # else the message already says it
            lines += ["", f"{both(label('what differs'))}: {md_text(cx.detail_ko or cx.detail)}"]
            if cx.detail_ko and cx.detail_ko != cx.detail:
                lines += ["", md_text(cx.detail)]
        for key, text in (("expected", cx.expected), ("received", cx.received)):
            if text not in ("None", ""):
                lines += ["", f"{both(label(key))}:", *fenced(text)]
    if concept.output:
        lines += ["", f"{both(label('printed'))}:", *fenced(concept.output.rstrip())]
    return "\n".join(lines)


def task_markdown(task: TaskResult, heading: str = "###") -> str:
    """One task's concepts in Markdown, each under a ``heading`` line with its mark and score."""
    shared = shared_failure(task)
    if shared is not None:
        everything = label("all concepts")
        return "\n".join([f"{heading} ❌ {both(everything)} (0 / {task.max_score:g})", "",
                          f"**{status_label(shared.status).ko} ({shared.status})**",
                          *_message_lines(shared), ""])
    lines = []
    for c in task.concepts:
        mark = "✅" if c.passed else "❌"
        lines.append(f"{heading} {mark} {md_text(both(c.title))} ({c.score:g} / {c.max_score:g})")
        if not c.passed:
            lines += ["", concept_feedback(c), ""]
    return "\n".join(lines)


def _task_markdown(task: TaskResult) -> list[str]:
    return ["", f"## {both(task_title(task))} — {task.score:g} / {task.max_score:g}", "",
            task_markdown(task)]


def to_markdown(result: SubmissionResult) -> str:
    """A whole submission's feedback as one Markdown document."""
    title = f"# {both(label('grading report'))}: {md_text(result.student)}"
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
    if result.skipped:
        lines += [f"## {SKIPPED_TITLE.ko} ({SKIPPED_TITLE.en})", "",
                  md_text(SKIPPED_NOTE.ko), "", md_text(SKIPPED_NOTE.en), ""]
        lines += [f"- {md_text(line)}" for line in result.skipped]
    for task in result.tasks:
        lines += _task_markdown(task)
    lines += ["", f"<sub>autograder {md_text(result.grader_version)}, isolation: "
                  f"{md_text(result.isolation)}, {result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)
