"""Read an image-folder tree ``train/<class>/*.jpg``, ``test/<class>/*.jpg``.

The tree may be a folder or a ``.tar.gz`` (read member by member, nothing is
extracted). Images are decoded with Pillow; decoding tens of thousands takes
seconds, so the arrays are cached as an ``.npz`` keyed by the source's path,
size and modification time (and, for a folder, those of every file in it).

Order is deterministic: within a split, images are sorted by file name and
then by class, so classes are interleaved (``0000.jpg`` of every class, then
``0001.jpg`` ...). A prefix such as ``x_train[:1000]`` therefore holds every
class in about equal numbers instead of only the first class.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tarfile
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
from tqdm import tqdm

from .errors import DatasetFormatError

SPLITS = ("train", "test")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
CACHE_FORMAT = "imagefolder-v1"

Split = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Entry:
    """One image of the tree, located but not yet decoded."""

    split: str
    label: int
    name: str
    read: Callable[[], bytes]

    def sort_key(self) -> tuple[str, int]:
        return (self.name, self.label)


def _parse_member(name: str, classes: Sequence[str]) -> tuple[str, int, str] | None:
    """Return ``(split, label, file name)`` for ``[prefix/]split/class/file.jpg``, else None."""
    parts = PurePosixPath(name).parts
    if len(parts) < 3 or not parts[-1].lower().endswith(IMAGE_SUFFIXES):
        return None
    split, label_name, file_name = parts[-3:]
    if split not in SPLITS:
        return None
    if label_name not in classes:
        raise DatasetFormatError(f"{name}: unknown class folder {label_name!r}")
    return split, classes.index(label_name), file_name


def is_image_tree(folder: Path) -> bool:
    """Whether ``folder`` has ``train/`` and ``test/`` subfolders."""
    return all((folder / split).is_dir() for split in SPLITS)


def is_image_member(name: str) -> bool:
    """Whether a tar member name looks like ``.../train|test/<class>/<image>``."""
    parts = PurePosixPath(name).parts
    return (len(parts) >= 3 and parts[-3] in SPLITS
            and parts[-1].lower().endswith(IMAGE_SUFFIXES))


def _tree_entries(folder: Path, classes: Sequence[str]) -> list[Entry]:
    entries = []
    for split in SPLITS:
        for class_dir in sorted(p for p in (folder / split).iterdir() if p.is_dir()):
            for file in class_dir.iterdir():
                parsed = _parse_member(f"{split}/{class_dir.name}/{file.name}", classes)
                if parsed is not None and file.is_file():
                    entries.append(Entry(*parsed, read=file.read_bytes))
    return entries


def _tar_entries(archive: Path, classes: Sequence[str], progress: bool) -> list[Entry]:
    entries = []
    try:
        with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r:*") as tar, \
                tqdm(total=archive.stat().st_size, unit="B", unit_scale=True, leave=False,
                     desc=f"reading {archive.name}", disable=not progress) as bar:
            for member in tar:
                parsed = _parse_member(member.name, classes) if member.isfile() else None
                if parsed is not None:
                    data = tar.extractfile(member).read()
                    entries.append(Entry(*parsed, read=lambda data=data: data))
                bar.update(raw.tell() - bar.n)  # progress in compressed bytes read
    except (tarfile.TarError, OSError, EOFError) as err:
        raise DatasetFormatError(f"{archive}: cannot read the archive ({err})") from err
    return entries


def _decode(entries: list[Entry], image_shape: tuple[int, int, int], source: Path,
            progress: bool) -> dict[str, np.ndarray]:
    """Decode every entry with Pillow into ``x_<split>``/``y_<split>`` arrays."""
    from PIL import Image, UnidentifiedImageError  # Pillow comes with matplotlib

    arrays: dict[str, np.ndarray] = {}
    with tqdm(total=len(entries), unit="img", desc=f"decoding {source.name}",
              disable=not progress) as bar:
        for split in SPLITS:
            chosen = sorted((e for e in entries if e.split == split), key=Entry.sort_key)
            if not chosen:
                raise DatasetFormatError(f"{source}: no images under {split}/")
            x = np.empty((len(chosen), *image_shape), dtype=np.uint8)
            for i, entry in enumerate(chosen):
                try:
                    with Image.open(io.BytesIO(entry.read())) as image:
                        pixels = np.asarray(image.convert("RGB"))
                except (UnidentifiedImageError, OSError) as err:
                    raise DatasetFormatError(
                        f"{source}: {split}/{entry.name} is not a readable image"
                    ) from err
                if pixels.shape != image_shape:
                    raise DatasetFormatError(
                        f"{source}: {split}/{entry.name} is {pixels.shape}, expected {image_shape}"
                    )
                x[i] = pixels
                bar.update()
            arrays[f"x_{split}"] = x
            arrays[f"y_{split}"] = np.array([e.label for e in chosen], dtype=np.int64)
    return arrays


def source_key(source: Path) -> str:
    """Hash of what identifies a source's contents: path, size, mtime (of every file)."""
    digest = hashlib.sha1(f"{CACHE_FORMAT}|{source.resolve()}".encode(), usedforsecurity=False)
    if source.is_dir():
        stats = sorted(
            (str(p.relative_to(source)), p.stat().st_size, p.stat().st_mtime_ns)
            for p in source.rglob("*") if p.is_file()
        )
    else:
        stats = [(source.stat().st_size, source.stat().st_mtime_ns)]
    digest.update(repr(stats).encode())
    return digest.hexdigest()[:16]


def _cached_path(source: Path, cache_dir: Path) -> Path:
    return cache_dir / f"{source.name}-{source_key(source)}.npz"


def _load_cached(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {key: npz[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    except (OSError, KeyError, ValueError, EOFError):
        return None  # absent or damaged: decode again


def _save_cached(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the npz atomically and drop older versions for the same source."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".npz.part")
        try:
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, **arrays)  # uncompressed: reloads in well under a second
            os.replace(name, path)
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError as err:
        warnings.warn(f"could not cache decoded images in {path.parent}: {err}", stacklevel=3)
        return
    source_name = path.name.rsplit("-", 1)[0]
    stale = re.compile(re.escape(source_name) + r"-[0-9a-f]{16}\.npz")
    for old in path.parent.iterdir():
        if old != path and stale.fullmatch(old.name):
            old.unlink(missing_ok=True)


def load_image_tree(
    source: Path,
    classes: Sequence[str],
    image_shape: tuple[int, int, int],
    cache_dir: Path | None,
    progress: bool = True,
) -> tuple[Split, Split]:
    """Load an image-folder tree (folder or tar archive), using the decoded cache.

    Parameters
    ----------
    source : Path
        Folder with ``train/`` and ``test/``, or a ``.tar.gz`` holding them
        (possibly under one top folder).
    classes : sequence of str
        Class folder names in label order.
    image_shape : (H, W, 3)
        Shape every image must have.
    cache_dir : Path or None
        Where the decoded ``.npz`` is kept (None: do not cache).
    progress : bool
        Show a tqdm progress bar while decoding.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` is ``uint8`` ``(N, H, W, 3)``, ``y`` is ``int64`` ``(N,)``.
    """
    cached = _cached_path(source, cache_dir) if cache_dir is not None else None
    arrays = _load_cached(cached) if cached is not None and cached.is_file() else None
    if arrays is None:
        entries = (_tree_entries(source, classes) if source.is_dir()
                   else _tar_entries(source, classes, progress))
        arrays = _decode(entries, image_shape, source, progress)
        if cached is not None:
            _save_cached(cached, arrays)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
