"""Tests of cnnlab.data: the MNIST and CIFAR-10 loaders.

Synthetic files in the official formats (see ``data_fixtures``) exercise every
layout, the search order, the checksummed download (from a local HTTP server)
and the error messages; the real copies in the shared data folder, when
present, check the counts and labels of the actual datasets.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnlab.data import (
    CIFAR10_CLASSES,
    ChecksumError,
    DatasetFormatError,
    DatasetNotFoundError,
    DownloadError,
    Remote,
    RemoteFile,
    data_home,
    load_cifar10,
    load_mnist,
)
from cnnlab.data.cifar_pickle import parse_batch
from cnnlab.data.download import fetch
from data_fixtures import (
    MNIST_STEMS,
    cifar_batch_bytes,
    closed_port_url,
    md5_hex,
    serving,
    tree_colour,
    write_cifar_archive,
    write_cifar_batches,
    write_image_tree,
    write_image_tree_archive,
    write_mnist,
)


def _real_data_folder() -> Path | None:
    """The shared folder with the real datasets: $CNNLAB_DATA, else ../shared/data."""
    candidates = [Path(p) for p in os.environ.get("CNNLAB_DATA", "").split(os.pathsep) if p]
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "data")
    return next((c for c in candidates if (c / "mnist").is_dir()), None)


REAL_DATA = _real_data_folder()
needs_real_data = pytest.mark.skipif(REAL_DATA is None, reason="real MNIST/CIFAR-10 not present")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No $CNNLAB_DATA, a private default cache and temp dir: tests see only their files."""
    monkeypatch.delenv("CNNLAB_DATA", raising=False)
    monkeypatch.setenv("CNNLAB_DATA_CACHE", str(tmp_path / "default-cache"))
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    return private_tmp


def assert_mnist_equal(loaded, arrays) -> None:
    (x_train, y_train), (x_test, y_test) = loaded
    np.testing.assert_array_equal(x_train, arrays["train_images"])
    np.testing.assert_array_equal(y_train, arrays["train_labels"])
    np.testing.assert_array_equal(x_test, arrays["test_images"])
    np.testing.assert_array_equal(y_test, arrays["test_labels"])
    assert x_train.dtype == np.uint8 and x_train.shape[1:] == (28, 28)
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64


def assert_cifar_equal(loaded, expected) -> None:
    (x_train, y_train), (x_test, y_test) = loaded
    for got, key in ((x_train, "x_train"), (y_train, "y_train"),
                     (x_test, "x_test"), (y_test, "y_test")):
        np.testing.assert_array_equal(got, expected[key], err_msg=key)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.int64


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# ------------------------------------------------------------------ locations
def test_data_home_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_DATA_CACHE", str(tmp_path / "elsewhere"))
    assert data_home() == tmp_path / "elsewhere"
    monkeypatch.delenv("CNNLAB_DATA_CACHE")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_home() == tmp_path / "home" / ".cache" / "cnnlab"


def test_cifar10_classes_are_the_official_order():
    assert CIFAR10_CLASSES == ("airplane", "automobile", "bird", "cat", "deer",
                               "dog", "frog", "horse", "ship", "truck")


def test_not_found_is_a_file_not_found_error():
    assert issubclass(DatasetNotFoundError, FileNotFoundError)


# ---------------------------------------------------------------------- MNIST
@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "raw"])
@pytest.mark.parametrize("dotted", [False, True], ids=["official-names", "dotted-names"])
def test_mnist_reads_idx_files_raw_or_gzipped(tmp_path, gz, dotted):
    arrays = write_mnist(tmp_path / "mnist", gz=gz, dotted=dotted)
    assert_mnist_equal(load_mnist(path=tmp_path, download=False), arrays)
    assert_mnist_equal(load_mnist(path=tmp_path / "mnist", download=False), arrays)


def test_mnist_arrays_are_writable_copies(tmp_path):
    write_mnist(tmp_path)
    (x_train, y_train), _ = load_mnist(path=tmp_path, download=False)
    x_train[0, 0, 0] = 7  # would raise on a read-only view of the file's bytes
    assert x_train.flags.writeable and y_train.flags.writeable


