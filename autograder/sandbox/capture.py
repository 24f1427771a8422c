"""Capture of a student call's output: fds 1/2 and ``sys.stdout``/``sys.stderr``.

Loaded by the worker from its file path (not a package there); imports nothing
from the package. fds 1 and 2 point to a capture file opened ``O_APPEND`` (so
every writer appends, even after the file is truncated between calls, and a
student's subprocess output lands there too); its size is bounded by
``RLIMIT_FSIZE``. ``sys.stdout``/``sys.stderr`` write straight to the file until
the call's character budget is spent and then only count, so a ``print`` flood
costs a method call per line and can never fill a pipe.
"""
from __future__ import annotations

import fcntl
import io
import os
import sys

PROTOCOL_FD_MIN = 900


def move_fd_high(fd: int) -> int:
    """Duplicate ``fd`` to a close-on-exec fd >= 900 and close the original."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD_MIN)
    os.close(fd)
    return high


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except OSError:  # EFBIG past max_file_mb, or a closed fd: drop the rest
            return
        view = view[n:]


class OutputCapture:
    """Per-call capture of fds 1/2 and ``sys.stdout``/``sys.stderr``.

    Parameters
    ----------
    path : str
        The capture file (created by the grader, ``O_APPEND`` here so every
        writer appends even after the file is truncated between calls).
    limit : int
        Characters kept per call.
    """

    def __init__(self, path: str, limit: int):
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
        self.fd = move_fd_high(fd)
        self.limit = limit
        self.budget = limit
        self.dropped = 0
        self.stdout = _CappedText(self, 1, "<stdout>")
        self.stderr = _CappedText(self, 2, "<stderr>")
        self.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")

    def attach(self) -> None:
        """Point fds 0/1/2 and the ``sys`` streams back at the capture (students may move them)."""
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        sys.stdin = sys.__stdin__ = self.stdin
        sys.stdout = sys.__stdout__ = self.stdout
        sys.stderr = sys.__stderr__ = self.stderr

    def reset(self) -> None:
        """Start a new call: empty file, full budget."""
        try:
            os.ftruncate(self.fd, 0)
        except OSError:
            pass
        self.budget = self.limit
        self.dropped = 0
        self.attach()

    def collect(self) -> str:
        """What the call printed, cut to ``limit`` characters with a note on the rest."""
        try:
            size = os.fstat(self.fd).st_size
            raw = os.pread(self.fd, min(size, 4 * self.limit + 4), 0)
        except OSError:
            size, raw = 0, b""
        text = raw.decode("utf-8", "replace")
        dropped = self.dropped + max(0, size - len(raw)) + max(0, len(text) - self.limit)
        text = text[: self.limit]
        if dropped:
            text += f"\n[... {dropped} more characters of output dropped]"
        return text


class _CappedText(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` replacement: writes through until the budget is spent."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, capture: OutputCapture, fileno: int, name: str):
        super().__init__()
        self._capture = capture
        self._fileno = fileno
        self.name = name
        self.buffer = _CappedBytes(capture)

    def write(self, text) -> int:
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        capture = self._capture
        n = len(text)
        if capture.budget <= 0:
            capture.dropped += n
            return n
        part = text if n <= capture.budget else text[: capture.budget]
        capture.budget -= len(part)
        capture.dropped += n - len(part)
        _write_fd(capture.fd, part.encode("utf-8", "replace"))
        return n

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fileno

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def close(self) -> None:  # students closing sys.stdout must not break later calls
        pass


class _CappedBytes(io.RawIOBase):
    """``sys.stdout.buffer``: the same budget, counted in bytes."""

    def __init__(self, capture: OutputCapture):
        super().__init__()
        self._capture = capture

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        capture = self._capture
        part = data[: max(capture.budget, 0)]
        capture.budget -= len(part)
        capture.dropped += len(data) - len(part)
        if part:
            _write_fd(capture.fd, part)
        return len(data)

    def close(self) -> None:
        pass
