"""From one submission folder to that student's files: the one way through the grader.

Every command that grades goes through :func:`grade_student`: ``autograder grade``
(one folder), ``grade-class`` and ``demo`` (one call per student in worker
processes), and the nbgrader course step. It fingerprints the inputs, reuses a
finished result whose fingerprint is unchanged, otherwise grades in a sandbox,
and writes the student's files (:mod:`autograder.stored_results`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .engine import grade_submission
from .grading_results import SubmissionResult, TaskResult
from .manifest import models_for, specs_for, speed_for
from .settings import Settings, load_settings
from .stored_results import fingerprint, load_finished, write_student_files


@dataclass(frozen=True)
class GradingJob:
    """One student to grade.

    Attributes
    ----------
    student : str
        The student's id (the name of the output folder).
    submission : Path
        The folder with the student's modules and weights.
    out_dir : Path
        Where this student's files go (``<out>/<student>`` for a class).
    assignment : str or None
        An id of ``autograder/assignments.toml``; None grades every function.
    functions : tuple of str, optional
        Grade only these functions (``module.function``), no speed or models.
    """
    student: str
    submission: Path
    out_dir: Path
    assignment: Optional[str] = None
    functions: Optional[tuple[str, ...]] = None


def job_fingerprint(job: GradingJob, settings: Settings) -> str:
    """The hash of everything this job's grade depends on (see :mod:`stored_results`)."""
    return fingerprint(job.submission, f"{job.assignment}|{job.functions}", settings)


def grade_job(job: GradingJob, settings: Settings,
              progress: Optional[Callable[[TaskResult], None]] = None) -> SubmissionResult:
    """Grade ``job`` in a sandbox, writing nothing (the caller stores the result)."""
    functions = list(job.functions) if job.functions else None
    return grade_submission(
        job.submission, specs_for(job.assignment, functions), student=job.student,
        assignment=job.assignment, settings=settings, progress=progress,
        models=[] if functions else models_for(job.assignment),
        speed=[] if functions else speed_for(job.assignment))


def store(result: SubmissionResult, job: GradingJob, key: str) -> SubmissionResult:
    """Stamp ``result`` with its fingerprint and write the student's files."""
    result.fingerprint = key
    write_student_files(result, job.out_dir)
    return result


def grade_student(job: GradingJob, settings: Optional[Settings] = None, *, force: bool = False,
                  progress: Optional[Callable[[TaskResult], None]] = None) -> SubmissionResult:
    """Grade one student and write that student's files; reuse an unchanged finished grade.

    Parameters
    ----------
    job : GradingJob
    settings : Settings, optional
        Default: the settings in force.
    force : bool
        Grade again even when the stored result's fingerprint is unchanged.
    progress : callable, optional
        Called with each finished task.

    Returns
    -------
    SubmissionResult
        The new or reused result (``result.json`` in ``job.out_dir`` holds it).
    """
    settings = settings or load_settings()
    key = job_fingerprint(job, settings)
    if not force:
        finished = load_finished(job.out_dir, key)
        if finished is not None:
            return finished
    return store(grade_job(job, settings, progress), job, key)