def test_mnist_search_order_is_path_then_env_then_cache(tmp_path, monkeypatch):
    explicit = write_mnist(tmp_path / "explicit", seed=1)
    from_env = write_mnist(tmp_path / "env" / "mnist", seed=2)
    cached = write_mnist(tmp_path / "cache" / "mnist", seed=3)
    cache = tmp_path / "cache"

    assert_mnist_equal(load_mnist(cache_dir=cache, download=False), cached)
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "env"))
    assert_mnist_equal(load_mnist(cache_dir=cache, download=False), from_env)
    assert_mnist_equal(load_mnist(path=tmp_path / "explicit", cache_dir=cache), explicit)


def test_mnist_env_may_list_several_folders(tmp_path, monkeypatch):
    arrays = write_mnist(tmp_path / "second" / "mnist")
    monkeypatch.setenv("CNNLAB_DATA", os.pathsep.join([str(tmp_path / "first"),
                                                       str(tmp_path / "second")]))
    assert_mnist_equal(load_mnist(download=False), arrays)


def test_mnist_default_cache_is_data_home(tmp_path):
    arrays = write_mnist(data_home() / "mnist")
    assert_mnist_equal(load_mnist(download=False), arrays)


def test_mnist_explicit_path_is_the_only_place_searched(tmp_path, monkeypatch):
    write_mnist(tmp_path / "env" / "mnist")
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "env"))
    with pytest.raises(DatasetNotFoundError, match=re.escape(str(tmp_path / "empty"))):
        load_mnist(path=tmp_path / "empty")


def test_mnist_not_found_offline_explains_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "env"))
    with pytest.raises(DatasetNotFoundError) as info:
        load_mnist(cache_dir=tmp_path / "cache", download=False)
    message = str(info.value)
    assert str(tmp_path / "env" / "mnist") in message
    assert str(tmp_path / "cache" / "mnist") in message
    assert "https://ossci-datasets.s3.amazonaws.com/mnist/" in message
    assert "CNNLAB_DATA" in message and "path=" in message


def test_mnist_rejects_a_wrong_magic_number(tmp_path):
    write_mnist(tmp_path, gz=False)
    labels = tmp_path / MNIST_STEMS["train_labels"]
    data = bytearray(labels.read_bytes())
    data[3] = 3  # says idx3 in a labels file
    labels.write_bytes(bytes(data))
    with pytest.raises(DatasetFormatError, match="magic number"):
        load_mnist(path=tmp_path, download=False)


def test_mnist_rejects_a_truncated_file(tmp_path):
    write_mnist(tmp_path, gz=True)
    images = tmp_path / (MNIST_STEMS["test_images"] + ".gz")
    raw = gzip.decompress(images.read_bytes())
    images.write_bytes(gzip.compress(raw[:-100]))
    with pytest.raises(DatasetFormatError, match="bytes"):
        load_mnist(path=tmp_path, download=False)


def test_mnist_rejects_images_and_labels_of_different_counts(tmp_path):
    write_mnist(tmp_path / "a", n_train=12)
    write_mnist(tmp_path / "b", n_train=11)
    name = MNIST_STEMS["train_labels"] + ".gz"
    (tmp_path / "a" / name).write_bytes((tmp_path / "b" / name).read_bytes())
    with pytest.raises(DatasetFormatError, match="12 images but .* 11 labels"):
        load_mnist(path=tmp_path / "a", download=False)


def test_mnist_verify_compares_uncompressed_md5s(tmp_path):
    write_mnist(tmp_path)  # synthetic, so not the official contents
    with pytest.raises(ChecksumError, match="uncompressed md5"):
        load_mnist(path=tmp_path, download=False, verify=True)


def _mnist_remote(served: Path, mirrors: list[str]) -> Remote:
    files = tuple(RemoteFile(p.name, md5_hex(p)) for p in sorted(served.iterdir()))
    return Remote(mirrors=tuple(mirrors), files=files)


def test_mnist_download_checks_md5_caches_and_reuses(tmp_path, isolated_env):
    served = tmp_path / "served"
    arrays = write_mnist(served)
    cache = tmp_path / "cache"
    with serving(served) as (url, requests):
        remote = _mnist_remote(served, [url])
        assert_mnist_equal(load_mnist(cache_dir=cache, remote=remote, progress=False), arrays)
        assert len(requests) == 4
        assert sorted(p.name for p in all_files(cache)) == sorted(p.name for p in served.iterdir())
        # Second call: from the cache, no request to the server.
        assert_mnist_equal(load_mnist(cache_dir=cache, remote=remote), arrays)
        assert len(requests) == 4
    assert all_files(isolated_env) == []  # no temporary download left behind


