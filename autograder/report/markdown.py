"""Markdown feedback for students, in Korean with English alongside."""
from __future__ import annotations

from ..results import ConceptResult, SubmissionResult

STATUS_KO = {
    "passed": "통과", "failed": "실패", "timeout": "시간 초과", "crashed": "비정상 종료",
    "memory": "메모리 초과", "missing": "없음", "import_error": "불러오기 실패",
    "skipped": "건너뜀", "not implemented": "미구현", "error": "채점 오류",
}


def example_label(concept: ConceptResult) -> tuple[str, str]:
    """(Korean, English) heading for a concept's example: shrunk, or where it stopped."""
    if concept.status in ("timeout", "crashed", "memory"):
        return "문제가 생긴 입력", "the input where it happened (not shrunk)"
    return "가장 작은 반례", "smallest failing example"


def concept_feedback(concept: ConceptResult) -> str:
    """The teaching text for one failed concept: hint, likely mistake, smallest example."""
    if concept.passed:
        return "통과 (passed)" + (f" — {concept.message_ko} ({concept.message_en})"
                                  if concept.message_en else "")
    lines = [f"**{STATUS_KO.get(concept.status, concept.status)} ({concept.status})**",
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


def to_markdown(result: SubmissionResult) -> str:
    """A whole submission's feedback as one Markdown document."""
    title = f"# 채점 결과 (grading report): {result.student}"
    if result.assignment:
        title += f" — {result.assignment}"
    lines = [title, "", f"**총점 (total): {result.score:g} / {result.max_score:g}**", "",
             "| 함수 (function) | 점수 (score) | 통과한 개념 (concepts passed) |", "|---|---|---|"]
    for f in result.functions:
        passed = sum(c.passed for c in f.concepts)
        lines.append(f"| `{f.module}.{f.function}` | {f.score:g} / {f.max_score:g} | "
                     f"{passed} / {len(f.concepts)} |")
    for f in result.functions:
        lines += ["", f"## `{f.function}` — {f.score:g} / {f.max_score:g}", ""]
        for c in f.concepts:
            mark = "✅" if c.passed else "❌"
            lines.append(f"### {mark} {c.concept} ({c.score:g} / {c.max_score:g})")
            if not c.passed:
                lines += ["", concept_feedback(c), ""]
    lines += ["", f"<sub>autograder {result.grader_version}, isolation: {result.isolation}, "
                  f"{result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)
