"""Small synthetic datasets written in the official file formats, and a local web server.

Used by ``test_data.py`` to exercise the loaders without the real data or the
internet: MNIST IDX files (raw or gzip), CIFAR-10 python batches (pickled the
way Python 2 wrote the official ones), image-folder trees of JPEGs, tar.gz
archives of any of these, and an HTTP server on 127.0.0.1 to download from.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import pickle
import socket
import struct
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

MNIST_STEMS = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
CIFAR_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                 "dog", "frog", "horse", "ship", "truck")


def md5_hex(path: Path) -> str:
    """Hex md5 of a file's bytes."""
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------- MNIST
def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array as an IDX file (magic 0x0000080<ndim>, big-endian sizes)."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_mnist(folder: Path, n_train: int = 12, n_test: int = 5, *, gz: bool = True,
                dotted: bool = False, seed: int = 0) -> dict[str, np.ndarray]:
    """Write the four MNIST files with random content; return the arrays written.

    ``gz`` adds ``.gz`` (gzip) as the downloads have; ``dotted`` uses the
    ``train-images.idx3-ubyte`` spelling of some mirrors.
    """
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for key, stem in MNIST_STEMS.items():
        name = stem.replace("-idx", ".idx") if dotted else stem
        data = idx_bytes(arrays[key])
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)
    return arrays


# ------------------------------------------------------- CIFAR-10 python batches
_RECONSTRUCT = np.ndarray((0,), np.uint8).__reduce__()[0]


class Py2StylePickler(pickle._Pickler):
    """Pickle like Python 2's cPickle did for the official CIFAR-10 batches.

    ``str`` and ``bytes`` become Python 2 byte strings (so the loader needs
    ``encoding="bytes"``), and numpy's array constructor is named
    ``numpy.core.multiarray._reconstruct`` as in the official files.
    """

    dispatch = pickle._Pickler.dispatch.copy()

    def save_py2_str(self, obj: str | bytes) -> None:
        data = obj.encode("latin-1") if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_py2_str
    dispatch[bytes] = save_py2_str

    def save_global(self, obj, name=None) -> None:
        if obj is _RECONSTRUCT:
            self.write(pickle.GLOBAL + b"numpy.core.multiarray\n_reconstruct\n")
            self.memoize(obj)
        else:
            super().save_global(obj, name)


def cifar_batch_bytes(images: np.ndarray, labels: np.ndarray, batch_label: str) -> bytes:
    """Pickle one batch: ``images`` ``(n, 32, 32, 3)`` become rows of R, G, B planes."""
    rows = images.transpose(0, 3, 1, 2).reshape(len(images), 3072)
    batch = {
        "batch_label": batch_label,
        "labels": [int(v) for v in labels],
        "data": np.ascontiguousarray(rows, dtype=np.uint8),
        "filenames": [f"synthetic_{i}.png" for i in range(len(images))],
    }
    stream = io.BytesIO()
    Py2StylePickler(stream, protocol=2).dump(batch)
    return stream.getvalue()


def cifar_batch_files(per_batch: int = 4, seed: int = 0) -> tuple[dict[str, bytes], dict]:
    """Build the files of ``cifar-10-batches-py/`` in memory.

    Returns
    -------
    files : dict
        File name -> bytes (six batches and ``batches.meta``).
    expected : dict
        ``x_train`` ``(5 * per_batch, 32, 32, 3)``, ``y_train``, ``x_test``, ``y_test``.
    """
    rng = np.random.default_rng(seed)
    files: dict[str, bytes] = {}
    parts = []
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        x = rng.integers(0, 256, (per_batch, 32, 32, 3), dtype=np.uint8)
        y = rng.integers(0, 10, per_batch)
        files[name] = cifar_batch_bytes(x, y, f"synthetic {name}")
        parts.append((x, y))
    meta = io.BytesIO()
    Py2StylePickler(meta, protocol=2).dump(
        {"label_names": list(CIFAR_CLASSES), "num_cases_per_batch": per_batch, "num_vis": 3072})
    files["batches.meta"] = meta.getvalue()
    expected = {
        "x_train": np.concatenate([x for x, _ in parts[:5]]),
        "y_train": np.concatenate([y for _, y in parts[:5]]),
        "x_test": parts[5][0],
        "y_test": parts[5][1],
    }
    return files, expected


def write_cifar_batches(folder: Path, per_batch: int = 4, seed: int = 0) -> dict:
    """Write an extracted ``cifar-10-batches-py/`` into ``folder``; return expected arrays."""
    files, expected = cifar_batch_files(per_batch, seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return expected


def write_cifar_archive(archive: Path, per_batch: int = 4, seed: int = 0) -> dict:
    """Write a ``cifar-10-python.tar.gz`` look-alike; return expected arrays."""
    files, expected = cifar_batch_files(per_batch, seed)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return expected


# ------------------------------------------------------------- image folders
def tree_colour(split: str, label: int, index: int) -> tuple[int, int, int]:
    """The flat colour of one synthetic image, unique per (split, class, index)."""
    return (label * 25, index * 16 % 256, 40 if split == "train" else 200)


def image_tree_files(per_class: dict[str, int], classes=CIFAR_CLASSES) -> dict[str, bytes]:
    """JPEG files ``<split>/<class>/NNNN.jpg`` of flat colours (see :func:`tree_colour`)."""
    files = {}
    for split, count in per_class.items():
        for label, name in enumerate(classes):
            for index in range(count):
                image = Image.new("RGB", (32, 32), tree_colour(split, label, index))
                stream = io.BytesIO()
                image.save(stream, format="JPEG", quality=95)
                files[f"{split}/{name}/{index:04d}.jpg"] = stream.getvalue()
    return files


def write_image_tree(folder: Path, per_class: dict[str, int]) -> None:
    """Write an image-folder tree of flat-colour JPEGs under ``folder``."""
    for relative, data in image_tree_files(per_class).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)


def write_image_tree_archive(archive: Path, per_class: dict[str, int], prefix: str = "") -> None:
    """Write the tree of :func:`write_image_tree` into a ``.tar.gz`` (shuffled member order)."""
    files = image_tree_files(per_class)
    names = sorted(files, key=lambda n: hashlib.md5(n.encode()).digest())  # not sorted by name
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        for name in names:
            info = tarfile.TarInfo(prefix + name)
            info.size = len(files[name])
            tar.addfile(info, io.BytesIO(files[name]))


# ------------------------------------------------------------------ web server
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.requests.append(self.path)
        super().do_GET()


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve ``directory`` over HTTP on 127.0.0.1 in a thread.

    Yields
    ------
    (base_url, requests)
        ``base_url`` ends with ``/``; ``requests`` collects every GET path.
    """
    requests: list[str] = []
    handler = type("Handler", (_QuietHandler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