def test_mnist_download_falls_back_to_the_next_mirror(tmp_path):
    served = tmp_path / "served"
    arrays = write_mnist(served)
    with serving(served) as (url, requests):
        remote = _mnist_remote(served, [closed_port_url(), url + "missing/", url])
        loaded = load_mnist(cache_dir=tmp_path / "cache", remote=remote, progress=False)
    assert_mnist_equal(loaded, arrays)
    assert sum(path.startswith("/missing/") for path in requests) == 4  # a 404 each


def test_mnist_download_with_wrong_md5_leaves_nothing_in_the_cache(tmp_path, isolated_env):
    served = tmp_path / "served"
    write_mnist(served)
    cache = tmp_path / "cache"
    with serving(served) as (url, _):
        good = _mnist_remote(served, [url])
        bad = Remote(good.mirrors, tuple(RemoteFile(f.name, "0" * 32) for f in good.files))
        with pytest.raises(ChecksumError, match="0{32}"):
            load_mnist(cache_dir=cache, remote=bad, progress=False)
    assert all_files(cache) == [] and all_files(isolated_env) == []


def test_mnist_unreachable_mirror_gives_not_found_with_the_url(tmp_path):
    dead = closed_port_url()
    remote = Remote((dead,), (RemoteFile(MNIST_STEMS["train_images"] + ".gz", "0" * 32),))
    with pytest.raises(DatasetNotFoundError) as info:
        load_mnist(cache_dir=tmp_path / "cache", remote=remote, progress=False)
    assert dead + MNIST_STEMS["train_images"] + ".gz" in str(info.value)
    assert "$CNNLAB_DATA (not set)" in str(info.value)
    assert isinstance(info.value.__cause__, DownloadError)
    assert all_files(tmp_path / "cache") == []


def test_fetch_raises_download_error_when_no_mirror_answers(tmp_path):
    file = RemoteFile("x.bin", "0" * 32)
    with pytest.raises(DownloadError, match="x.bin"):
        fetch(file, [closed_port_url() + "x.bin"], tmp_path / "x.bin", progress=False)
    assert not (tmp_path / "x.bin").exists()


# ------------------------------------------------------- CIFAR-10 python batches
def test_cifar_batches_folder_is_read_channels_last(tmp_path):
    expected = write_cifar_batches(tmp_path / "cifar-10-batches-py", per_batch=3)
    assert_cifar_equal(load_cifar10(path=tmp_path / "cifar-10-batches-py"), expected)
    assert_cifar_equal(load_cifar10(path=tmp_path), expected)
    (x_train, _), (x_test, _) = load_cifar10(path=tmp_path)
    assert x_train.shape == (15, 32, 32, 3) and x_test.shape == (3, 32, 32, 3)


def test_cifar_batch_rows_are_red_green_blue_planes():
    image = np.zeros((1, 32, 32, 3), dtype=np.uint8)
    image[0, 1, 2] = (10, 20, 30)
    row = image.transpose(0, 3, 1, 2).reshape(1, 3072)
    assert row[0, 0 * 1024 + 1 * 32 + 2] == 10 and row[0, 2 * 1024 + 34] == 30
    x, y = parse_batch(cifar_batch_bytes(image, np.array([7]), "one"), "one")
    assert tuple(x[0, 1, 2]) == (10, 20, 30) and x.sum() == 60 and y.tolist() == [7]


def test_cifar_official_archive_is_read_without_extracting(tmp_path):
    archive = tmp_path / "data" / "cifar-10-python.tar.gz"
    expected = write_cifar_archive(archive)
    assert_cifar_equal(load_cifar10(path=archive), expected)
    assert_cifar_equal(load_cifar10(path=archive.parent), expected)
    assert [p.name for p in all_files(tmp_path)] == ["cifar-10-python.tar.gz"]


def test_cifar_env_folder_is_searched_for_cifar10_entries(tmp_path, monkeypatch):
    expected = write_cifar_archive(tmp_path / "env" / "cifar-10-python.tar.gz")
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "env"))
    assert_cifar_equal(load_cifar10(download=False), expected)


def test_cifar_prefers_the_official_batches_to_jpegs(tmp_path):
    expected = write_cifar_batches(tmp_path / "cifar-10-batches-py")
    write_image_tree_archive(tmp_path / "cifar10-jpeg.tar.gz", {"train": 1, "test": 1})
    assert_cifar_equal(load_cifar10(path=tmp_path, cache_dir=tmp_path / "cache"), expected)


