"""Readable tables for the terminal (rich).

Every text goes through :func:`shown`: rich markup in it is escaped and
control characters (terminal escape sequences a student printed or raised)
are shown as ``\\x1b``-style escapes instead of acting on the terminal.
"""
from __future__ import annotations

import re
import textwrap
from typing import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..grading_results import SubmissionResult
from ..vocabulary import both, label
from .markdown import example_label, shared_failure

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: object) -> str:
    """``text`` safe to print with rich: markup escaped, control characters made visible."""
    plain = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
    return escape(plain)


def print_submission(result: SubmissionResult, console: Console | None = None,
                     details: bool = True) -> None:
    """One row per function, each error in the code once, then the failed concepts."""
    console = console or Console()
    table = Table(title=shown(f"{result.student} — {result.assignment or 'all functions'}: "
                               f"{result.score:g} / {result.max_score:g}"))
    table.add_column("graded")
    table.add_column("score", justify="right")
    table.add_column("failed concepts")
    for task in result.tasks:
        failed = ", ".join(c.concept for c in task.concepts if not c.passed)
        style = "green" if not failed else ("red" if task.score == 0 else "yellow")
        table.add_row(shown(task.label), f"{task.score:g} / {task.max_score:g}",
                      shown(failed) or "—", style=style)
    console.print(table)
    for line in result.skipped:
        console.print(f"[yellow]not read:[/] {shown(line)}", highlight=False)
    if not details:
        return
    errors = result.code_errors
    if errors:
        console.print(f"[bold red]{shown(both(label('code errors')))}:[/]", highlight=False)
        for error in errors:   # monospace as it is: the caret stays under the error
            console.print(shown("    " + error.excerpt().replace("\n", "\n    ")),
                          highlight=False, soft_wrap=True)
    for task in result.tasks:
        shared = shared_failure(task)
        concepts = [shared] if shared is not None else [c for c in task.concepts if not c.passed]
        for c in concepts:
            name = f"{task.short}: {both(label('all concepts'))}" if shared is not None \
                else f"{c.task}: {both(c.title)}"
            console.print(f"[bold red]✗ {shown(name)}[/] ({shown(c.status)}): "
                          f"{shown(c.message_ko)}", highlight=False)
            if c.message_en and c.message_en != c.message_ko:
                console.print(f"  {shown(c.message_en)}", highlight=False)
            if c.diagnosis_en:
                console.print(f"  {shown(both(label('likely mistake')))}: "
                              f"{shown(c.diagnosis_ko)} ({shown(c.diagnosis_en)})",
                              highlight=False)
            if c.counterexample:
                detail = c.counterexample.detail
                detail = f" — {detail}" if detail and detail != c.message_en else ""
                console.print(shown(f"  {example_label(c)[1]}: {c.counterexample.call}{detail}"),
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
            table.add_column(shown(name), justify="right")
    else:
        table.add_column("below full marks")
    for r in results:
        by_name = {task.short: task for task in r.tasks}
        if wide:
            cells = [f"{by_name[n].score:g}" if n in by_name else "—" for n in columns]
        else:
            cells = [shown(", ".join(t.short for t in r.tasks if t.score < t.max_score)) or "—"]
        table.add_row(shown(r.student), f"{r.score:g} / {r.max_score:g}", *cells)
    console.print(table)


def print_lost_concepts(results: Iterable[SubmissionResult], console: Console | None = None,
                        width: int = 150) -> None:
    """Per student, each concept below full marks with its likely mistake (one line each)."""
    console = console or Console()
    for result in results:
        failed = [c for c in result.concepts if not c.passed]
        if failed:
            console.print(f"\n[bold]{shown(result.student)}[/]: {len(failed)} concept(s) "
                          "below full marks")
        for c in failed:
            why = textwrap.shorten(c.diagnosis_en or c.message_en, width, placeholder=" …")
            console.print(shown(f"  ✗ {c.name} [{c.status}] — {why}"), highlight=False)
