"""Grading a class on a Dask cluster: one task per student, every file written by the client.

    autograder grade-class submissions/ --out grades/ --scheduler tcp://10.0.0.5:8786

The machine that runs the command (the client) does everything that touches
the output folder, exactly as a local run does: fingerprints, resume, each
student's files as soon as that student's result arrives, the gradebook. A
task carries the student's graded files (the regular ``.py`` and ``.npz`` files
within the caps of :mod:`autograder.submission_files`) to a worker, which grades
them in a sandbox of its own and sends the result back as plain data.

Workers grade with their own installation of the course repository. Before
grading, a worker compares the digest of its grader, ``cnnlab`` and references
with the client's and refuses on a difference, so a grade never depends on
which machine ran it. A worker without bubblewrap refuses instructor grading
as a single machine does. A worker that dies takes no grades with it: the
scheduler runs its tasks again elsewhere, and a student whose task was lost
with ``distributed.scheduler.allowed-failures`` workers is reported as a
grading failure (dask's ``KilledWorker``) instead of being retried forever.
"""
from __future__ import annotations

import tempfile
import traceback
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Optional

from .grading_results import SubmissionResult
from .pipeline import GradingJob, grade_job, job_fingerprint, store
from .reference import solutions_dir
from .settings import Settings, load_settings
from .stored_results import GRADED_SUFFIXES, load_finished, trusted_digest
from .submission_files import MAX_FILE_BYTES, list_files, read_file

IN_FLIGHT_PER_WORKER = 2   # tasks queued per worker thread: enough to keep it busy, little memory


class GraderMismatch(RuntimeError):
    """A worker's grader or references differ from the client's."""


def pack_submission(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """The files of a submission that grading reads, by relative POSIX path, and what was left out."""
    found = list_files(Path(folder), GRADED_SUFFIXES)
    files = {PurePosixPath(*relative.parts).as_posix():
             read_file(found.root / relative, MAX_FILE_BYTES[relative.suffix])
             for relative in found.files}
    return files, found.skipped


def _unpack(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"refusing a shipped file outside its folder: {name!r}")
        target = folder.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def grade_on_worker(student: str, files: dict[str, bytes], skipped: list[str],
                    assignment: Optional[str], functions: Optional[tuple[str, ...]],
                    settings: Settings, client_digest: str) -> dict[str, Any]:
    """Grade one shipped submission (runs on a Dask worker); returns ``SubmissionResult.to_dict()``.

    ``skipped`` is what the client left out of the submission (said in the
    feedback as on a single machine). ``solutions_dir`` and ``bank_dir`` are the
    worker's own (its environment and manifest), since the client's paths mean
    nothing on another machine.
    """
    own = load_settings()
    settings = settings.replace(solutions_dir=own.solutions_dir, bank_dir=own.bank_dir)
    digest = trusted_digest(solutions_dir(settings))
    if digest != client_digest:
        raise GraderMismatch("this worker's grader, cnnlab or references differ from the "
                             "client's: install the same version of the course repository")
    with tempfile.TemporaryDirectory(prefix="autograder-task-") as tmp:
        folder = Path(tmp) / "submission"
        folder.mkdir()
        _unpack(files, folder)
        job = GradingJob(student, folder, Path(tmp) / "out", assignment, functions)
        result = grade_job(job, settings)
    result.skipped = list(skipped)
    return result.to_dict()


def _failure_text(exc: BaseException) -> str:
    if type(exc).__name__ in ("SandboxError", "GraderMismatch"):  # the worker refused: one line
        return f"a worker refused to grade: {exc}"
    if type(exc).__name__ == "KilledWorker":
        return (f"grading killed the Dask workers it ran on and was given up ({exc}); "
                "look at the workers' logs, then grade this student again")
    return "".join(traceback.format_exception(exc))


def grade_on_cluster(jobs: list[GradingJob], settings: Settings, scheduler: str, *,
                     force: bool = False,
                     on_done: Callable[[str, Optional[SubmissionResult], Optional[str]], None]
                     ) -> None:
    """Grade ``jobs`` on the Dask cluster at ``scheduler``; report each student to ``on_done``.

    ``on_done(student, result, None)`` for a graded (or reused) student, and
    ``on_done(student, None, why)`` for one whose grading itself failed.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("--scheduler needs dask.distributed: pip install '.[cluster]'") from exc

    digest = trusted_digest(solutions_dir(settings))
    with Client(scheduler, timeout="30s") as client:
        threads = max(1, sum(client.nthreads().values()))
        pending: dict[Any, tuple[GradingJob, str]] = {}
        todo = iter(jobs)
        running = as_completed()

        def submit_next() -> bool:
            for job in todo:
                try:
                    key = job_fingerprint(job, settings)
                    finished = None if force else load_finished(job.out_dir, key)
                    if finished is not None:
                        on_done(job.student, finished, None)
                        continue
                    files, skipped = pack_submission(job.submission)
                except Exception as exc:  # one student's folder never stops the class
                    on_done(job.student, None, _failure_text(exc))
                    continue
                future = client.submit(grade_on_worker, job.student, files, skipped,
                                       job.assignment, job.functions, settings, digest, pure=False,
                                       key=f"grade-{job.student}-{key[:16]}")
                pending[future] = (job, key)
                running.add(future)
                return True
            return False

        for _ in range(threads * IN_FLIGHT_PER_WORKER):
            if not submit_next():
                break
        for future in running:
            job, key = pending.pop(future)
            try:
                result = store(SubmissionResult.from_dict(future.result()), job, key)
                on_done(job.student, result, None)
            except Exception as exc:
                on_done(job.student, None, _failure_text(exc))
            finally:
                future.release()
            submit_next()

