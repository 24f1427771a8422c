"""Readable tables for the terminal (rich)."""
from __future__ import annotations

from typing import Iterable

from rich.console import Console
from rich.table import Table

from ..results import SubmissionResult
from .markdown import example_label


def print_submission(result: SubmissionResult, console: Console | None = None,
                     details: bool = True) -> None:
    """One row per function, then the failed concepts with their smallest examples."""
    console = console or Console()
    table = Table(title=f"{result.student} — {result.assignment or 'all functions'}: "
                        f"{result.score:g} / {result.max_score:g}")
    table.add_column("function")
    table.add_column("score", justify="right")
    table.add_column("failed concepts")
    for f in result.functions:
        failed = ", ".join(c.concept for c in f.concepts if not c.passed)
        style = "green" if not failed else ("red" if f.score == 0 else "yellow")
        table.add_row(f"{f.module}.{f.function}", f"{f.score:g} / {f.max_score:g}",
                      failed or "—", style=style)
    console.print(table)
    if not details:
        return
    for f in result.functions:
        for c in f.concepts:
            if c.passed:
                continue
            console.print(f"[bold red]✗ {c.name}[/] ({c.status}): {c.message_en}",
                          highlight=False)
            if c.diagnosis_en:
                console.print(f"  likely mistake: {c.diagnosis_en}", highlight=False)
            if c.counterexample:
                console.print(f"  {example_label(c)[1]}: {c.counterexample.call}"
                              f"{' — ' + c.counterexample.detail if c.counterexample.detail else ''}",
                              highlight=False)


def print_gradebook(results: Iterable[SubmissionResult], console: Console | None = None) -> None:
    """The class at a glance: one row per student."""
    console = console or Console()
    results = list(results)
    table = Table(title="gradebook")
    table.add_column("student")
    table.add_column("score", justify="right")
    functions = [f.function for f in results[0].functions] if results else []
    # Per-function columns only while they fit; the CSV always has them all.
    wide = len(functions) <= max(3, (console.width - 30) // 12)
    if wide:
        for name in functions:
            table.add_column(name, justify="right")
    else:
        table.add_column("functions below full marks")
    for r in results:
        by_name = {f.function: f for f in r.functions}
        if wide:
            cells = [f"{by_name[n].score:g}" if n in by_name else "—" for n in functions]
        else:
            cells = [", ".join(f.function for f in r.functions if f.score < f.max_score) or "—"]
        table.add_row(r.student, f"{r.score:g} / {r.max_score:g}", *cells)
    console.print(table)
