"""Readable tables for the terminal (rich)."""
from __future__ import annotations

from typing import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..grading_results import SubmissionResult
from ..vocabulary import both, label
from .markdown import example_label, shared_failure


def print_submission(result: SubmissionResult, console: Console | None = None,
                     details: bool = True) -> None:
    """One row per function, each error in the code once, then the failed concepts."""
    console = console or Console()
    table = Table(title=escape(f"{result.student} — {result.assignment or 'all functions'}: "
                               f"{result.score:g} / {result.max_score:g}"))
    table.add_column("graded")
    table.add_column("score", justify="right")
    table.add_column("failed concepts")
    for task in result.tasks:
        failed = ", ".join(c.concept for c in task.concepts if not c.passed)
        style = "green" if not failed else ("red" if task.score == 0 else "yellow")
        table.add_row(escape(task.label), f"{task.score:g} / {task.max_score:g}",
                      escape(failed) or "—", style=style)
    console.print(table)
    if not details:
        return
    errors = result.code_errors
    if errors:
        console.print(f"[bold red]{escape(both(label('code errors')))}:[/]", highlight=False)
        for error in errors:   # monospace as it is: the caret stays under the error
            console.print(escape("    " + error.excerpt().replace("\n", "\n    ")),
                          highlight=False, soft_wrap=True)
    for task in result.tasks:
        shared = shared_failure(task)
        concepts = [shared] if shared is not None else [c for c in task.concepts if not c.passed]
        for c in concepts:
            name = f"{task.short}: {both(label('all concepts'))}" if shared is not None \
                else f"{c.task}: {both(c.title)}"
            console.print(f"[bold red]✗ {escape(name)}[/] ({escape(c.status)}): "
                          f"{escape(c.message_ko)}", highlight=False)
            if c.message_en and c.message_en != c.message_ko:
                console.print(f"  {escape(c.message_en)}", highlight=False)
            if c.diagnosis_en:
                console.print(f"  {escape(both(label('likely mistake')))}: "
                              f"{escape(c.diagnosis_ko)} ({escape(c.diagnosis_en)})",
                              highlight=False)
            if c.counterexample:
                detail = c.counterexample.detail
                detail = f" — {detail}" if detail and detail != c.message_en else ""
                console.print(escape(f"  {example_label(c)[1]}: {c.counterexample.call}{detail}"),
                              highlight=False)


def print_gradebook(results: Iterable[SubmissionResult], console: Console | None = None) -> None:
    """The class at a glance: one row per student."""
    console = console or Console()
    results = list(results)
    table = Table(title="gradebook")
    table.add_column("student")
    table.add_column("score", justify="right")
    columns = [task.short for task in results[0].tasks] if results else []
    # Per-task columns only while they fit; the CSV always has them all.
    wide = len(columns) <= max(3, (console.width - 30) // 12)
    if wide:
        for name in columns:
            table.add_column(escape(name), justify="right")
    else:
        table.add_column("below full marks")
    for r in results:
        by_name = {task.short: task for task in r.tasks}
        if wide:
            cells = [f"{by_name[n].score:g}" if n in by_name else "—" for n in columns]
        else:
            cells = [escape(", ".join(t.short for t in r.tasks if t.score < t.max_score)) or "—"]
        table.add_row(escape(r.student), f"{r.score:g} / {r.max_score:g}", *cells)
    console.print(table)


def print_lost_concepts(results: Iterable[SubmissionResult], console: Console | None = None,
                        width: int = 150) -> None:
    """Per student, each concept below full marks with its likely mistake (one line each)."""
    console = console or Console()
    for result in results:
        failed = [c for c in result.concepts if not c.passed]
        if failed:
            console.print(f"\n[bold]{escape(result.student)}[/]: {len(failed)} concept(s) "
                          "below full marks")
        for c in failed:
            why = c.diagnosis_en or c.message_en
            console.print(escape(f"  ✗ {c.name} [{c.status}] — {why[:width]}"), highlight=False)
