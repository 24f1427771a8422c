"""The CSV of every number behind the class report, one number per row.

Columns (:data:`CSV_FIELDS`):

``kind``
    ``summary``, ``score_bin``, ``task``, ``concept``, ``mistake``, ``model``,
    ``speed``, ``health`` or ``grading_failed``.
``task``
    The task's label (``conv.conv2d``, ``conv.conv2d (speed)``, ``mnist_cnn (model)``).
``detail``
    What the row counts: a summary name, a concept, a mistake's name, a threshold.
``section``
    The lecture section of the task (``3.6``).
``count``, ``total``, ``share``
    ``count`` students of ``total``, and ``count / total`` (3 decimals).
``value``
    A number that is not a count (a mean score, an accuracy, seconds).
``note``
    Text: the mistake as students read it (English), why grading failed.

Shares of tasks and concepts are of the students who attempted the task
(see :mod:`autograder.class_report.numbers`).
"""
from __future__ import annotations

import io
import statistics

import numpy as np

from autograder.spreadsheet_cells import SafeDictWriter

from .numbers import ClassNumbers, Measured

CSV_FIELDS = ("kind", "task", "detail", "section", "count", "total", "share", "value", "note")
SCORE_BINS = 20


def _number(value: float | None) -> str:
    """Six decimals at most, no trailing zeros; empty for None."""
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def _row(kind: str, task: str = "", detail: str = "", section: str = "", count: int | None = None,
         total: int | None = None, value: float | None = None, note: str = "") -> dict[str, str]:
    shared = f"{count / total:.3f}" if count is not None and total else ""
    return {"kind": kind, "task": task, "detail": detail, "section": section,
            "count": "" if count is None else str(count), "total": "" if total is None else str(total),
            "share": shared, "value": _number(value), "note": note}


def score_bins(numbers: ClassNumbers) -> list[tuple[float, float, int]]:
    """``(low, high, students)`` for :data:`SCORE_BINS` equal bins of the score (points or %).

    Every bin but the last is ``[low, high)``; the last includes its top.
    """
    summary = numbers.summary
    maximum = summary.same_maximum
    values = np.asarray(summary.scores if maximum else summary.percents, dtype=float)
    top = maximum if maximum else 100.0
    edges = np.linspace(0, top, SCORE_BINS + 1) if top > 0 else np.array([0.0, 1.0])
    counts, _ = np.histogram(values, bins=edges)
    return [(float(lo), float(hi), int(n)) for lo, hi, n in zip(edges[:-1], edges[1:], counts)]


def _summary_rows(numbers: ClassNumbers) -> list[dict[str, str]]:
    s = numbers.summary
    students = s.graded + s.failed
    rows = [_row("summary", detail="students", count=students),
            _row("summary", detail="graded", count=s.graded, total=students),
            _row("summary", detail="grading_failed", count=s.failed, total=students),
            _row("summary", detail="full_marks", count=s.full_marks, total=s.graded),
            _row("summary", detail="untouched_stubs", count=s.untouched, total=s.graded),
            _row("summary", detail="mean", value=s.mean),
            _row("summary", detail="median", value=s.median),
            _row("summary", detail="min", value=min(s.scores, default=None)),
            _row("summary", detail="max", value=max(s.scores, default=None)),
            _row("summary", detail="max_score", value=s.same_maximum)]
    unit = "points" if s.same_maximum else "percent"
    rows += [_row("score_bin", detail=f"{lo:g}-{hi:g} {unit}", count=n, total=s.graded)
             for lo, hi, n in score_bins(numbers)]
    return rows


def _measured_rows(m: Measured) -> list[dict[str, str]]:
    kind, section = str(m.kind), m.section.number
    name = "accuracy" if kind == "model" else "ratio"
    rows = [_row(kind, m.label, "measured", section, len(m.values), len(m.values) + m.unmeasured),
            _row(kind, m.label, "not measured", section, m.unmeasured, len(m.values) + m.unmeasured)]
    if m.values:
        rows += [_row(kind, m.label, f"{name} mean", section, value=statistics.fmean(m.values)),
                 _row(kind, m.label, f"{name} median", section, value=statistics.median(m.values)),
                 _row(kind, m.label, f"{name} min", section, value=min(m.values)),
                 _row(kind, m.label, f"{name} max", section, value=max(m.values))]
    for mark in m.marks:
        detail = f"accuracy >= {mark:g}" if kind == "model" else f"ratio <= {mark:g}"
        rows.append(_row(kind, m.label, detail, section, m.reaching(mark), len(m.values)))
    return rows


def _health_rows(numbers: ClassNumbers) -> list[dict[str, str]]:
    h = numbers.health
    seconds = h.seconds
    rows = [_row("health", detail="seconds mean", value=statistics.fmean(seconds) if seconds else None),
            _row("health", detail="seconds median", value=statistics.median(seconds) if seconds else None),
            _row("health", detail="seconds max", value=max(seconds, default=None)),
            _row("health", detail="seconds total", value=sum(seconds)),
            _row("health", detail="sandbox restarts", count=sum(h.restarts), total=len(h.restarts)),
            _row("health", detail="students with sandbox restarts",
                 count=sum(n > 0 for n in h.restarts), total=len(h.restarts)),
            _row("health", detail="restarts not recorded", count=h.not_recorded)]
    for status, (concepts, students) in h.aborts.items():
        rows.append(_row("health", detail=f"{status} concepts", count=concepts))
        rows.append(_row("health", detail=f"students with {status}", count=students,
                         total=len(seconds)))
    rows += [_row("health", detail=f"isolation {mode}", count=n, total=len(seconds))
             for mode, n in sorted(h.isolation.items())]
    rows += [_row("grading_failed", detail=student, note=reason.splitlines()[-1] if reason else "")
             for student, reason in h.failed.items()]
    return rows


def csv_rows(numbers: ClassNumbers) -> list[dict[str, str]]:
    """Every row of the CSV, in the order of the page."""
    rows = _summary_rows(numbers)
    for t in numbers.tasks:
        rows.append(_row("task", t.label, "passed every concept", t.section.number, t.passed, t.attempted))
        rows.append(_row("task", t.label, "not attempted", t.section.number, t.not_attempted, t.graded))
    rows += [_row("concept", c.label, c.concept, c.section.number, c.passed, c.attempted)
             for c in numbers.concepts]
    rows += [_row("mistake", m.label, m.name, m.section.number, m.students, m.attempted, note=m.en)
             for m in numbers.mistakes]
    for m in numbers.measured:
        rows += _measured_rows(m)
    return rows + _health_rows(numbers)


def to_csv(numbers: ClassNumbers) -> str:
    """The CSV text (see the module docstring)."""
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(numbers))
    return out.getvalue()
