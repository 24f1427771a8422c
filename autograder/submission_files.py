"""The files of a submission folder, read as untrusted input.

A submission folder is whatever a student handed in: it may hold symlinks (to
``/dev/zero``, to the references), FIFOs, devices, sparse files of many
gigabytes, directories named ``conv.py`` or a thousand nested folders. Every
part of the grader that reads a submission (the fingerprint, the sandbox's
copy, the trained weights) goes through :func:`list_files` and
:func:`read_file`: only regular files, never followed links, bounded depth,
count and size. What is left out is said, so the student can be told.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_FOLDER_DEPTH = 3          # sub-folders below the submission folder that are looked into
MAX_ENTRIES = 5000            # directory entries looked at in all (a flood of files stops here)
MAX_FILES = 1000              # files kept
MAX_FILE_BYTES = {".py": 5 << 20, ".npz": 256 << 20}
GRADED_SUFFIXES = (".py", ".npz")   # what grading reads of a submission
MAX_TOTAL_BYTES = 512 << 20


class UnreadableFile(OSError):
    """A submission file that is not a regular file of an acceptable size."""


@dataclass
class SubmissionFiles:
    """The files of a submission worth reading, and what was left out.

    Attributes
    ----------
    root : Path
    files : list of Path
        Relative paths of regular files with one of the wanted suffixes, sorted.
    skipped : list of str
        One line per thing left out (a link, a FIFO, a file too large, ...).
    """
    root: Path
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _utf8(name: str) -> bool:
    """Whether a file name decoded from the file system is real text (no stray bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(path: Path) -> str:
    """The name's bytes as text, undecodable bytes as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def list_files(root: Path, suffixes: tuple[str, ...] = (".py",)) -> SubmissionFiles:
    """Regular files with ``suffixes`` below ``root``, without following anything.

    Hidden entries and ``__pycache__`` are ignored silently; links, devices,
    FIFOs, sockets, files over their size cap, folders deeper than
    :data:`MAX_FOLDER_DEPTH` and everything past the count caps are listed in
    ``skipped``.
    """
    root = Path(root)
    found = SubmissionFiles(root)
    info = os.stat(root)  # the folder itself was chosen by the instructor: it may be a link
    if not stat.S_ISDIR(info.st_mode):
        found.skipped.append(f"{root.name}: {_kind(info.st_mode)}, not a folder")
        return found
    entries = total = 0
    pending = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.skipped.append(f"{folder.relative_to(root)}: cannot be listed ({exc.strerror})")
            continue
        for entry in items:
            entries += 1
            if entries > MAX_ENTRIES:
                found.skipped.append(f"more than {MAX_ENTRIES} entries: the rest was not read")
                found.files.sort()
                return found
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            path = Path(entry.path)
            relative = path.relative_to(root)
            if not _utf8(entry.name):
                found.skipped.append(f"{_printable(relative)}: a name that is not UTF-8, not read")
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                if path.suffix in suffixes:  # a folder named like a module: said, not searched
                    found.skipped.append(f"{relative}: a folder, not read")
                elif depth + 1 > MAX_FOLDER_DEPTH:
                    found.skipped.append(f"{relative}/: deeper than {MAX_FOLDER_DEPTH} folders")
                else:
                    pending.append((path, depth + 1))
                continue
            suffix = path.suffix
            if suffix not in suffixes:
                continue
            if not stat.S_ISREG(mode):
                found.skipped.append(f"{relative}: {_kind(mode)}, not read")
                continue
            size = entry.stat(follow_symlinks=False).st_size
            cap = MAX_FILE_BYTES.get(suffix, 5 << 20)
            if size > cap:
                found.skipped.append(f"{relative}: {size:,} bytes, over the {cap:,}-byte limit")
                continue
            if len(found.files) >= MAX_FILES or total + size > MAX_TOTAL_BYTES:
                found.skipped.append(f"{relative}: over the limit of {MAX_FILES} files "
                                     f"or {MAX_TOTAL_BYTES:,} bytes in all")
                continue
            total += size
            found.files.append(relative)
    found.files.sort()
    return found


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, never following a link.

    Raises
    ------
    UnreadableFile
        A link, FIFO, device, folder, or a file larger than ``max_bytes``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableFile(f"{Path(path).name}: cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"{Path(path).name}: {_kind(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise UnreadableFile(f"{Path(path).name}: {info.st_size:,} bytes, over the "
                                 f"{max_bytes:,}-byte limit")
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise UnreadableFile(f"{Path(path).name}: grew past {max_bytes:,} bytes while read")
        return data
    finally:
        os.close(fd)
