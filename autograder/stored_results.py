"""A student's graded files on disk: written atomically, found again by fingerprint.

One folder per student::

    <out>/<student>/feedback.md      Markdown feedback (Korean with English)
    <out>/<student>/feedback.html    the same as a self-contained page
    <out>/<student>/results.json     Gradescope's schema
    <out>/<student>/result.json      the full result; written last, so its presence means "done"

The fingerprint in ``result.json`` hashes everything the grade depends on: the
grader's code and manifest, the provided ``cnnlab`` package, the reference
solutions, the settings in force, the assignment, and the submission's files.
A rerun skips a student only when that hash is unchanged.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .grading_results import SubmissionResult
from .settings import Settings
from .submission_files import GRADED_SUFFIXES, MAX_FILE_BYTES, list_files, read_file

RESULT_FILE = "result.json"          # full internal result (for resume and the gradebook)
GRADESCOPE_FILE = "results.json"     # Gradescope's schema


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that an interrupted run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8", errors="replace")  # a stray surrogate is no crash
    os.replace(tmp, path)


def _hash_tree(digest, folder: Path, suffixes: tuple[str, ...]) -> None:
    for file in sorted(p for p in folder.rglob("*") if p.suffix in suffixes
                       and "__pycache__" not in p.parts and p.is_file()):
        digest.update(str(file.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())


@lru_cache(maxsize=None)
def trusted_digest(solutions: Path) -> str:
    """Hash of the grader, its manifest, ``cnnlab`` and the references in ``solutions``."""
    import cnnlab

    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    for folder in (Path(__file__).resolve().parent, Path(cnnlab.__file__).resolve().parent,
                   Path(solutions)):
        digest.update(f"\0{folder.name}\0".encode())
        _hash_tree(digest, folder, (".py", ".toml", ".json"))
    return digest.hexdigest()


def fingerprint(submission: Path, assignment: Optional[str], settings: Settings) -> str:
    """Hash of everything a grade depends on (see the module docstring).

    Only regular files of the submission are read, within the caps of
    :mod:`autograder.submission_files`; what those caps leave out cannot
    change the grade either.
    """
    from .reference import solutions_dir

    digest = hashlib.sha256(trusted_digest(solutions_dir(settings)).encode())
    digest.update(f"|{assignment}|{settings.as_json()}|".encode())
    files = list_files(Path(submission), GRADED_SUFFIXES)
    for relative in files.files:
        digest.update(str(relative).encode() + b"\0")
        digest.update(hashlib.sha256(read_file(files.root / relative,
                                               MAX_FILE_BYTES[relative.suffix])).digest())
    return digest.hexdigest()


def write_student_files(result: SubmissionResult, folder: Path) -> None:
    """feedback.md, feedback.html, results.json (Gradescope), then result.json."""
    from .report import to_gradescope, to_html, to_markdown

    folder = Path(folder)
    write_atomic(folder / "feedback.md", to_markdown(result))
    write_atomic(folder / "feedback.html", to_html(result))
    write_atomic(folder / GRADESCOPE_FILE,
                 json.dumps(to_gradescope(result), ensure_ascii=False, indent=2))
    # Written last: its presence marks the student as done.
    write_atomic(folder / RESULT_FILE, json.dumps(result.to_dict(), ensure_ascii=False, indent=1))


def load_result(folder: Path) -> Optional[SubmissionResult]:
    """The stored result of one student, or ``None`` (missing or damaged: redone, not trusted)."""
    file = Path(folder) / RESULT_FILE
    try:
        return SubmissionResult.from_dict(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def load_finished(folder: Path, expected_fingerprint: str) -> Optional[SubmissionResult]:
    """The stored result if it was graded from exactly these inputs, else ``None``."""
    result = load_result(folder)
    return result if result is not None and result.fingerprint == expected_fingerprint else None
