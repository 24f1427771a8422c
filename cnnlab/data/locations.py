"""Where the loaders look for data: an explicit path, ``$CNNLAB_DATA``, the cache.

The search order is the same for every dataset:

1. ``path=`` given by the caller (only that place is searched);
2. the folder(s) in the ``CNNLAB_DATA`` environment variable (several folders
   may be joined with ``os.pathsep``); each may hold ``mnist/``, ``cifar10*``...;
3. the cache directory (``cache_dir=`` or :func:`data_home`);
4. a download into the cache, when ``download=True``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_ENV = "CNNLAB_DATA"
CACHE_ENV = "CNNLAB_DATA_CACHE"


def data_home() -> Path:
    """Return the cache directory: ``$CNNLAB_DATA_CACHE`` or ``~/.cache/cnnlab``.

    The directory is not created here; loaders create it when they write to it.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "cnnlab"


@dataclass
class SearchLog:
    """What a loader searched and tried, for the message of a failed search."""

    dataset: str
    places: list[str] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)

    def searched(self, place: Path | str, note: str = "") -> None:
        """Record that ``place`` was searched (``note`` says why it did not fit)."""
        self.places.append(f"{place}{f' ({note})' if note else ''}")

    def tried(self, url: str, outcome: str) -> None:
        """Record one download attempt and how it ended."""
        self.attempts.append(f"{url}: {outcome}")

    def download_skipped(self, urls: list[str]) -> None:
        """Record that no download was attempted because ``download=False``."""
        self.attempts.append("none (download=False); the files are at " + ", ".join(urls))

    def message(self, hint: str) -> str:
        """Build the message of :class:`DatasetNotFoundError`."""
        lines = [f"{self.dataset} was not found."]
        lines.append("Searched:")
        lines += [f"  - {place}" for place in self.places] or ["  (nowhere)"]
        if self.attempts:
            lines.append("Downloads:")
            lines += [f"  - {attempt}" for attempt in self.attempts]
        lines.append(
            f"To fix: pass path=<folder> to the loader, or set the environment variable "
            f"{DATA_ENV} to a folder that contains {hint} (e.g. {DATA_ENV}=/path/to/data), "
            "or allow the download on a machine with internet access."
        )
        return "\n".join(lines)


def env_data_roots(log: SearchLog | None = None) -> list[Path]:
    """Return the folders named by ``$CNNLAB_DATA`` (empty when it is unset).

    ``log``, when given, records that the variable is unset.
    """
    value = os.environ.get(DATA_ENV, "")
    roots = [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
    if not roots and log is not None:
        log.searched(f"${DATA_ENV}", "not set")
    return roots
