"""Markdown feedback for students, in Korean with English alongside.

Text the student controls (printed output, exception messages, returned
values, file names) never leaves its place: free text goes through
:func:`md_text` (no markup, no HTML) and :func:`quote`, literal blocks through
:func:`fenced`, whose fence is longer than any run of backticks in the text.
Gradescope renders this Markdown, so the same rules keep its page ours.
"""
from __future__ import annotations

import re

from ..grading_results import ConceptResult, SubmissionResult, TaskKind, TaskResult
from ..vocabulary import ABORTS, Text, status_label


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


SKIPPED_TITLE = Text("읽지 않은 파일", "files not read")
SKIPPED_NOTE = Text("채점기는 크기 제한 안의 일반 파일만 읽습니다. 링크, 장치, FIFO, 너무 깊은 폴더와 너무 큰 파일은 건너뜁니다:",
                    "The grader reads regular files within the size limits only; links, devices, "
                    "FIFOs, folders nested too deep and files too large are left out:")


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
             quote(concept.message_ko), quote(concept.message_en)]
    if concept.diagnosis_en:
        lines += ["", f"**가능한 원인 (likely mistake):** {md_text(concept.diagnosis_ko)}",
                  "", md_text(concept.diagnosis_en)]
    cx = concept.counterexample
    if cx:
        ko, en = example_label(concept)
        call = "\n".join([cx.call] + [f"{name} = {text}" for name, text in cx.arguments.items()])
        lines += ["", f"{ko} ({en}):", "", *fenced(call, "python")]
        if cx.detail:
            lines += ["", f"차이 (what differs): {md_text(cx.detail)}"]
        if cx.expected not in ("None", ""):
            lines += ["", "기대한 값 (expected):", *fenced(cx.expected)]
        lines += ["받은 값 (received):", *fenced(cx.received)]
    if concept.output:
        lines += ["", "출력된 내용 (your code printed):", *fenced(concept.output.rstrip())]
    return "\n".join(lines)


def to_markdown(result: SubmissionResult) -> str:
    """A whole submission's feedback as one Markdown document."""
    title = f"# 채점 결과 (grading report): {md_text(result.student)}"
    if result.assignment:
        title += f" — {result.assignment}"
    lines = [title, "", f"**총점 (total): {result.score:g} / {result.max_score:g}**", "",
             "| 채점 항목 (graded) | 점수 (score) | 통과한 개념 (concepts passed) |", "|---|---|---|"]
    for task in result.tasks:
        passed = sum(c.passed for c in task.concepts)
        title = task_title(task)
        lines.append(f"| {title.ko} ({title.en}) | {task.score:g} / {task.max_score:g} | "
                     f"{passed} / {len(task.concepts)} |")
    if result.skipped:
        lines += ["", f"## {SKIPPED_TITLE.ko} ({SKIPPED_TITLE.en})", "",
                  md_text(SKIPPED_NOTE.ko), "", md_text(SKIPPED_NOTE.en), ""]
        lines += [f"- {md_text(line)}" for line in result.skipped]
    for task in result.tasks:
        title = task_title(task)
        lines += ["", f"## {title.ko} ({title.en}) — {task.score:g} / {task.max_score:g}", ""]
        for c in task.concepts:
            mark = "✅" if c.passed else "❌"
            lines.append(f"### {mark} {c.concept} ({c.score:g} / {c.max_score:g})")
            if not c.passed:
                lines += ["", concept_feedback(c), ""]
    lines += ["", f"<sub>autograder {md_text(result.grader_version)}, isolation: "
                  f"{md_text(result.isolation)}, {result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)
