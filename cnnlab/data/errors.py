"""Exceptions raised by the dataset loaders."""
from __future__ import annotations


class DatasetNotFoundError(FileNotFoundError):
    """No copy of a dataset was found locally and none could be downloaded.

    The message lists every place searched, every URL tried, and how to point
    the loader at a local copy (``path=`` or the ``CNNLAB_DATA`` variable).
    """


class DownloadError(OSError):
    """Every mirror of a file failed for network reasons (no answer, HTTP error)."""


class ChecksumError(OSError):
    """A file's md5 differs from the official one (corrupt or wrong download)."""


class DatasetFormatError(ValueError):
    """A file was found but is not in the dataset's official format."""
