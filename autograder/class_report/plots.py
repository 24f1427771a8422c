"""The report's figures, drawn with matplotlib and returned as PNG bytes.

Figures are made without pyplot (no global state, no display) and drawn with
the Korean font of :mod:`cnnlab.fonts`, so Korean labels render on any
machine with the project installed. Sizes are for a printed A4 page: text of
at least 10 points at the width the page shows them.
"""
from __future__ import annotations

import io
from typing import Sequence

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from cnnlab.fonts import korean_rc

from ..grading_results import TaskKind
from .numbers import Health, Measured, ScoreSummary

WIDTH = 9.0            # inches; the page shows figures at most 900 px wide (100 dpi)
DPI = 100
BAR_HEIGHT = 0.34      # inches per bar of a bar chart
BASE_RC = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10,
           "ytick.labelsize": 10, "axes.spines.top": False, "axes.spines.right": False,
           "svg.fonttype": "none"}
WEAK, MIDDLE, STRONG = "#c0392b", "#e59b2f", "#3b8a4f"   # share < 50%, < 80%, higher
BLUE, GREY = "#3a6ea5", "#777777"


def _rc() -> dict:
    return {**BASE_RC, **korean_rc()}


def to_png(figure: Figure) -> bytes:
    """The figure as PNG bytes (drawn with the report's font settings)."""
    buffer = io.BytesIO()
    with rc_context(_rc()):
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _share_colour(value: float) -> str:
    return WEAK if value < 0.5 else MIDDLE if value < 0.8 else STRONG


def score_histogram(summary: ScoreSummary) -> Figure:
    """Histogram of the graded students' scores (points when all share one maximum, else %).

    Parameters
    ----------
    summary : ScoreSummary

    Returns
    -------
    Figure
    """
    with rc_context(_rc()):
        figure = Figure(figsize=(WIDTH, 3.6), layout="constrained")
        ax = figure.add_subplot()
        maximum = summary.same_maximum
        values = np.asarray(summary.scores if maximum else summary.percents, dtype=float)
        top = maximum if maximum else 100.0
        bins = np.linspace(0, top, 21) if top > 0 else np.linspace(0, 1, 2)
        ax.hist(values, bins=bins, color=BLUE, edgecolor="white")
        if len(values):
            mean, median = float(values.mean()), float(np.median(values))
            ax.axvline(mean, color="#222", linestyle="--", linewidth=1.5, label=f"평균 (mean) {mean:.1f}")
            ax.axvline(median, color=MIDDLE, linestyle="-", linewidth=1.5,
                       label=f"중앙값 (median) {median:.1f}")
            ax.legend(loc="upper left", frameon=False)
        ax.set_xlim(0, top)
        ax.set_xlabel(f"점수 (score, 만점 {maximum:g})" if maximum else "점수, 만점 대비 % (score, % of maximum)")
        ax.set_ylabel("학생 수 (students)")
        ax.set_title(f"점수 분포 (score distribution): 채점된 학생 {summary.graded}명")
        ax.yaxis.get_major_locator().set_params(integer=True)
    return figure


def share_bars(labels: Sequence[str], passed: Sequence[int], totals: Sequence[int], title: str) -> Figure:
    """Horizontal bars of pass shares, in the order given from the top (weakest first).

    Parameters
    ----------
    labels : sequence of str, length B
    passed, totals : sequence of int, length B
        Each bar is ``passed / total`` (totals > 0).
    title : str

    Returns
    -------
    Figure
    """
    shares = np.array([p / t for p, t in zip(passed, totals)], dtype=float)
    with rc_context(_rc()):
        figure = Figure(figsize=(WIDTH, 1.1 + BAR_HEIGHT * max(len(labels), 1)), layout="constrained")
        ax = figure.add_subplot()
        rows = np.arange(len(labels))
        ax.barh(rows, shares, color=[_share_colour(s) for s in shares], height=0.7)
        for row, value, p, t in zip(rows, shares, passed, totals):
            ax.text(min(value, 1.0) + 0.01, row, f"{value:.0%} ({p}/{t})", va="center", fontsize=9.5)
        ax.set_yticks(rows, labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)     # the first (weakest) row on top, no empty margin
        ax.set_xlim(0, 1.18)
        ax.set_xticks(np.linspace(0, 1, 6))
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("통과한 학생 비율, 시도한 학생 중 (share passed, of those who attempted)")
        ax.set_title(title, loc="left")
        ax.grid(axis="x", color="#ddd", linewidth=0.8)
        ax.set_axisbelow(True)
    return figure


