"""A self-contained HTML feedback page (no scripts, no external files)."""
from __future__ import annotations

from html import escape

from ..grading_results import CodeError, ConceptResult, SubmissionResult, TaskResult
from ..vocabulary import both, label, status_label
from .markdown import SKIPPED_NOTE, SKIPPED_TITLE, example_label, shared_failure, task_title

# The concept list's own look, also used where the list is embedded in another page.
CONCEPT_STYLE = """
.pass{color:#17642a}.fail{color:#a11}pre{background:#f5f5f5;padding:.6rem;overflow-x:auto}
pre,code{font-family:ui-monospace,'D2Coding','NanumGothicCoding',monospace;white-space:pre}
details{margin:.4rem 0 1rem 1rem}.hint{border-left:4px solid #a11;padding-left:.6rem}
.en{color:#555;font-style:italic}.errors{border:2px solid #a11;padding:0 1rem;margin:1rem 0}
"""
STYLE = """
body{font-family:system-ui,'Noto Sans KR',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
""" + CONCEPT_STYLE


def _messages(ko: str, en: str) -> str:
    english = f'<p class="en">{escape(en)}</p>' if en and en != ko else ""
    return f"<p>{escape(ko)}</p>{english}"


def _concept_html(c: ConceptResult) -> str:
    title = escape(both(c.title))
    if c.passed:
        return f'<li class="pass">✅ {title} ({c.score:g} / {c.max_score:g})</li>'
    parts = [f'<li class="fail">❌ <b>{title}</b> ({c.score:g} / {c.max_score:g}) — '
             f'{escape(status_label(c.status).ko)} ({escape(c.status)})',
             f'<div class="hint">{_messages(c.message_ko, c.message_en)}']
    if c.diagnosis_en:
        parts.append(f"<p><b>{escape(both(label('likely mistake')))}:</b> {escape(c.diagnosis_ko)}<br>"
                     f'<span class="en">{escape(c.diagnosis_en)}</span></p>')
    parts.append("</div>")
    cx = c.counterexample
    if cx:
        args = "\n".join(f"{escape(k)} = {escape(v)}" for k, v in cx.arguments.items())
        ko, en = example_label(c)
        parts.append(f"<details open><summary>{escape(ko)} ({escape(en)})</summary>"
                     f"<pre>{escape(cx.call)}\n{args}</pre>")
        if cx.detail and cx.detail != c.message_en:
            parts.append(f"<p>{escape(both(label('what differs')))}: "
                         f"{escape(cx.detail_ko or cx.detail)}</p>")
            if cx.detail_ko and cx.detail_ko != cx.detail:
                parts.append(f'<p class="en">{escape(cx.detail)}</p>')
        for key, text in (("expected", cx.expected), ("received", cx.received)):
            if text not in ("None", ""):
                parts.append(f"<p>{escape(both(label(key)))}:</p><pre>{escape(text)}</pre>")
        parts.append("</details>")
    if c.output:
        parts.append(f"<p>{escape(both(label('printed')))}:</p><pre>{escape(c.output)}</pre>")
    parts.append("</li>")
    return "".join(parts)


def _title_html(task: TaskResult) -> str:
    """The task's bilingual title, with `code` spans as <code>."""
    text = escape(both(task_title(task)))
    parts = text.split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _errors_html(errors: list[CodeError]) -> str:
    """Each error in the student's code once, with its line and caret (whitespace kept)."""
    if not errors:
        return ""
    blocks = "".join(f"<pre>{escape(error.excerpt())}</pre>" for error in errors)
    return f'<div class="errors"><h2>⚠️ {escape(both(label("code errors")))}</h2>{blocks}</div>'


def task_html(task: TaskResult) -> str:
    """One task's concepts as an HTML list (what a feedback page shows under the task's heading)."""
    shared = shared_failure(task)
    if shared is not None:
        return (f'<ul><li class="fail">❌ <b>{escape(both(label("all concepts")))}</b> '
                f"(0 / {task.max_score:g}) — {escape(status_label(shared.status).ko)} "
                f"({escape(shared.status)})<div class=\"hint\">"
                f"{_messages(shared.message_ko, shared.message_en)}</div></li></ul>")
    return "<ul>" + "".join(_concept_html(c) for c in task.concepts) + "</ul>"


def code_errors_html(result: SubmissionResult) -> str:
    """The errors in the student's code, each once, as an HTML block (empty without errors)."""
    return _errors_html(result.code_errors)


def _task_html(task: TaskResult) -> str:
    return f"<h2>{_title_html(task)} — {task.score:g} / {task.max_score:g}</h2>" + task_html(task)


def to_html(result: SubmissionResult) -> str:
    """A whole submission's feedback as one HTML page."""
    rows = "".join(
        f"<tr><td>{_title_html(task)}</td>"
        f"<td>{task.score:g} / {task.max_score:g}</td></tr>" for task in result.tasks)
    sections = "".join(_task_html(task) for task in result.tasks)
    if result.skipped:
        items = "".join(f"<li><code>{escape(line)}</code></li>" for line in result.skipped)
        sections = (f"<h2>{escape(SKIPPED_TITLE.ko)} ({escape(SKIPPED_TITLE.en)})</h2>"
                    f"<p>{escape(SKIPPED_NOTE.ko)}<br><span class=\"en\">{escape(SKIPPED_NOTE.en)}"
                    f"</span></p><ul>{items}</ul>" + sections)
    title = escape(f"{result.student} — {result.assignment or 'all functions'}")
    report = label("grading report")
    return (f"<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(report.ko)}: {title}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(both(report))}</h1><p>{title}</p>"
            f"<p><b>{escape(both(label('total')))}: {result.score:g} / {result.max_score:g}</b></p>"
            f"<table><tr><th>{escape(both(label('graded')))}</th>"
            f"<th>{escape(both(label('score')))}</th></tr>{rows}</table>"
            f"{_errors_html(result.code_errors)}"
            f"{sections}<p><small>autograder {escape(result.grader_version)}, isolation: "
            f"{escape(result.isolation)}, {result.seconds:.1f} s</small></p></body></html>")