def test_cifar_unpickler_refuses_other_globals(tmp_path):
    marker = tmp_path / "created-by-pickle"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    with pytest.raises(DatasetFormatError, match="refusing to load .*open"):
        parse_batch(pickle.dumps({b"data": Payload()}, protocol=4), "evil")
    assert not marker.exists()


def test_cifar_missing_batch_is_reported(tmp_path):
    write_cifar_batches(tmp_path)
    (tmp_path / "data_batch_3").unlink()
    with pytest.raises(DatasetFormatError, match="data_batch_3"):
        load_cifar10(path=tmp_path)


def test_cifar_download_checks_md5_caches_and_reuses(tmp_path, isolated_env):
    served = tmp_path / "served"
    expected = write_cifar_archive(served / "cifar-10-python.tar.gz")
    cache = tmp_path / "cache"

    def remote(url: str, md5: str) -> Remote:
        return Remote((url,), (RemoteFile("cifar-10-python.tar.gz", md5),))

    with serving(served) as (url, requests):
        with pytest.raises(ChecksumError):
            load_cifar10(cache_dir=cache, remote=remote(url, "f" * 32), progress=False)
        assert all_files(cache) == [] and all_files(isolated_env) == []

        good = remote(url, md5_hex(served / "cifar-10-python.tar.gz"))
        assert_cifar_equal(load_cifar10(cache_dir=cache, remote=good, progress=False), expected)
        assert [p.name for p in all_files(cache)] == ["cifar-10-python.tar.gz"]
        count = len(requests)
        assert_cifar_equal(load_cifar10(cache_dir=cache, remote=good), expected)
        assert len(requests) == count == 2


def test_cifar_not_found_offline_explains_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    write_mnist(tmp_path / "mnist")  # an unrelated dataset is not mistaken for CIFAR-10
    dead = closed_port_url()
    remote = Remote((dead,), (RemoteFile("cifar-10-python.tar.gz", "0" * 32),))
    with pytest.raises(DatasetNotFoundError) as info:
        load_cifar10(cache_dir=tmp_path / "cache", remote=remote, progress=False)
    message = str(info.value)
    assert str(tmp_path) in message and str(tmp_path / "cache" / "cifar10") in message
    assert dead + "cifar-10-python.tar.gz" in message and "CNNLAB_DATA" in message


