"""One course gradebook from the per-assignment gradebooks of ``grades/<assignment>/``.

``python -m autograder.course grade`` writes ``grades/<assignment>/gradebook.csv``
(one row per student, one column per function). :func:`export_gradebook`
joins them into ``grades/gradebook.csv``: one row per student, the score and
maximum of each assignment in lecture order, and the totals. A student with no
submission for an assignment gets 0 for it.
"""
from __future__ import annotations

import csv
from pathlib import Path

from autograder.manifest import assignments


def export_gradebook(course_dir: Path, out: Path | None = None) -> Path:
    """Write the course gradebook and return its path.

    Parameters
    ----------
    course_dir : Path
        The course directory holding ``grades/<assignment>/gradebook.csv``.
    out : Path, optional
        Default ``COURSE_DIR/grades/gradebook.csv``.

    Returns
    -------
    Path

    Raises
    ------
    FileNotFoundError
        When no assignment has been graded yet.
    """
    grades = Path(course_dir) / "grades"
    tables: dict[str, dict[str, dict]] = {}
    for assignment_id in assignments():
        path = grades / assignment_id / "gradebook.csv"
        if path.is_file():
            with open(path, newline="", encoding="utf-8") as fh:
                tables[assignment_id] = {row["student"]: row for row in csv.DictReader(fh)}
    if not tables:
        raise FileNotFoundError(f"no graded assignment in {grades}; run `python -m autograder.course grade` first")
    # A student whose grading failed has an empty total (and a note): no score, not zero.
    maxima = {a: max((float(row["max"]) for row in rows.values() if row["max"]), default=0.0)
              for a, rows in tables.items()}
    students = sorted(set().union(*tables.values()))
    out = Path(out) if out is not None else grades / "gradebook.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student"] + [c for a in tables for c in (a, f"{a} max")] + ["total", "max"])
        for student in students:
            scores = {a: float(rows[student]["total"]) if rows.get(student, {}).get("total")
                      else 0.0 for a, rows in tables.items()}
            writer.writerow([student] + [f"{v:g}" for a in tables for v in (scores[a], maxima[a])]
                            + [f"{sum(scores.values()):g}", f"{sum(maxima.values()):g}"])
    return out
