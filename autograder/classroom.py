"""Grading a whole class: parallel workers, one result file per student, resumable.

Each student is one call of :func:`autograder.pipeline.grade_student` in a worker
process: its files are written as soon as that student is graded, so an
interrupted run loses nothing, and a rerun reuses every student whose
fingerprint (submission, grader, references, settings) is unchanged. Every
step for one student (fingerprint, copy, grading, writing) runs inside that
call, so a failure there stops that student only: the gradebook gets a row
``grading failed: <reason>`` for them, and everyone else is graded. Workers
die with the process that started them (``PR_SET_PDEATHSIG`` and a thread
that watches the parent), so a killed class run leaves nothing running; their
sandboxes die with them.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .grading_isolation import grading_settings
from .grading_results import SubmissionResult
from .example_bank import ensure_banks
from .manifest import get_assignment, specs_for
from .pipeline import GradingJob, grade_student
from .progress import Progress
from .settings import Settings, load_settings
from .spreadsheet_cells import SafeWriter


@dataclass
class GradingFailure:
    """Grading itself failed for a student (never the student's fault).

    Attributes
    ----------
    student : str
    error : str
        The whole story (a traceback) for the instructor's terminal.
    reason : str
        One line for the gradebook.
    """
    student: str
    error: str
    reason: str = ""


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker the moment the class run that started it ends.

    The kernel sends SIGKILL when the parent dies; a thread also watches the
    parent in case the kernel's signal is tied to a thread that already ended.
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)

    if os.getppid() != parent:  # the parent was gone before the line above
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _last_line(why: str) -> str:
    """The line of a traceback that names the error, for the gradebook."""
    lines = [line.strip() for line in why.strip().splitlines() if line.strip()]
    text = lines[-1] if lines else "unknown"
    return text if len(text) <= 300 else text[:300] + "..."


def grade_class(submissions: dict[str, Path], out_dir: Path, assignment: Optional[str] = None,
                settings: Optional[Settings] = None, progress: bool = True, force: bool = False,
                trusted_code: bool = False) -> tuple[list[SubmissionResult], list[GradingFailure]]:
    """Grade many submissions in parallel and write the gradebook.

    Parameters
    ----------
    submissions : dict of student id -> submission folder
    out_dir : Path
        Receives ``<student>/results.json``, ``<student>/feedback.{md,html}`` and
        ``gradebook.csv``.
    settings : Settings, optional
        Default: the settings in force. ``settings.workers`` processes on this
        machine (0: one per core), or one task per student on the Dask cluster
        at ``settings.scheduler`` (:mod:`autograder.cluster`).
    force : bool
        Regrade students whose stored results are unchanged.
    trusted_code : bool
        The course's own submissions (the demo): may run without bubblewrap.

    Returns
    -------
    results : list of SubmissionResult, one per graded student, sorted by student
    failures : list of GradingFailure, students whose grading itself failed
    """
    settings, note = class_settings(settings or load_settings(), trusted_code=trusted_code)
    if note:
        print(note, file=sys.stderr)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if assignment:
        get_assignment(assignment)  # fail fast on an unknown assignment
    jobs = [GradingJob(student, Path(path), out_dir / student, assignment)
            for student, path in sorted(submissions.items())]
    results: dict[str, SubmissionResult] = {}
    failures: list[GradingFailure] = []
    bar = Progress(len(jobs), "grading", "student", enabled=progress)

    def on_done(student: str, result: Optional[SubmissionResult], why: Optional[str]) -> None:
        if result is not None:
            results[student] = result
        else:
            failures.append(GradingFailure(student, why or "unknown", _last_line(why or "")))
        bar.update(student)

    if settings.scheduler:
        from .cluster import grade_on_cluster
        grade_on_cluster(jobs, settings, settings.scheduler, force=force, on_done=on_done)
    else:
        _grade_here(jobs, settings, force, on_done)
    bar.close()
    ordered = [results[s] for s in sorted(results)]
    failures.sort(key=lambda f: f.student)
    write_gradebook(ordered, out_dir / "gradebook.csv", failures, assignment)
    return ordered, failures


def class_settings(settings: Settings, *, trusted_code: bool = False) -> tuple[Settings, str]:
    """``settings`` with the isolation a class is graded with, and a warning to show (or ``""``).

    Raises
    ------
    IsolationRefused
        Student code would run unisolated (see :mod:`autograder.grading_isolation`).
    """
    if settings.scheduler:
        # Graded on the cluster's machines, whose sandboxes then insist on bubblewrap.
        return (settings.replace(isolation="bwrap") if settings.isolation == "auto" else settings), ""
    return grading_settings(settings, trusted_code=trusted_code)


def _grade_here(jobs: list[GradingJob], settings: Settings, force: bool, on_done) -> None:
    """Grade ``jobs`` in worker processes of this machine."""
    if settings.example_bank and jobs:  # drawn once here rather than in every worker at once
        ensure_banks(specs_for(jobs[0].assignment), settings)
    workers = max(1, min(settings.workers or os.cpu_count() or 1, len(jobs) or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(grade_student, job, settings, force=force): job.student
                   for job in jobs}
        for future in as_completed(futures):
            try:
                result, why = future.result(), None
            except Exception:  # a grader failure for one student must not stop the class
                result, why = None, traceback.format_exc()
            on_done(futures[future], result, why)


def write_gradebook(results: list[SubmissionResult], path: Path,
                    failures: list[GradingFailure] = (), assignment: Optional[str] = None) -> None:
    """CSV: student, total, max, one column per graded task (:attr:`TaskResult.label`), note.

    A student whose grading failed has empty scores and ``grading failed:
    <reason>`` as the note; rows are sorted by student.
    """
    columns: list[str] = []
    for r in results:
        for task in r.tasks:
            if task.label not in columns:
                columns.append(task.label)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = SafeWriter(handle)
        writer.writerow(["student", "assignment", "total", "max"] + columns + ["note"])
        rows = []
        for r in results:
            by_label = {task.label: task.score for task in r.tasks}
            rows.append([r.student, r.assignment or "", f"{r.score:g}", f"{r.max_score:g}"]
                        + [f"{by_label[n]:g}" if n in by_label else "" for n in columns] + [""])
        for failure in failures:
            rows.append([failure.student, assignment or "", "", ""] + [""] * len(columns)
                        + [f"grading failed: {failure.reason or 'see the grader output'}"])
        writer.writerows(sorted(rows, key=lambda row: row[0]))
    os.replace(tmp, path)


def discover_submissions(root: Path) -> dict[str, Path]:
    """One sub-folder per student (the folder name is the student id)."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"no submissions folder at {root}")
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")}