# ----------------------------------------------------------- CIFAR-10 image trees
def assert_flat_colour_tree(loaded, per_class: dict[str, int]) -> None:
    """Check counts, the (file name, class) order, and each image's colour."""
    for (x, y), split in zip(loaded, ("train", "test")):
        count = per_class[split]
        assert x.shape == (10 * count, 32, 32, 3) and x.dtype == np.uint8
        assert y.tolist() == list(range(10)) * count  # 0000.jpg of each class, then 0001.jpg ...
        for i, label in enumerate(y):
            colour = np.array(tree_colour(split, int(label), i // 10))
            assert np.abs(x[i].astype(int) - colour).max() <= 3, (split, i)


@pytest.mark.parametrize("prefix", ["", "cifar10/"], ids=["flat", "top-folder"])
def test_cifar_jpeg_archive_is_decoded_in_a_fixed_order(tmp_path, prefix):
    per_class = {"train": 3, "test": 2}
    archive = tmp_path / "cifar10-jpeg.tar.gz"
    write_image_tree_archive(archive, per_class, prefix=prefix)
    loaded = load_cifar10(path=archive, cache_dir=tmp_path / "cache", progress=False)
    assert_flat_colour_tree(loaded, per_class)


def test_cifar_jpeg_folder_is_decoded(tmp_path):
    per_class = {"train": 2, "test": 1}
    write_image_tree(tmp_path / "cifar10", per_class)
    loaded = load_cifar10(path=tmp_path / "cifar10", cache_dir=tmp_path / "cache", progress=False)
    assert_flat_colour_tree(loaded, per_class)
    assert_flat_colour_tree(load_cifar10(path=tmp_path, cache_dir=tmp_path / "cache"), per_class)


def test_cifar_decoded_images_are_cached_by_size_and_mtime(tmp_path):
    per_class = {"train": 2, "test": 1}
    archive = tmp_path / "cifar10-jpeg.tar.gz"
    write_image_tree_archive(archive, per_class)
    cache = tmp_path / "cache"
    load_cifar10(path=archive, cache_dir=cache, progress=False)
    [cached] = list((cache / "cifar10").glob("*.npz"))

    # Replace the cached arrays: a reload that returns them did not decode again.
    with np.load(cached) as npz:
        arrays = {key: npz[key] for key in npz.files}
    arrays["x_train"] = np.zeros_like(arrays["x_train"])
    with open(cached, "wb") as stream:
        np.savez(stream, **arrays)
    (x_train, _), _ = load_cifar10(path=archive, cache_dir=cache)
    assert not x_train.any()

    # A newer source file gets a new key: decoded again, the stale entry removed.
    stat = archive.stat()
    os.utime(archive, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert_flat_colour_tree(load_cifar10(path=archive, cache_dir=cache, progress=False), per_class)
    [renewed] = list((cache / "cifar10").glob("*.npz"))
    assert renewed != cached


def test_cifar_image_tree_with_an_unknown_class_is_rejected(tmp_path):
    write_image_tree(tmp_path, {"train": 1, "test": 1})
    (tmp_path / "train" / "cat").rename(tmp_path / "train" / "kitten")
    with pytest.raises(DatasetFormatError, match="kitten"):
        load_cifar10(path=tmp_path, cache_dir=tmp_path / "cache", progress=False)


def test_cifar_image_that_is_not_32x32_is_rejected(tmp_path):
    write_image_tree(tmp_path, {"train": 1, "test": 1})
    Image.new("RGB", (28, 28)).save(tmp_path / "test" / "dog" / "0000.jpg")
    with pytest.raises(DatasetFormatError, match=r"\(28, 28, 3\)"):
        load_cifar10(path=tmp_path, cache_dir=tmp_path / "cache", progress=False)


# ------------------------------------------------------------------ real data
def _readme_md5s(readme: Path) -> dict[str, str]:
    """The uncompressed md5 table of the shared data README."""
    rows = re.findall(r"^\|\s*([\w-]+-ubyte)\s*\|\s*([0-9a-f]{32})\s*\|", readme.read_text(),
                      flags=re.MULTILINE)
    return dict(rows)


@needs_real_data
def test_real_mnist_counts_labels_and_checksums():
    expected_md5 = _readme_md5s(REAL_DATA / "README.md")
    assert len(expected_md5) == 4
    for stem, md5 in expected_md5.items():
        raw = gzip.decompress((REAL_DATA / "mnist" / f"{stem}.gz").read_bytes())
        assert hashlib.md5(raw).hexdigest() == md5, stem

    (x_train, y_train), (x_test, y_test) = load_mnist(path=REAL_DATA, download=False, verify=True)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(y_train, minlength=10).min() > 5000  # every digit well represented


@needs_real_data
def test_real_data_folder_works_as_cnnlab_data(monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_DATA", str(REAL_DATA))
    (x_train, y_train), _ = load_mnist(cache_dir=tmp_path / "cache", download=False)
    assert x_train.shape == (60000, 28, 28) and y_train[0] == 5


@pytest.mark.slow
@pytest.mark.skipif(REAL_DATA is None or not (REAL_DATA / "cifar10-jpeg.tar.gz").is_file(),
                    reason="real CIFAR-10 JPEGs not present")
def test_real_cifar10_jpeg_decode_then_cached_reload(tmp_path, record_property):
    archive = REAL_DATA / "cifar10-jpeg.tar.gz"
    start = time.perf_counter()
    (x_train, y_train), (x_test, y_test) = load_cifar10(path=archive, cache_dir=tmp_path,
                                                        progress=False)
    decode_s = time.perf_counter() - start
    assert x_train.shape == (50000, 32, 32, 3) and x_test.shape == (10000, 32, 32, 3)
    assert np.bincount(y_train, minlength=10).tolist() == [5000] * 10
    assert np.bincount(y_test, minlength=10).tolist() == [1000] * 10
    assert 60 < x_train.mean() < 200  # real photographs, not blank images

    start = time.perf_counter()
    (x_again, y_again), _ = load_cifar10(path=archive, cache_dir=tmp_path)
    reload_s = time.perf_counter() - start
    np.testing.assert_array_equal(x_again, x_train)
    np.testing.assert_array_equal(y_again, y_train)
    record_property("first_decode_s", round(decode_s, 2))
    record_property("cached_reload_s", round(reload_s, 2))
    print(f"CIFAR-10 JPEG: first decode {decode_s:.2f} s, cached reload {reload_s:.2f} s")
    assert reload_s < decode_s