def count_bars(labels: Sequence[str], counts: Sequence[int], title: str) -> Figure:
    """Horizontal bars of student counts, the first label on top.

    Parameters
    ----------
    labels : sequence of str, length B
    counts : sequence of int, length B
    title : str

    Returns
    -------
    Figure
    """
    with rc_context(_rc()):
        figure = Figure(figsize=(WIDTH, 1.1 + BAR_HEIGHT * max(len(labels), 1)), layout="constrained")
        ax = figure.add_subplot()
        rows = np.arange(len(labels))
        ax.barh(rows, counts, color=WEAK, height=0.7)
        top = max(counts, default=1)
        for row, count in zip(rows, counts):
            ax.text(count + top * 0.01, row, f"{count}명", va="center", fontsize=9.5)
        ax.set_yticks(rows, labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.12 + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("학생 수 (students)")
        ax.set_title(title, loc="left")
        ax.grid(axis="x", color="#ddd", linewidth=0.8)
        ax.set_axisbelow(True)
    return figure


def measured_histogram(measured: Measured) -> Figure:
    """Test accuracies of a network against its thresholds, or speed ratios against their bounds.

    Parameters
    ----------
    measured : Measured
        ``kind`` model: accuracies in [0, 1]; the last threshold is drawn as
        the lecture's target. ``kind`` speed: time ratios, on a log axis.

    Returns
    -------
    Figure
    """
    values = np.asarray(measured.values, dtype=float)
    with rc_context(_rc()):
        figure = Figure(figsize=(WIDTH, 3.8), layout="constrained")
        ax = figure.add_subplot()
        if measured.kind == TaskKind.MODEL:
            low = min(float(values.min()) if len(values) else 1.0, *(measured.marks or (1.0,)))
            low = max(0.0, np.floor(low * 20 - 1) / 20)
            width = 0.005 if 1.0 - low <= 0.3 else 0.02     # bin edges fall on the thresholds
            ax.hist(values, bins=np.linspace(low, 1.0, int(round((1.0 - low) / width)) + 1),
                    color=BLUE, edgecolor="white")
            ax.set_xlim(low, 1.0)
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            ax.set_xlabel("테스트 정확도 (test accuracy)")
            total = len(values)
            for i, mark in enumerate(measured.marks):
                target = i == len(measured.marks) - 1
                ax.axvline(mark, color=WEAK if target else GREY, linewidth=2.2 if target else 1.3,
                           linestyle="-" if target else ":",
                           label=(f"강의 목표 (lecture's target) {mark:.0%} 이상: "
                                  f"{measured.reaching(mark)} / {total}명" if target
                                  else f"{mark:.0%} 이상 (at least): {measured.reaching(mark)} / {total}명"))
            if measured.marks:
                ax.legend(loc="upper left", framealpha=0.95, fontsize=10)
            title = f"{measured.label}: 저장한 신경망의 테스트 정확도 (test accuracy of the saved network)"
        else:
            positive = values[values > 0] if len(values) else values
            low = min(0.5, float(positive.min()) if len(positive) else 1.0)
            high = max(float(positive.max()) if len(positive) else 1.0, *(measured.marks or (1.0,))) * 1.5
            ax.hist(positive, bins=np.geomspace(low, high, 26), color=BLUE, edgecolor="white")
            ax.set_xscale("log")
            ax.set_xlim(low, high)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
            ax.set_xlabel("기준 구현 대비 시간 (time / reference time), 작을수록 빠름 (lower is faster)")
            total = len(values)
            for mark, style in zip(measured.marks, ("--", "-", ":")):
                ax.axvline(mark, color=WEAK, linewidth=1.8, linestyle=style,
                           label=f"{mark:g}× 이내 (within): {measured.reaching(mark)} / {total}명")
            if measured.marks:
                ax.legend(loc="upper left", framealpha=0.95, fontsize=10)
            title = f"{measured.label}: 속도 (speed against the reference)"
        ax.set_ylabel("학생 수 (students)")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title, loc="left")
    return figure


def seconds_histogram(health: Health) -> Figure:
    """Grading time per student.

    Parameters
    ----------
    health : Health

    Returns
    -------
    Figure
    """
    seconds = np.asarray(health.seconds, dtype=float)
    with rc_context(_rc()):
        figure = Figure(figsize=(WIDTH, 3.0), layout="constrained")
        ax = figure.add_subplot()
        top = float(seconds.max()) if len(seconds) else 1.0
        ax.hist(seconds, bins=np.linspace(0, top * 1.05 + 1e-9, 26), color=GREY, edgecolor="white")
        ax.set_xlim(0, top * 1.05 + 1e-9)
        ax.set_xlabel("학생 한 명을 채점한 시간, 초 (grading time per student, s)")
        ax.set_ylabel("학생 수 (students)")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title("채점 시간 (grading time)", loc="left")
    return figure
