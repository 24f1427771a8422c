"""Read a graded class back from disk: every ``result.json`` and the gradebook's failure rows.

A grading output folder holds one sub-folder per student (``grade-class``
and ``demo``: ``<out>/<student>/``; the course step:
``COURSE/grades/<assignment>/<student>/``) with ``result.json`` written last,
and ``gradebook.csv`` beside them. A student whose grading itself failed may
have a folder without ``result.json`` (or a damaged one), no folder at all,
or a gradebook row that says ``grading failed: <reason>``; all three count as
failed, with the gradebook's reason when it gives one. A student graded later than such a
row (a ``result.json`` that loads) counts as graded.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..grading_results import SubmissionResult
from ..stored_results import RESULT_FILE, load_result

GRADEBOOK = "gradebook.csv"
FAILED_MARK = "grading failed"
MAX_REASON = 500          # characters of a failure reason kept (tracebacks can be long)


@dataclass
class GradedClass:
    """What grading left for a class.

    Attributes
    ----------
    folder : Path
        The grading output folder that was read.
    results : list of SubmissionResult
        Every student whose ``result.json`` loads, sorted by student id.
    failed : dict of str to str
        Student id to the reason grading failed (``""`` when none was written).
    """
    folder: Path
    results: list[SubmissionResult] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def students(self) -> int:
        """Graded and failed students together."""
        return len(self.results) + len(self.failed)


def _failure_reason(cells: list[str]) -> str | None:
    """The reason in a gradebook row that marks a failure, or None for a graded row."""
    for cell in cells:
        text = cell.strip()
        if text.lower().startswith(FAILED_MARK):
            return text[len(FAILED_MARK):].lstrip(" :-").strip()[:MAX_REASON]
    return None


def gradebook_failures(path: Path) -> dict[str, str]:
    """Students the gradebook marks ``grading failed: <reason>`` (any column after the id).

    Parameters
    ----------
    path : Path
        ``gradebook.csv``; a missing or unreadable file gives no failures.

    Returns
    -------
    dict of str to str
        Student id to reason.
    """
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as handle:
            rows = list(csv.reader(handle))
    except OSError:
        return {}
    failed = {}
    for row in rows[1:]:
        if row and row[0].strip():
            reason = _failure_reason(row[1:])
            if reason is not None:
                failed[row[0].strip()] = reason
    return failed


def _student_folders(folder: Path) -> list[Path]:
    """Sub-folders that look like a student's (hidden folders and links left out)."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                continue
            found.append(Path(entry.path))
    return sorted(found)


def load_class(folder: Path) -> GradedClass:
    """Every student of a grading output folder, graded or failed.

    Parameters
    ----------
    folder : Path
        ``<out>`` of ``grade-class`` / ``demo``, or ``COURSE/grades/<assignment>``.

    Returns
    -------
    GradedClass

    Raises
    ------
    FileNotFoundError
        When ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no grading output at {folder}")
    graded, failed = {}, {}
    for student_dir in _student_folders(folder):
        result = load_result(student_dir)
        if result is not None:
            graded[student_dir.name] = result
        elif (student_dir / RESULT_FILE).exists():
            failed[student_dir.name] = f"{RESULT_FILE} is damaged"
        else:   # result.json is written last: grading broke off before it
            failed[student_dir.name] = f"no {RESULT_FILE}"
    for student, reason in gradebook_failures(folder / GRADEBOOK).items():
        if student not in graded:
            failed[student] = reason or failed.get(student, "")
    return GradedClass(folder, [graded[s] for s in sorted(graded)],
                       {s: failed[s] for s in sorted(failed)})
