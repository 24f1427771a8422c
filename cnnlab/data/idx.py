"""Read the IDX files of MNIST, gzip-compressed or raw.

IDX layout (big-endian): two zero bytes, a type code (0x08 = unsigned byte),
the number of dimensions ``d``, then ``d`` 4-byte sizes, then the data.
Images are ``idx3`` (count, rows, cols); labels are ``idx1`` (count,).
"""
from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from .errors import DatasetFormatError

GZIP_MAGIC = b"\x1f\x8b"
UBYTE = 0x08


def read_bytes(path: Path) -> bytes:
    """Return a file's contents, gunzipped when it starts with the gzip magic."""
    data = Path(path).read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            raise DatasetFormatError(f"{path}: damaged gzip data ({err})") from err
    return data


def parse_idx(data: bytes, ndim: int, source: str = "IDX data") -> np.ndarray:
    """Decode IDX bytes holding unsigned bytes in ``ndim`` dimensions.

    Parameters
    ----------
    data : bytes
        The uncompressed file.
    ndim : int
        Expected number of dimensions (3 for images, 1 for labels).
    source : str
        Name used in error messages.

    Returns
    -------
    numpy.ndarray
        ``uint8`` array of the shape stored in the header, writable.

    Raises
    ------
    DatasetFormatError
        Wrong magic number, type, dimension count or data size.
    """
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetFormatError(f"{source}: {len(data)} bytes is too short for an IDX header")
    if data[0:2] != b"\0\0" or data[2] != UBYTE or data[3] != ndim:
        raise DatasetFormatError(
            f"{source}: magic number 0x{data[:4].hex()} is not that of an idx{ndim}-ubyte "
            f"file (expected 0x000008{ndim:02x})"
        )
    shape = tuple(int(n) for n in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        raise DatasetFormatError(
            f"{source}: header says shape {shape} ({expected} bytes), file has {len(data)} bytes"
        )
    # Copy so callers get a writable array that does not pin the file's bytes.
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape).copy()

