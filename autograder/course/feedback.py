"""Feedback files laid out the way nbgrader 0.9 releases and fetches them.

``nbgrader release_feedback`` copies every ``feedback/<student>/<assignment>/*.html``
to the exchange under the name ``md5(submission_secret + notebook_id).html``,
reading ``timestamp.txt`` and ``submission_secret.txt`` from the same folder.
``nbgrader fetch_feedback`` looks, for each ``<notebook_id>.ipynb`` the student
submitted (its local submission cache), for that hashed name. So the feedback
of one submission is one HTML file per submitted notebook, named after the
notebook, next to copies of the submission's ``timestamp.txt`` and
``submission_secret.txt``. Other files in the folder (``results.json``,
``feedback.md``) stay with the instructor: only ``*.html`` is released.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

NBGRADER_KEYS = ("timestamp.txt", "submission_secret.txt")
SCORES_ELEMENT_ID = "autograder-scores"


@dataclass
class FunctionScore:
    name: str           # "module.function"
    score: float
    max_score: float


@dataclass
class StudentFeedback:
    """What one student's feedback page shows."""
    student: str
    assignment: str
    title: str
    score: float
    max_score: float
    functions: list[FunctionScore] = field(default_factory=list)
    detail_html: str = ""   # the grader's per-concept feedback, an HTML fragment

    def scores_json(self) -> str:
        """The scores as JSON, embedded in the page for scripts (and tests) to read."""
        return json.dumps({
            "student": self.student, "assignment": self.assignment,
            "score": self.score, "max_score": self.max_score,
            "functions": {f.name: {"score": f.score, "max_score": f.max_score}
                          for f in self.functions},
        }, ensure_ascii=False)


_STYLE = """
body { font-family: system-ui, "Noto Sans KR", "Malgun Gothic", sans-serif; margin: 2em auto;
       max-width: 60em; line-height: 1.5; padding: 0 1em; }
table.scores { border-collapse: collapse; margin: 1em 0; }
table.scores td, table.scores th { border: 1px solid #ccc; padding: .3em .8em; text-align: left; }
table.scores td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.full td { background: #eefbea; } tr.partial td { background: #fff7e0; } tr.zero td { background: #fdecec; }
section.detail { border-top: 2px solid #ddd; margin-top: 2em; padding-top: 1em; }
"""


def render_page(feedback: StudentFeedback) -> str:
    """A self-contained HTML page: summary table, embedded scores, then the detail."""
    e = html.escape
    rows = []
    for f in feedback.functions:
        kind = "full" if f.score >= f.max_score else ("zero" if f.score <= 0 else "partial")
        rows.append(f'<tr class="{kind}"><td><code>{e(f.name)}</code></td>'
                    f'<td class="num">{f.score:g}</td><td class="num">{f.max_score:g}</td></tr>')
    scores = feedback.scores_json().replace("</", "<\\/")  # cannot close the script element
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{e(feedback.assignment)} - {e(feedback.student)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>피드백 (feedback): {e(feedback.title)}</h1>
<p>학생 (student): <b>{e(feedback.student)}</b> &middot; 과제 (assignment): <code>{e(feedback.assignment)}</code>
&middot; 점수 (score): <b>{feedback.score:g} / {feedback.max_score:g}</b></p>
<table class="scores">
<tr><th>함수 (function)</th><th>점수 (score)</th><th>만점 (max)</th></tr>
{chr(10).join(rows)}
</table>
<script type="application/json" id="{SCORES_ELEMENT_ID}">{scores}</script>
<section class="detail">
{feedback.detail_html}
</section>
</body>
</html>
"""


def read_scores(page: str) -> dict:
    """The scores embedded in a page written by :func:`render_page`."""
    match = re.search(rf'<script type="application/json" id="{SCORES_ELEMENT_ID}">(.*?)</script>',
                      page, re.DOTALL)
    if match is None:
        raise ValueError("no embedded scores in this page")
    return json.loads(match.group(1).replace("<\\/", "</"))


def html_fragment(page_or_fragment: str) -> str:
    """The inside of ``<body>`` of an HTML page (the text itself when it has no body)."""
    match = re.search(r"<body[^>]*>(.*)</body>", page_or_fragment, re.DOTALL | re.IGNORECASE)
    return match.group(1) if match else page_or_fragment


def markdown_fragment(markdown: str) -> str:
    """Markdown feedback shown as preformatted text (no Markdown renderer needed)."""
    return f'<pre style="white-space: pre-wrap">{html.escape(markdown)}</pre>'


def write_feedback(submission_dir: Path, feedback_dir: Path, page: str,
                   notebook_names: list[str]) -> list[Path]:
    """Write one submission's feedback where ``nbgrader release_feedback`` finds it.

    Parameters
    ----------
    submission_dir : Path
        ``submitted/<student>/<assignment>/`` (holds nbgrader's timestamp and secret).
    feedback_dir : Path
        ``feedback/<student>/<assignment>/``; replaced when it exists.
    page : str
        The HTML feedback page.
    notebook_names : list of str
        The submission's notebooks (``cnn331_convolution.ipynb``); one page per notebook.

    Returns
    -------
    list of Path
        The HTML files written.
    """
    if feedback_dir.exists():
        shutil.rmtree(feedback_dir)
    feedback_dir.mkdir(parents=True)
    for key in NBGRADER_KEYS:
        if (submission_dir / key).is_file():
            shutil.copy2(submission_dir / key, feedback_dir / key)
    written = []
    for name in notebook_names:
        target = feedback_dir / (Path(name).stem + ".html")
        target.write_text(page, encoding="utf-8")
        written.append(target)
    return written
