"""Length-prefixed frames: the byte format of every message on the protocol pipes.

A frame is ``PREFIX`` (magic ``b"SBX1"``, header length ``uint32``, body length
``uint64``, little endian), then the header (UTF-8 JSON object), then the body
(the blobs of one :class:`codec.Encoded` value, zero-padded to their offsets).

Both sides use the pure helpers (:func:`pack`, :func:`parse_prefix`,
:func:`parse_header`); the blocking reader/writer at the bottom is the worker's.
The grader reads and writes with deadlines in :mod:`channel`. Like
:mod:`codec`, this module is loaded by the worker from its file path and
imports nothing from the package.
"""
from __future__ import annotations

import json
import os
import struct

PREFIX = struct.Struct("<4sIQ")
MAGIC = b"SBX1"
MAX_HEADER = 16 << 20
_ZEROS = bytes(64)
_dumps = json.dumps
_loads = json.loads


class FrameError(ValueError):
    """Bytes on the pipe that are not a well-formed frame within the size caps."""


def pack(header: dict, chunks: list = (), body_size: int = 0) -> list:
    """Serialise one message into a list of buffers to write in order.

    Parameters
    ----------
    header : dict
        JSON-serialisable (the encoded payload tree goes in here).
    chunks : list of (offset, memoryview)
        Blobs of the body, offsets increasing (as in ``codec.Encoded``).
    body_size : int
        Total body length; gaps between blobs are sent as zeros.
    """
    text = _dumps(header, ensure_ascii=True, allow_nan=True, separators=(",", ":"))
    raw = text.encode("ascii")
    if len(raw) > MAX_HEADER:
        raise FrameError(f"message header larger than {MAX_HEADER >> 20} MB")
    out: list = [PREFIX.pack(MAGIC, len(raw), body_size) + raw]
    position = 0
    for offset, data in chunks:
        gap = offset - position
        while gap > 0:
            piece = _ZEROS[:gap]
            out.append(piece)
            gap -= len(piece)
        out.append(data)
        position = offset + data.nbytes
    if position != body_size:
        raise FrameError("body size does not match its blobs")
    return out


def parse_prefix(raw: bytes, max_body: int) -> tuple[int, int]:
    """``(header_length, body_length)`` from the fixed-size prefix, checked against caps."""
    magic, header_length, body_length = PREFIX.unpack(raw)
    if magic != MAGIC:
        raise FrameError("bytes on the protocol pipe that are not a message")
    if header_length > MAX_HEADER or body_length > max_body:
        raise FrameError(f"message too large ({header_length} + {body_length} bytes)")
    return header_length, body_length


def parse_header(raw: bytes) -> dict:
    """The JSON header object; anything else is a ``FrameError``."""
    try:
        header = _loads(raw.decode("ascii"))
    except (ValueError, RecursionError) as exc:
        raise FrameError(f"unreadable message header ({type(exc).__name__})") from exc
    if type(header) is not dict:
        raise FrameError("message header is not an object")
    return header


# --- blocking I/O (worker side) -------------------------------------------------

def read_exact(fd: int, size: int) -> bytearray:
    """Read exactly ``size`` bytes; ``EOFError`` if the pipe closes first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        n = os.readv(fd, [view[done:]])
        if n == 0:
            raise EOFError("protocol pipe closed")
        done += n
    return buffer


def read_frame(fd: int, max_body: int) -> tuple[dict, bytearray]:
    """Block until one whole frame has arrived; return its header and body."""
    header_length, body_length = parse_prefix(bytes(read_exact(fd, PREFIX.size)), max_body)
    header = parse_header(bytes(read_exact(fd, header_length)))
    return header, read_exact(fd, body_length)


def write_all(fd: int, buffers: list) -> None:
    """Write every buffer in order, whatever the pipe accepts per call."""
    pending = [memoryview(b).cast("B") for b in buffers if len(b)]
    while pending:
        drop_written(pending, os.writev(fd, pending[:512]))


def drop_written(pending: list, written: int) -> None:
    """Remove the first ``written`` bytes from ``pending`` (a list of byte memoryviews)."""
    while written and pending:
        first = pending[0]
        if written >= first.nbytes:
            written -= first.nbytes
            pending.pop(0)
        else:
            pending[0] = first[written:]
            written = 0


def write_frame(fd: int, header: dict, chunks: list = (), body_size: int = 0) -> None:
    """Pack and send one message (blocking)."""
    write_all(fd, pack(header, chunks, body_size))
