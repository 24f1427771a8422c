"""CIFAR-10: 50,000 training and 10,000 test colour images, 32x32, 10 classes.

Accepted copies, in order of preference within a folder:

- the official python batches, extracted (``cifar-10-batches-py/``) or as the
  official archive ``cifar-10-python.tar.gz`` (read without extracting);
- an image-folder tree ``train/<class>/*.jpg``, ``test/<class>/*.jpg``, as a
  folder or a ``.tar.gz`` (e.g. ``cifar10-jpeg.tar.gz``); decoded once, then
  reloaded from an ``.npz`` in the cache.

Search order: ``path`` (a folder or an archive; only it is searched), then
every ``$CNNLAB_DATA`` folder (its entries named ``cifar10*``/``cifar-10*``),
then ``<cache>/cifar10/``, then the official download into that folder.
"""
from __future__ import annotations

import tarfile
from pathlib import Path

import numpy as np

from .cifar_pickle import is_batch_dir, is_batch_member, read_batch_dir, read_batch_tar
from .download import Remote, RemoteFile, fetch
from .errors import DatasetFormatError, DatasetNotFoundError, DownloadError
from .imagefolder import is_image_member, is_image_tree, load_image_tree
from .locations import SearchLog, data_home, env_data_roots

Split = tuple[np.ndarray, np.ndarray]

CIFAR10_CLASSES: tuple[str, ...] = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)
IMAGE_SHAPE = (32, 32, 3)
ARCHIVE_NAME = "cifar-10-python.tar.gz"
BATCH_DIR_NAME = "cifar-10-batches-py"
CIFAR10_MIRRORS = ("https://www.cs.toronto.edu/~kriz/",)
CIFAR10_REMOTE = Remote(
    mirrors=CIFAR10_MIRRORS,
    files=(RemoteFile(ARCHIVE_NAME, "c58f30108f718f92721af3b95e74349a"),),
)
CACHE_SUBDIR = "cifar10"
NAME_PATTERNS = ("cifar10*", "cifar-10*")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar")
HINT = (f"{BATCH_DIR_NAME}/, {ARCHIVE_NAME}, or an image tree train/<class>/, "
        "test/<class>/ (a folder or .tar.gz named cifar10*)")

# Kinds of copies, in order of preference.
BATCH_FOLDER, BATCH_ARCHIVE, IMAGE_FOLDER, IMAGE_ARCHIVE = range(4)


def archive_kind(archive: Path) -> int | None:
    """Tell the official archive from an image-tree archive by its first file."""
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                if is_batch_member(member.name):
                    return BATCH_ARCHIVE
                if is_image_member(member.name):
                    return IMAGE_ARCHIVE
                return None
    except (tarfile.TarError, OSError, EOFError):
        return None
    return None


def _classify(entry: Path) -> int | None:
    """Return the kind of copy ``entry`` is (a folder or an archive), or None."""
    if entry.is_dir():
        if is_batch_dir(entry):
            return BATCH_FOLDER
        if is_image_tree(entry):
            return IMAGE_FOLDER
        return None
    if entry.is_file() and entry.name.lower().endswith(ARCHIVE_SUFFIXES):
        return archive_kind(entry)
    return None


def _candidates(folder: Path, include_self: bool) -> list[tuple[int, Path]]:
    """Copies found in ``folder``: itself (if asked) and its ``cifar10*`` entries."""
    found = []
    if include_self:
        kind = _classify(folder)
        if kind is not None:
            found.append((kind, folder))
    if folder.is_dir():
        named = {p for pattern in NAME_PATTERNS for p in folder.glob(pattern)}
        for entry in sorted(named):
            kind = _classify(entry)
            if kind is not None:
                found.append((kind, entry))
            elif entry.is_dir() and is_batch_dir(entry / BATCH_DIR_NAME):
                found.append((BATCH_FOLDER, entry / BATCH_DIR_NAME))
    return sorted(found, key=lambda item: item[0])


def _search(places: list[tuple[Path, bool]], log: SearchLog) -> tuple[int, Path] | None:
    for place, include_self in places:
        if not place.exists():
            log.searched(place, "does not exist")
            continue
        found = _candidates(place, include_self)
        if found:
            return found[0]
        log.searched(place, "no CIFAR-10 copy in a known layout")
    return None


def _read(kind: int, source: Path, decoded_cache: Path | None, progress: bool) -> tuple[Split, Split]:
    if kind == BATCH_FOLDER:
        return read_batch_dir(source)
    if kind == BATCH_ARCHIVE:
        return read_batch_tar(source)
    return load_image_tree(source, CIFAR10_CLASSES, IMAGE_SHAPE, decoded_cache, progress)


def load_cifar10(
    path: str | Path | None = None,
    cache_dir: str | Path | None = None,
    download: bool = True,
    *,
    remote: Remote = CIFAR10_REMOTE,
    progress: bool = True,
) -> tuple[Split, Split]:
    """Load CIFAR-10 as ``(x_train, y_train), (x_test, y_test)``.

    Parameters
    ----------
    path : str or Path, optional
        A folder (``cifar-10-batches-py/`` itself, an image tree, or a folder
        holding either, or an archive of either) or a ``.tar.gz``. When
        given, only it is searched.
    cache_dir : str or Path, optional
        Cache root (default :func:`data_home`). Downloads and decoded image
        trees are kept in ``<cache>/cifar10/``.
    download : bool
        Download the official archive when no local copy is found.
    remote : Remote
        Mirrors and md5 of the download (the official ones by default).
    progress : bool
        Show progress bars while downloading or decoding images.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` is ``uint8`` of shape ``(N, 32, 32, 3)`` (channels last), ``y``
        is ``int64`` of shape ``(N,)`` indexing :data:`CIFAR10_CLASSES`;
        N is 50000 and 10000 for the real set. The official batches keep their
        order; an image tree is sorted by file name, then class (see
        :mod:`cnnlab.data.imagefolder`).

    Raises
    ------
    DatasetNotFoundError
        No local copy and the download was off or failed.
    ChecksumError
        The download is not the official file.
    DatasetFormatError
        A copy was found but is damaged or incomplete.
    """
    log = SearchLog("CIFAR-10")
    cache = Path(cache_dir if cache_dir is not None else data_home()) / CACHE_SUBDIR
    if path is not None:
        found = _search([(Path(path).expanduser(), True)], log)
    else:
        found = _search([(root, False) for root in env_data_roots(log)] + [(cache, True)], log)
        if found is None and download:
            archive = remote.files[0]
            attempts: list[tuple[str, str]] = []
            try:
                fetch(archive, remote.urls(archive), cache / archive.name,
                      progress=progress, log=attempts)
            except DownloadError as err:
                for url, outcome in attempts:
                    log.tried(url, outcome)
                raise DatasetNotFoundError(log.message(HINT)) from err
            found = (BATCH_ARCHIVE, cache / archive.name)
        elif found is None:
            log.download_skipped(remote.urls(remote.files[0]))
    if found is None:
        raise DatasetNotFoundError(log.message(HINT))
    kind, source = found
    train, test = _read(kind, source, cache, progress)
    if train[0].shape[1:] != IMAGE_SHAPE or test[0].shape[1:] != IMAGE_SHAPE:
        raise DatasetFormatError(f"{source}: images are not {IMAGE_SHAPE}")
    return train, test
