"""A self-contained HTML feedback page (no scripts, no external files)."""
from __future__ import annotations

from html import escape

from ..grading_results import ConceptResult, SubmissionResult, TaskResult
from ..vocabulary import status_label
from .markdown import SKIPPED_NOTE, SKIPPED_TITLE, example_label, task_title

STYLE = """
body{font-family:system-ui,'Noto Sans KR',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.pass{color:#17642a}.fail{color:#a11}pre{background:#f5f5f5;padding:.6rem;overflow-x:auto}
details{margin:.4rem 0 1rem 1rem}.hint{border-left:4px solid #a11;padding-left:.6rem}
.en{color:#555;font-style:italic}
"""


def _concept_html(c: ConceptResult) -> str:
    if c.passed:
        return f'<li class="pass">✅ {escape(c.concept)} ({c.score:g} / {c.max_score:g})</li>'
    parts = [f'<li class="fail">❌ <b>{escape(c.concept)}</b> ({c.score:g} / {c.max_score:g}) — '
             f'{escape(status_label(c.status).ko)} ({escape(c.status)})',
             f'<div class="hint"><p>{escape(c.message_ko)}</p><p class="en">{escape(c.message_en)}</p>']
    if c.diagnosis_en:
        parts.append(f"<p><b>가능한 원인 (likely mistake):</b> {escape(c.diagnosis_ko)}<br>"
                     f'<span class="en">{escape(c.diagnosis_en)}</span></p>')
    parts.append("</div>")
    cx = c.counterexample
    if cx:
        args = "\n".join(f"{escape(k)} = {escape(v)}" for k, v in cx.arguments.items())
        ko, en = example_label(c)
        parts.append(f"<details open><summary>{escape(ko)} ({escape(en)})</summary>"
                     f"<pre>{escape(cx.call)}\n{args}</pre>")
        if cx.detail:
            parts.append(f"<p>차이 (what differs): {escape(cx.detail)}</p>")
        if cx.expected not in ("None", ""):
            parts.append(f"<p>기대한 값 (expected):</p><pre>{escape(cx.expected)}</pre>")
        parts.append(f"<p>받은 값 (received):</p><pre>{escape(cx.received)}</pre></details>")
    if c.output:
        parts.append(f"<p>출력된 내용 (your code printed):</p><pre>{escape(c.output)}</pre>")
    parts.append("</li>")
    return "".join(parts)


def _title_html(task: TaskResult) -> str:
    """The task's bilingual title, with `code` spans as <code>."""
    title = task_title(task)
    text = escape(title.ko if title.ko == title.en else f"{title.ko} ({title.en})")
    parts = text.split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def to_html(result: SubmissionResult) -> str:
    """A whole submission's feedback as one HTML page."""
    rows = "".join(
        f"<tr><td>{_title_html(task)}</td>"
        f"<td>{task.score:g} / {task.max_score:g}</td></tr>" for task in result.tasks)
    sections = "".join(
        f"<h2>{_title_html(task)} — {task.score:g} / {task.max_score:g}</h2><ul>"
        + "".join(_concept_html(c) for c in task.concepts) + "</ul>" for task in result.tasks)
    if result.skipped:
        items = "".join(f"<li><code>{escape(line)}</code></li>" for line in result.skipped)
        sections = (f"<h2>{escape(SKIPPED_TITLE.ko)} ({escape(SKIPPED_TITLE.en)})</h2>"
                    f"<p>{escape(SKIPPED_NOTE.ko)}<br><span class=\"en\">{escape(SKIPPED_NOTE.en)}"
                    f"</span></p><ul>{items}</ul>" + sections)
    title = escape(f"{result.student} — {result.assignment or 'all functions'}")
    return (f"<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
            f"<title>채점 결과: {title}</title><style>{STYLE}</style></head><body>"
            f"<h1>채점 결과 (grading report)</h1><p>{title}</p>"
            f"<p><b>총점 (total): {result.score:g} / {result.max_score:g}</b></p>"
            f"<table><tr><th>채점 항목 (graded)</th><th>점수 (score)</th></tr>{rows}</table>"
            f"{sections}<p><small>autograder {escape(result.grader_version)}, isolation: "
            f"{escape(result.isolation)}, {result.seconds:.1f} s</small></p></body></html>")
