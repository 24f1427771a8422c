"""Grader side of the protocol pipes: whole frames, sent and received with deadlines.

The grader never blocks without a deadline: both pipe ends are non-blocking
and every wait is a ``poll`` bounded by the time left, so a worker that stops
reading, floods the pipe or goes silent costs at most the call's timeout.
"""
from __future__ import annotations

import fcntl
import math
import os
import select
import time

from .frames import PREFIX, FrameError, drop_written, pack, parse_header, parse_prefix

_READ_SIZE = 1 << 16
_PIPE_SIZE = 1 << 20


class ChannelTimeout(Exception):
    """The deadline passed before the frame was fully sent or received."""


class ChannelClosed(Exception):
    """The other end of a pipe is gone (the worker exited or closed it)."""


def widen_pipe(fd: int) -> None:
    """Ask for a 1 MB pipe buffer (fewer wake-ups for big arrays); best effort."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (OSError, AttributeError):
        pass


class Channel:
    """Framed messages over a pair of pipe fds owned by the grader.

    Parameters
    ----------
    read_fd, write_fd : int
        The grader's ends of the response and request pipes; they are made
        non-blocking and closed by :meth:`close`.
    """

    def __init__(self, read_fd: int, write_fd: int):
        self.read_fd = read_fd
        self.write_fd = write_fd
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        self._poll_in = select.poll()
        self._poll_in.register(read_fd, select.POLLIN)
        self._poll_out = select.poll()
        self._poll_out.register(write_fd, select.POLLOUT)
        self._pending = bytearray()  # received bytes not yet consumed

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.read_fd = self.write_fd = -1

    @staticmethod
    def _wait(poller: select.poll, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ChannelTimeout()
        poller.poll(max(1, math.ceil(remaining * 1000)))

    def send(self, header: dict, chunks: list = (), body_size: int = 0,
             deadline: float = math.inf) -> None:
        """Write one frame before ``deadline`` (a ``time.monotonic()`` value)."""
        pending = [memoryview(b).cast("B") for b in pack(header, chunks, body_size) if len(b)]
        while pending:
            try:
                written = os.writev(self.write_fd, pending[:512])
            except BlockingIOError:
                self._wait(self._poll_out, deadline)
                continue
            except (BrokenPipeError, OSError) as exc:
                raise ChannelClosed(str(exc)) from exc
            drop_written(pending, written)

    def _read_some(self, deadline: float) -> bytes:
        while True:
            try:
                chunk = os.read(self.read_fd, _READ_SIZE)
            except BlockingIOError:
                self._wait(self._poll_in, deadline)
                continue
            except OSError as exc:
                raise ChannelClosed(str(exc)) from exc
            if not chunk:
                raise ChannelClosed("the worker closed its end of the pipe")
            return chunk

    def _take(self, size: int, deadline: float) -> bytes:
        while len(self._pending) < size:
            self._pending += self._read_some(deadline)
        out = bytes(self._pending[:size])
        del self._pending[:size]
        return out

    def _take_body(self, size: int, deadline: float) -> bytearray:
        body = bytearray(size)
        view = memoryview(body)
        done = min(size, len(self._pending))
        view[:done] = self._pending[:done]
        del self._pending[:done]
        while done < size:
            try:
                n = os.readv(self.read_fd, [view[done:]])
            except BlockingIOError:
                self._wait(self._poll_in, deadline)
                continue
            except OSError as exc:
                raise ChannelClosed(str(exc)) from exc
            if n == 0:
                raise ChannelClosed("the worker closed its end of the pipe")
            done += n
        return body

    def receive(self, deadline: float = math.inf, max_body: int = 256 << 20) -> tuple[dict, bytearray]:
        """Read one frame before ``deadline``.

        Raises
        ------
        ChannelTimeout, ChannelClosed
        FrameError
            Bad magic, a header that is not a JSON object, or sizes above the caps;
            the stream is then out of step and the worker must be replaced.
        """
        header_length, body_length = parse_prefix(self._take(PREFIX.size, deadline), max_body)
        header = parse_header(self._take(header_length, deadline))
        return header, self._take_body(body_length, deadline)


__all__ = ["Channel", "ChannelClosed", "ChannelTimeout", "FrameError", "widen_pipe"]
