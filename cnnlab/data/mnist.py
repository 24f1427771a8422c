"""MNIST: 60,000 training and 10,000 test digits, 28x28 grey levels.

Read from the four official IDX files, gzip-compressed or raw, found in
``path``, ``$CNNLAB_DATA`` (``<root>/mnist/`` or ``<root>``) or the cache
(``<cache>/mnist/``), or downloaded into the cache with the official md5s.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .download import Remote, RemoteFile, fetch
from .errors import ChecksumError, DatasetFormatError, DatasetNotFoundError, DownloadError
from .idx import parse_idx, read_bytes
from .locations import SearchLog, data_home, env_data_roots

Split = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class MnistFile:
    """One of the four official files and its md5s (of the .gz download, of the IDX)."""

    stem: str
    ndim: int
    gz_md5: str
    raw_md5: str

    def local_names(self) -> list[str]:
        """Names a copy may have: raw or ``.gz``, ``-idx`` or (as some mirrors) ``.idx``."""
        dotted = self.stem.replace("-idx", ".idx")
        return [self.stem, self.stem + ".gz", dotted, dotted + ".gz"]


TRAIN_IMAGES = MnistFile(
    "train-images-idx3-ubyte", 3,
    "f68b3c2dcbeaaa9fbdd348bbdeb94873", "6bbc9ace898e44ae57da46a324031adb",
)
TRAIN_LABELS = MnistFile(
    "train-labels-idx1-ubyte", 1,
    "d53e105ee54ea40749a09fcbcd1e9432", "a25bea736e30d166cdddb491f175f624",
)
TEST_IMAGES = MnistFile(
    "t10k-images-idx3-ubyte", 3,
    "9fb629c4189551a2d022fa330f9573f3", "2646ac647ad5339dbf082846283269ea",
)
TEST_LABELS = MnistFile(
    "t10k-labels-idx1-ubyte", 1,
    "ec29112dd5afa0611ce80d1b7f02629c", "27ae3e4e09519cfbb04c329615203637",
)
MNIST_FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# The original site is the fallback: it has been rate-limited or password
# protected at times, so the PyTorch mirror (same gz bytes) comes first.
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
MNIST_REMOTE = Remote(
    mirrors=MNIST_MIRRORS,
    files=tuple(RemoteFile(f.stem + ".gz", f.gz_md5) for f in MNIST_FILES),
)
CACHE_SUBDIR = "mnist"
IMAGE_SHAPE = (28, 28)
N_CLASSES = 10


def _find_files(folder: Path) -> dict[MnistFile, Path] | None:
    """Return the path of each of the four files in ``folder``, or None if any is missing."""
    found = {}
    for file in MNIST_FILES:
        matches = [folder / name for name in file.local_names() if (folder / name).is_file()]
        if not matches:
            return None
        found[file] = matches[0]
    return found


def _search(folders: list[Path], log: SearchLog) -> dict[MnistFile, Path] | None:
    """Return the files of the first folder that has all four, logging each folder."""
    for folder in folders:
        if not folder.is_dir():
            log.searched(folder, "no such folder")
            continue
        found = _find_files(folder)
        if found is not None:
            return found
        log.searched(folder, "the four MNIST files are not all there")
    return None


def _download(cache: Path, remote: Remote, log: SearchLog, progress: bool) -> None:
    """Download every file of ``remote`` missing from ``cache`` (verified by md5)."""
    for file in remote.files:
        destination = cache / file.name
        if destination.is_file():
            continue
        attempts: list[tuple[str, str]] = []
        try:
            fetch(file, remote.urls(file), destination, progress=progress, log=attempts)
        finally:
            for url, outcome in attempts:
                log.tried(url, outcome)


def _read(path: Path, file: MnistFile, verify: bool) -> np.ndarray:
    data = read_bytes(path)
    if verify:
        got = hashlib.md5(data, usedforsecurity=False).hexdigest()
        if got != file.raw_md5:
            raise ChecksumError(
                f"{path}: uncompressed md5 {got} differs from the official {file.raw_md5}"
            )
    return parse_idx(data, file.ndim, source=str(path))


def _read_split(images_path: Path, labels_path: Path, images: MnistFile, labels: MnistFile,
                verify: bool) -> Split:
    x = _read(images_path, images, verify)
    y = _read(labels_path, labels, verify)
    if x.shape[1:] != IMAGE_SHAPE:
        raise DatasetFormatError(f"{images_path}: images are {x.shape[1:]}, not {IMAGE_SHAPE}")
    if x.shape[0] != y.shape[0]:
        raise DatasetFormatError(
            f"{images_path} has {x.shape[0]} images but {labels_path} has {y.shape[0]} labels"
        )
    if y.size and int(y.max()) >= N_CLASSES:
        raise DatasetFormatError(f"{labels_path}: label {int(y.max())} is not a digit")
    return x, y.astype(np.int64)


def load_mnist(
    path: str | Path | None = None,
    cache_dir: str | Path | None = None,
    download: bool = True,
    *,
    remote: Remote = MNIST_REMOTE,
    verify: bool = False,
    progress: bool = True,
) -> tuple[Split, Split]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding the four IDX files (raw or ``.gz``), directly or in
        ``mnist/``. When given, only this folder is searched.
    cache_dir : str or Path, optional
        Cache root (default :func:`data_home`); downloads go to ``<cache>/mnist/``.
    download : bool
        Download the official files when no local copy is found.
    remote : Remote
        Mirrors and md5s of the download (the official ones by default).
    verify : bool
        Also check the md5 of each uncompressed file against the official one
        (downloads are always checked).
    progress : bool
        Show a progress bar while downloading.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` is ``uint8`` of shape ``(N, 28, 28)``, ``y`` is ``int64`` of
        shape ``(N,)`` with digits 0-9; N is 60000 and 10000 for the real set.

    Raises
    ------
    DatasetNotFoundError
        No local copy and the download was off or failed; the message lists
        what was searched and tried.
    ChecksumError
        A download (or, with ``verify``, a local file) is not the official file.
    DatasetFormatError
        A file is not a valid IDX file of the expected shape.
    """
    log = SearchLog("MNIST")
    cache = Path(cache_dir if cache_dir is not None else data_home()) / CACHE_SUBDIR
    if path is not None:
        root = Path(path).expanduser()
        found = _search([root, root / "mnist", root / "MNIST" / "raw"], log)
    else:
        env_folders = [f for r in env_data_roots(log) for f in (r / "mnist", r)]
        found = _search(env_folders + [cache], log)
        if found is None and download:
            try:
                _download(cache, remote, log, progress)
            except DownloadError as err:
                raise DatasetNotFoundError(log.message("mnist/ with the four IDX files")) from err
            found = _find_files(cache)
        elif found is None:
            log.download_skipped(remote.urls(remote.files[0]))
    if found is None:
        raise DatasetNotFoundError(log.message("mnist/ with the four IDX files"))
    train = _read_split(found[TRAIN_IMAGES], found[TRAIN_LABELS], TRAIN_IMAGES, TRAIN_LABELS, verify)
    test = _read_split(found[TEST_IMAGES], found[TEST_LABELS], TEST_IMAGES, TEST_LABELS, verify)
    return train, test
