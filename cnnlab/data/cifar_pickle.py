"""Read the official CIFAR-10 "python version": pickled batches of 10,000 images.

Each of ``data_batch_1`` .. ``data_batch_5`` and ``test_batch`` is a Python 2
pickle of a dict with (byte-string) keys ``data`` (uint8, ``(10000, 3072)``,
each row 1024 red, 1024 green, 1024 blue values of a 32x32 image in row-major
order), ``labels`` (list of ints), ``batch_label`` and ``filenames``.

Pickle is the official format, so it is read with pickle, but through an
unpickler whose ``find_class`` allows only the three numpy names such a batch
refers to (``_reconstruct``, ``ndarray``, ``dtype``): a file that asks for any
other callable is rejected instead of being executed. Batches are read from the
extracted ``cifar-10-batches-py/`` folder or straight from the ``.tar.gz``,
streaming its members without extracting anything to disk.
"""
from __future__ import annotations

import io
import pickle
import tarfile
from pathlib import Path, PurePosixPath

import numpy as np

from .errors import DatasetFormatError

TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
ALL_BATCHES = TRAIN_BATCHES + (TEST_BATCH,)
ARCHIVE_EXTRAS = ("batches.meta", "readme.html")
SIDE = 32
N_CLASSES = 10

Split = tuple[np.ndarray, np.ndarray]

# The function numpy pickles arrays with; it lives in numpy.core.multiarray
# (numpy 1.x, and the name written in the official files) or numpy._core.multiarray.
_RECONSTRUCT = np.ndarray((0,), np.uint8).__reduce__()[0]
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
}


class BatchUnpickler(pickle.Unpickler):
    """An unpickler that resolves only the globals a CIFAR-10 batch needs."""

    def find_class(self, module: str, name: str):  # noqa: D102 - see the class docstring
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load {module}.{name}: not part of a CIFAR-10 batch"
            ) from None


def parse_batch(data: bytes, source: str) -> Split:
    """Decode one pickled batch into channels-last images and labels.

    Parameters
    ----------
    data : bytes
        The batch file's contents.
    source : str
        Name used in error messages.

    Returns
    -------
    x : numpy.ndarray
        ``uint8``, ``(n, 32, 32, 3)``.
    y : numpy.ndarray
        ``int64``, ``(n,)``.
    """
    try:
        # encoding="bytes": the batches were written by Python 2, whose str
        # (keys and raw array data) must stay bytes.
        batch = BatchUnpickler(io.BytesIO(data), encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, KeyError) as err:
        raise DatasetFormatError(f"{source}: not a CIFAR-10 batch ({err})") from err
    if not isinstance(batch, dict) or b"data" not in batch or b"labels" not in batch:
        raise DatasetFormatError(f"{source}: not a CIFAR-10 batch (no data/labels entries)")
    pixels, labels = batch[b"data"], np.asarray(batch[b"labels"])
    if (not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.ndim != 2
            or pixels.shape[1] != 3 * SIDE * SIDE):
        raise DatasetFormatError(f"{source}: data is not uint8 rows of {3 * SIDE * SIDE} values")
    if labels.shape != (pixels.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise DatasetFormatError(f"{source}: {labels.shape} labels for {pixels.shape[0]} images")
    if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
        raise DatasetFormatError(f"{source}: labels outside 0..{N_CLASSES - 1}")
    # (n, 3, 32, 32) planes -> (n, 32, 32, 3), copied so it is contiguous.
    x = np.ascontiguousarray(pixels.reshape(-1, 3, SIDE, SIDE).transpose(0, 2, 3, 1))
    return x, labels.astype(np.int64)


def _join(batches: dict[str, bytes], source: str) -> tuple[Split, Split]:
    missing = [name for name in ALL_BATCHES if name not in batches]
    if missing:
        raise DatasetFormatError(f"{source}: missing batch file(s) {', '.join(missing)}")
    parts = [parse_batch(batches[name], f"{source}:{name}") for name in TRAIN_BATCHES]
    train = (np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts]))
    return train, parse_batch(batches[TEST_BATCH], f"{source}:{TEST_BATCH}")


def is_batch_dir(folder: Path) -> bool:
    """Whether ``folder`` looks like an extracted ``cifar-10-batches-py/``."""
    return (folder / TEST_BATCH).is_file() and (folder / TRAIN_BATCHES[0]).is_file()


def read_batch_dir(folder: Path) -> tuple[Split, Split]:
    """Read the six batches of an extracted ``cifar-10-batches-py/`` folder."""
    batches = {name: (folder / name).read_bytes() for name in ALL_BATCHES
               if (folder / name).is_file()}
    return _join(batches, str(folder))


def is_batch_member(name: str) -> bool:
    """Whether a tar member name is a file of the official archive."""
    return PurePosixPath(name).name in ALL_BATCHES + ARCHIVE_EXTRAS


def read_batch_tar(archive: Path) -> tuple[Split, Split]:
    """Read the six batches straight from ``cifar-10-python.tar.gz`` (one pass)."""
    batches: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                base = PurePosixPath(member.name).name
                if member.isfile() and base in ALL_BATCHES:
                    batches[base] = tar.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError) as err:
        raise DatasetFormatError(f"{archive}: cannot read the archive ({err})") from err
    return _join(batches, str(archive))
