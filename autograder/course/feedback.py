"""What a student's feedback page says: lateness in words, scores for scripts, and reading them back.

The page itself is nbgrader's: ``nbgrader generate_feedback`` renders the
autograded notebook, where :mod:`autograder.course.recording` has filled the
autograder's cells, with the scores from ``gradebook.db`` (manual overrides
and the late penalty included). ``nbgrader release_feedback`` and
``fetch_feedback`` deliver it.

- :func:`lateness_text` says how late a submission was, in Korean and English;
- :func:`with_scores` embeds the autograder's scores as JSON in an HTML
  fragment and :func:`read_scores` finds them again (invisible in a browser);
- :func:`read_feedback` reads the totals nbgrader printed on the page.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Optional

from autograder.vocabulary import Text

SCORES_ELEMENT_ID = "autograder-scores"


@dataclass(frozen=True)
class Lateness:
    """A submission's time and due date (UTC, as nbgrader stores them) and how late it was."""
    submitted: Optional[datetime.datetime]
    due: Optional[datetime.datetime]          # with the student's extension, if any
    seconds_late: float                       # 0 when on time or without a due date


def lateness_text(seconds: float) -> Text:
    """``1일 2시간 5분`` / ``1 d 2 h 5 min``: the largest units, seconds only under a minute."""
    seconds = max(0, int(round(seconds)))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "일", "d"), (hours, "시간", "h"), (minutes, "분", "min")]
    if seconds < 60:
        parts = [(secs, "초", "s")]
    shown = [(n, ko, en) for n, ko, en in parts if n] or [(0, "초", "s")]
    return Text(" ".join(f"{n}{ko}" for n, ko, _ in shown), " ".join(f"{n} {en}" for n, _, en in shown))


def with_scores(page: str, scores: dict) -> str:
    """``page`` with ``scores`` embedded as JSON (for scripts and tests; invisible in a browser)."""
    data = json.dumps(scores, ensure_ascii=False).replace("</", "<\\/")  # cannot close the element
    element = f'<script type="application/json" id="{SCORES_ELEMENT_ID}">{data}</script>\n'
    at = page.lower().rfind("</body>")
    return page + element if at < 0 else page[:at] + element + page[at:]


def read_scores(page: str) -> dict:
    """The scores embedded by :func:`with_scores`."""
    # Any attribute order: nbconvert rewrites the element when it renders a notebook.
    match = re.search(rf'<script[^>]*\bid="{SCORES_ELEMENT_ID}"[^>]*>(.*?)</script>', page, re.DOTALL)
    if match is None:
        raise ValueError("no embedded scores in this page")
    return json.loads(match.group(1).replace("<\\/", "</"))


@dataclass
class FeedbackScores:
    """The scores on an nbgrader feedback page."""
    score: float                    # the notebook's total after the late penalty
    max_score: float
    late_penalty: float = 0.0
    cells: dict[str, tuple[float, float]] = field(default_factory=dict)   # grade id -> (score, max)


_NUMBER = r"(-?[0-9.]+)"


def read_feedback(page: str) -> FeedbackScores:
    """Read the total, each graded cell's score and the late penalty from nbgrader's feedback page.

    Raises
    ------
    ValueError
        When ``page`` is not an nbgrader feedback page.
    """
    total = re.search(rf"<h4>[^<]*\(Score: {_NUMBER} / {_NUMBER}\)</h4>", page)
    if total is None:
        raise ValueError("not an nbgrader feedback page (no total score)")
    cells = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        rf'<li><a href="#([^"]+)">[^<]*</a> \(Score: {_NUMBER} / {_NUMBER}\)</li>', page)}
    penalty = re.search(rf'<li class="late-penalty">[^<]*\(Score: -{_NUMBER}\)</li>', page)
    return FeedbackScores(float(total.group(1)), float(total.group(2)),
                          float(penalty.group(1)) if penalty else 0.0, cells)
