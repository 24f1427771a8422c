"""Fetch a file from a list of mirrors, check its md5, and move it into the cache.

A download goes to a temporary file outside the cache; only a file whose md5
matches is moved in (under a ``.part`` name first, then renamed, so a reader
never sees half a file). Nothing is left in the cache when a download fails.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

from .errors import ChecksumError, DownloadError

CHUNK = 1 << 20
TIMEOUT_S = 30.0
USER_AGENT = "cnnlab-data/1.0 (+urllib)"


@dataclass(frozen=True)
class RemoteFile:
    """One downloadable file: its name on the mirrors and the md5 of its bytes."""

    name: str
    md5: str


@dataclass(frozen=True)
class Remote:
    """Where a dataset is downloaded from.

    Attributes
    ----------
    mirrors : tuple of str
        Base URLs tried in order; a file's URL is ``mirror + file.name``.
    files : tuple of RemoteFile
        The files that make up the dataset.
    """

    mirrors: tuple[str, ...]
    files: tuple[RemoteFile, ...]

    def urls(self, file: RemoteFile) -> list[str]:
        """Return the URLs of ``file``, one per mirror, in the order to try them."""
        return [mirror.rstrip("/") + "/" + file.name for mirror in self.mirrors]


def _download_to(url: str, target: BinaryIO, progress: bool) -> str:
    """Stream ``url`` into ``target`` and return the md5 of what was written."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    digest = hashlib.md5(usedforsecurity=False)
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        total = response.headers.get("Content-Length")
        with tqdm(
            total=int(total) if total and total.isdigit() else None,
            unit="B",
            unit_scale=True,
            desc=f"downloading {url.rsplit('/', 1)[-1]}",
            disable=not progress,
            leave=False,
        ) as bar:
            for chunk in iter(lambda: response.read(CHUNK), b""):
                target.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
    return digest.hexdigest()


def _move_into(source: Path, destination: Path) -> None:
    """Move a verified file into place; the final name appears only when complete."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    try:
        shutil.move(source, partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def fetch(
    file: RemoteFile,
    urls: list[str],
    destination: Path,
    *,
    progress: bool = True,
    log: list[tuple[str, str]] | None = None,
) -> Path:
    """Download ``file`` from the first of ``urls`` that answers with the right md5.

    Parameters
    ----------
    file : RemoteFile
        Name and expected md5.
    urls : list of str
        Tried in order; a network error or a wrong md5 moves on to the next.
    destination : Path
        Final location (its folder is created when the file is verified).
    progress : bool
        Show a tqdm progress bar while downloading.
    log : list, optional
        Receives one ``(url, outcome)`` pair per attempt.

    Returns
    -------
    Path
        ``destination``.

    Raises
    ------
    ChecksumError
        At least one mirror answered, but never with the expected md5.
    DownloadError
        No mirror answered.
    """
    log = [] if log is None else log
    first = len(log)  # the caller may share one log between several files
    mismatch: str | None = None
    for url in urls:
        handle, name = tempfile.mkstemp(prefix="cnnlab-", suffix=".download")
        temporary = Path(name)
        try:
            try:
                with os.fdopen(handle, "wb") as target:
                    got = _download_to(url, target, progress)
            except (OSError, http.client.HTTPException, ValueError) as err:
                # URLError and socket timeouts are OSErrors; a truncated body is
                # an HTTPException; a malformed mirror URL is a ValueError.
                log.append((url, f"{type(err).__name__}: {err}"))
                continue
            if got != file.md5:
                mismatch = f"{url}: md5 {got}, expected {file.md5}"
                log.append((url, f"md5 {got} does not match the expected {file.md5}"))
                continue
            # Errors from here on (e.g. a read-only cache) are not the mirror's fault.
            _move_into(temporary, destination)
            log.append((url, "ok"))
            return destination
        finally:
            temporary.unlink(missing_ok=True)
    if mismatch is not None:
        raise ChecksumError(
            f"{file.name}: no mirror gave the official file ({mismatch}); "
            "nothing was written to the cache"
        )
    tried = "; ".join(f"{url} ({outcome})" for url, outcome in log[first:]) or "no URLs"
    raise DownloadError(f"could not download {file.name}: {tried}")
