"""Feedback files laid out the way nbgrader 0.9 releases and fetches them.

``nbgrader release_feedback`` copies every ``feedback/<student>/<assignment>/*.html``
to the exchange under the name ``md5(submission_secret + notebook_id).html``,
reading ``timestamp.txt`` and ``submission_secret.txt`` from the same folder.
``nbgrader fetch_feedback`` looks, for each ``<notebook_id>.ipynb`` the student
submitted (its local submission cache), for that hashed name. So the feedback
of one submission is one HTML file per submitted notebook, named after the
notebook, next to copies of the submission's ``timestamp.txt`` and
``submission_secret.txt``. Any other ``*.html`` there would be released too,
under a name no student can fetch, so nothing else is written there.

The page is the autograder's own ``feedback.html`` (scores per function and
concept, hints in Korean and English), with the scores embedded as JSON.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

NBGRADER_KEYS = ("timestamp.txt", "submission_secret.txt")
SCORES_ELEMENT_ID = "autograder-scores"


def scores_summary(result) -> dict:
    """The scores of one graded submission (an ``autograder.grading_results.SubmissionResult``) as plain data.

    Returns
    -------
    dict
        ``{"student", "assignment", "score", "max_score",
        "tasks": {label: {"score", "max_score"}}}`` (labels as in the gradebook)
    """
    return {
        "student": result.student, "assignment": result.assignment,
        "score": float(result.score), "max_score": float(result.max_score),
        "tasks": {task.label: {"score": float(task.score), "max_score": float(task.max_score)}
                  for task in result.tasks},
    }


def with_scores(page: str, scores: dict) -> str:
    """``page`` with ``scores`` embedded as JSON (for scripts and tests; invisible in a browser)."""
    data = json.dumps(scores, ensure_ascii=False).replace("</", "<\\/")  # cannot close the element
    element = f'<script type="application/json" id="{SCORES_ELEMENT_ID}">{data}</script>\n'
    at = page.lower().rfind("</body>")
    return page + element if at < 0 else page[:at] + element + page[at:]


def read_scores(page: str) -> dict:
    """The scores embedded by :func:`with_scores`."""
    match = re.search(rf'<script type="application/json" id="{SCORES_ELEMENT_ID}">(.*?)</script>',
                      page, re.DOTALL)
    if match is None:
        raise ValueError("no embedded scores in this page")
    return json.loads(match.group(1).replace("<\\/", "</"))


def page_from_markdown(markdown: str, title: str) -> str:
    """A minimal HTML page showing Markdown feedback as preformatted text."""
    return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title></head><body><pre style="white-space: pre-wrap">{html.escape(markdown)}</pre>'
            f'</body></html>\n')


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
