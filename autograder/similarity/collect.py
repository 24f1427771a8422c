"""Collect the Python code of hostile submission folders, safely and within bounds.

Only regular ``.py`` files are read. Symbolic links are never followed, FIFOs,
devices and sockets are never opened for reading, files larger than
:data:`MAX_FILE_BYTES` are skipped, and a submission contributes at most
:data:`MAX_FILES` files from at most :data:`MAX_DEPTH` folder levels, after
looking at no more than :data:`MAX_ENTRIES` directory entries. Files that are
byte-identical to a released stub are skipped: they hold nothing the student
wrote. Every skipped path is recorded with the reason.
"""
from __future__ import annotations

import os
import stat
from itertools import islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from autograder.submission_files import UnreadableFile, read_file

MAX_FILE_BYTES = 256 * 1024      # the largest stub is ~15 KB; a student's module is far smaller than this
MAX_FILES = 40                   # per submission
MAX_DEPTH = 3                    # the submission folder is depth 0
MAX_ENTRIES = 2000               # directory entries looked at per submission
SKIPPED_FOLDERS = {"__pycache__", "node_modules"}


@dataclass(frozen=True)
class SourceFile:
    """One Python file of a submission.

    Attributes
    ----------
    path : str
        Path relative to the submission folder, with ``/`` separators.
    text : str
        The file's text (UTF-8; undecodable bytes replaced).
    """
    path: str
    text: str


@dataclass
class StudentCode:
    """The code one student wrote, as far as it can be read safely.

    Attributes
    ----------
    student : str
        Student id (the folder name).
    files : list of SourceFile
        Regular ``.py`` files that differ from every stub, sorted by path.
    skipped : list of (str, str)
        ``(relative path, reason)`` for everything left out.
    """
    student: str
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def stub_contents(stub_dirs: Iterable[Path]) -> set[bytes]:
    """The exact bytes of every released stub module found in ``stub_dirs``.

    Parameters
    ----------
    stub_dirs : iterable of Path
        Folders holding the released ``*.py`` stubs; missing folders are ignored.

    Returns
    -------
    set of bytes
    """
    found = set()
    for folder in stub_dirs:
        for path in sorted(Path(folder).glob("*.py")) if Path(folder).is_dir() else []:
            if path.is_file() and not path.is_symlink():
                found.add(path.read_bytes())
    return found


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """Read a regular file of at most ``limit`` bytes, or return None.

    :func:`autograder.submission_files.read_file` opens it without following a
    symbolic link and without blocking (a FIFO put in place after the
    directory was listed cannot hang the reader), then checks the descriptor.
    """
    try:
        return read_file(path, limit)
    except UnreadableFile:
        return None


def _walk(folder: Path, code: StudentCode, stubs: set[bytes]) -> None:
    """Breadth-first over ``folder`` within the bounds, filling ``code``."""
    queue: list[tuple[Path, str, int]] = [(folder, "", 0)]
    seen = 0
    while queue:
        directory, prefix, depth = queue.pop(0)
        try:
            entries = os.scandir(directory)
        except OSError as exc:
            code.skipped.append((prefix or ".", f"unreadable folder ({exc.strerror})"))
            continue
        with entries:
            # Never list more than the budget: a folder of a million files costs nothing.
            batch = list(islice(entries, MAX_ENTRIES - seen + 1))
        seen += len(batch)
        if seen > MAX_ENTRIES:
            code.skipped.append((prefix or ".", f"more than {MAX_ENTRIES} entries: the rest not read"))
            batch = batch[:-1]
        for entry in sorted(batch, key=lambda e: e.name):
            _visit(entry, prefix + entry.name, depth, code, stubs, queue)
        if seen > MAX_ENTRIES:
            return


def _visit(entry: os.DirEntry, relative: str, depth: int, code: StudentCode,
           stubs: set[bytes], queue: list) -> None:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        code.skipped.append((relative, "cannot stat"))
        return
    if stat.S_ISLNK(info.st_mode):
        code.skipped.append((relative, "symbolic link (not followed)"))
        return
    if stat.S_ISDIR(info.st_mode):
        if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
            return
        if depth + 1 > MAX_DEPTH:
            code.skipped.append((relative + "/", f"deeper than {MAX_DEPTH} folders"))
        else:
            queue.append((Path(entry.path), relative + "/", depth + 1))
        return
    if not entry.name.endswith(".py"):
        return
    if not stat.S_ISREG(info.st_mode):
        code.skipped.append((relative, "not a regular file"))
        return
    if info.st_size > MAX_FILE_BYTES:
        code.skipped.append((relative, f"larger than {MAX_FILE_BYTES} bytes"))
        return
    if len(code.files) >= MAX_FILES:
        code.skipped.append((relative, f"more than {MAX_FILES} .py files"))
        return
    data = read_regular_file(Path(entry.path))
    if data is None:
        code.skipped.append((relative, "not a regular file of bounded size when opened"))
    elif data in stubs:
        code.skipped.append((relative, "identical to the released stub"))
    elif b"\0" in data:
        code.skipped.append((relative, "binary content"))
    else:
        code.files.append(SourceFile(relative, data.decode("utf-8", errors="replace")))


def collect_submission(student: str, folder: Path, stubs: set[bytes]) -> StudentCode:
    """The readable, non-stub ``.py`` files of one submission folder.

    Parameters
    ----------
    student : str
        Student id.
    folder : Path
        The submission folder. A folder that is itself a symbolic link is not
        read.
    stubs : set of bytes
        Contents of the released stubs (:func:`stub_contents`).

    Returns
    -------
    StudentCode
    """
    code = StudentCode(student)
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        code.skipped.append((".", "not a real folder"))
        return code
    _walk(folder, code, stubs)
    code.files.sort(key=lambda f: f.path)
    return code


def collect_class(submissions: dict[str, Path], stub_dirs: Iterable[Path]) -> list[StudentCode]:
    """:func:`collect_submission` for every student, sorted by student id.

    Parameters
    ----------
    submissions : dict of str to Path
        Student id to submission folder.
    stub_dirs : iterable of Path
        Folders of the released stubs.

    Returns
    -------
    list of StudentCode
    """
    stubs = stub_contents(stub_dirs)
    return [collect_submission(s, Path(p), stubs) for s, p in sorted(submissions.items())]
