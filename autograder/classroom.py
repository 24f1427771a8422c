"""Grading a whole class: parallel workers, one result file per student, resumable.

Each student's results are written as soon as that student is graded, so an
interrupted run loses nothing; a rerun skips every student whose files and
grader version are unchanged (the fingerprint in ``result.json``).
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from tqdm import tqdm

from . import __version__
from .assignments import models_for, specs_for, speed_for
from .engine import Budget, grade_submission
from .report import to_html, to_markdown, write_gradescope
from .report.gradescope import write_atomic
from .results import SubmissionResult

RESULT_FILE = "result.json"          # full internal result (for resume and the gradebook)
GRADESCOPE_FILE = "results.json"     # Gradescope's schema


@dataclass
class GradingFailure:
    """Grading itself failed for a student (never the student's fault)."""
    student: str
    error: str


@lru_cache(maxsize=1)
def grader_digest() -> str:
    """Hash of the grader's own code and manifest: a changed spec regrades everyone."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for file in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml")):
        digest.update(str(file.relative_to(package)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def fingerprint(path: Path, assignment: Optional[str]) -> str:
    """Hash of a submission's code and weights files, the assignment and the grader."""
    digest = hashlib.sha256(f"{grader_digest()}|{assignment}".encode())
    for file in sorted(p for p in Path(path).rglob("*") if p.suffix in (".py", ".npz")):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def write_student_files(result: SubmissionResult, folder: Path) -> None:
    """results.json (Gradescope), result.json (full), feedback.md and feedback.html."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "feedback.md", to_markdown(result))
    write_atomic(folder / "feedback.html", to_html(result))
    write_gradescope(result, folder / GRADESCOPE_FILE)
    # Written last: its presence marks the student as done.
    write_atomic(folder / RESULT_FILE, json.dumps(result.to_dict(), ensure_ascii=False, indent=1))


def load_finished(folder: Path, expected_fingerprint: str) -> Optional[SubmissionResult]:
    file = folder / RESULT_FILE
    if not file.exists():
        return None
    try:
        result = SubmissionResult.from_dict(json.loads(file.read_text(encoding="utf-8")))
    except (ValueError, TypeError, KeyError):
        return None  # a damaged file is redone, not trusted
    return result if result.fingerprint == expected_fingerprint else None


def grade_one(student: str, path: Path, out_dir: Path, assignment: Optional[str],
              isolation: str = "auto", budget: Budget = Budget()) -> SubmissionResult:
    """Grade one submission and write its files (runs in a worker process)."""
    result = grade_submission(Path(path), specs_for(assignment), student=student,
                              assignment=assignment, isolation=isolation, budget=budget,
                              models=models_for(assignment), speed=speed_for(assignment))
    result.fingerprint = fingerprint(Path(path), assignment)
    write_student_files(result, Path(out_dir) / student)
    return result


def grade_class(submissions: dict[str, Path], out_dir: Path, assignment: Optional[str] = None,
                workers: Optional[int] = None, isolation: str = "auto",
                progress: bool = True, budget: Budget = Budget()
                ) -> tuple[list[SubmissionResult], list[GradingFailure]]:
    """Grade many submissions in parallel and write the gradebook.

    Parameters
    ----------
    submissions : dict of student id -> submission folder
    out_dir : Path
        Receives ``<student>/results.json``, ``<student>/feedback.{md,html}`` and
        ``gradebook.csv``.
    workers : int, optional
        Worker processes (default: all cores).

    Returns
    -------
    results : list of SubmissionResult, one per graded student, sorted by student
    failures : list of GradingFailure, students whose grading itself failed
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs_for(assignment)  # fail fast on an unknown assignment
    results: dict[str, SubmissionResult] = {}
    todo = {}
    for student, path in sorted(submissions.items()):
        done = load_finished(out_dir / student, fingerprint(Path(path), assignment))
        if done is not None:
            results[student] = done
        else:
            todo[student] = Path(path)
    failures: list[GradingFailure] = []
    bar = tqdm(total=len(submissions), initial=len(results), desc="grading", unit="student",
               disable=not progress)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(grade_one, s, p, out_dir, assignment, isolation, budget): s
                   for s, p in todo.items()}
        for future in as_completed(futures):
            student = futures[future]
            try:
                results[student] = future.result()
            except Exception:  # a grader failure for one student must not stop the class
                failures.append(GradingFailure(student, traceback.format_exc()))
            bar.update(1)
            bar.set_postfix_str(student)
    bar.close()
    ordered = [results[s] for s in sorted(results)]
    write_gradebook(ordered, out_dir / "gradebook.csv")
    return ordered, failures


def write_gradebook(results: list[SubmissionResult], path: Path) -> None:
    """CSV: student, total, max, then one column per graded function (``module.function``)."""
    functions: list[str] = []
    for r in results:
        for f in r.functions:
            if f"{f.module}.{f.function}" not in functions:
                functions.append(f"{f.module}.{f.function}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "total", "max"] + functions)
        for r in results:
            by_name = {f"{f.module}.{f.function}": f.score for f in r.functions}
            writer.writerow([r.student, r.assignment or "", f"{r.score:g}", f"{r.max_score:g}"]
                            + [f"{by_name[n]:g}" if n in by_name else "" for n in functions])
    os.replace(tmp, path)


def discover_submissions(root: Path) -> dict[str, Path]:
    """One sub-folder per student (the folder name is the student id)."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"no submissions folder at {root}")
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")}
