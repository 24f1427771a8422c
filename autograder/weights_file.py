"""A student's saved weights (``.npz``), read as untrusted data into a network's parameters.

The file is read through :mod:`autograder.submission_files` (a regular file,
never a link, FIFO or device, size-capped), and nothing in it is trusted
before it is checked against the network it must fit: the archive's central
directory is bounded before :mod:`zipfile` parses it, each member must be
``<parameter>.npy`` of a parameter the network has, its declared size and its
``.npy`` header (shape, dtype) must fit that parameter before any data is
inflated, and arrays are read with ``allow_pickle=False``. A zip bomb, a
million tiny members, a header that claims terabytes or an object array is
refused with a ``ValueError`` that says why.
"""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import numpy as np

from .submission_files import read_file

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_MAX_DIRECTORY_BYTES = 1 << 20
_NPY_HEADER_BYTES = 1 << 16     # room for a .npy header (format 1.0 uses at most 64 KiB)
_LARGEST_ITEM = 16              # bytes per value of the widest dtype accepted (complex128)


class WeightsError(ValueError):
    """The weights file does not hold the network's parameters."""


def file_cap(parameters: dict[str, np.ndarray]) -> int:
    """The largest weights file worth reading for these parameters, in bytes."""
    return sum(p.size * _LARGEST_ITEM + _NPY_HEADER_BYTES for p in parameters.values()) + (1 << 20)


def _check_directory(data: bytes, members: int) -> None:
    """Refuse archives whose central directory alone would cost the grader memory."""
    end = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - (1 << 16) - 22))
    if end < 0:
        raise WeightsError("not an .npz file (no zip directory)")
    if data.rfind(_ZIP64_LOCATOR, max(0, end - 20), end) >= 0:
        raise WeightsError("a ZIP64 archive (save_weights never writes one)")
    entries, directory_size = struct.unpack("<HI", data[end + 10:end + 16])
    if entries > members or directory_size > _MAX_DIRECTORY_BYTES:
        raise WeightsError(f"the archive lists {entries} files; the network has {members} "
                           "parameter arrays")


def _npy_header(member) -> tuple[tuple[int, ...], np.dtype]:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise WeightsError(f".npy format {version} (save_weights writes 1.0)")
    return shape, dtype


def load_parameters(path: Path, parameters: dict[str, np.ndarray]) -> None:
    """Read ``path`` into ``parameters`` (in place), checking everything first.

    Parameters
    ----------
    path : Path
        The student's ``.npz`` (as ``Sequential.save_weights`` writes it).
    parameters : dict of name -> ndarray
        The network's live parameter arrays (``Sequential.parameters()``).

    Raises
    ------
    FileNotFoundError
        No such file.
    autograder.submission_files.UnreadableFile
        A link, FIFO, device or a file over the cap.
    WeightsError
        Anything in the file that does not fit the network.
    """
    if not Path(path).exists() and not Path(path).is_symlink():
        raise FileNotFoundError(path)
    data = read_file(Path(path), file_cap(parameters))
    _check_directory(data, len(parameters))
    wanted = {f"{name}.npy": array for name, array in parameters.items()}
    values = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if set(members) != set(wanted):
                raise WeightsError(f"the file holds {sorted(n[:-4] for n in members)[:20]}, the "
                                   f"network has {sorted(parameters)}")
            for name, info in members.items():
                target = wanted[name]
                if info.file_size > target.size * _LARGEST_ITEM + _NPY_HEADER_BYTES:
                    raise WeightsError(f"{name[:-4]} is {info.file_size:,} bytes, far more than "
                                       f"its {target.size:,} values need")
                with archive.open(info) as member:
                    shape, dtype = _npy_header(member)
                    if shape != target.shape:
                        raise WeightsError(f"{name[:-4]} has shape {shape}, the network's is "
                                           f"{target.shape}")
                    if dtype.kind not in "biuf" or dtype.fields is not None:
                        raise WeightsError(f"{name[:-4]} has dtype {dtype}, not numbers")
                with archive.open(info) as member:
                    values[name] = np.lib.format.read_array(member, allow_pickle=False)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, struct.error,
            NotImplementedError) as exc:
        raise WeightsError(f"not a readable .npz file ({type(exc).__name__}: {exc})") from None
    for name, value in values.items():
        wanted[name][...] = value
