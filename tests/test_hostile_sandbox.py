"""Hostile submissions against the sandbox's own limits: writable places, storage in RAM.

The submissions live in ``tests/corpus/hostile/<name>/`` (their ``expect.toml``
says ``kind = "tmpfs"``); this file holds the assertions their kind needs.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.sandbox import Limits, Sandbox, isolation_available

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
HAS_BWRAP = isolation_available() == "bwrap"


@pytest.mark.skipif(not HAS_BWRAP, reason="needs bubblewrap: the fallback does not confine writes")
def test_every_writable_place_is_bounded_and_private():
    """/dev is read-only; /dev/shm and /tmp hold at most tmp_mb each and vanish with the sandbox."""
    limits = Limits.defaults(tmp_mb=64, call_timeout=60)
    with Sandbox(CORPUS / "fills_shared_memory", limits, isolation="bwrap") as box:
        result = box.call("dropout", "dropout", (None, 0.5))
        assert result.status == "ok", result.message
        written = result.value
        # What the first sandbox wrote is gone for the next one (a fresh tmpfs).
        box.restart()
        again = box.call("dropout", "dropout", (None, 0.5)).value
    assert written["/dev"] == 0, written
    for place in ("/dev/shm", "/tmp"):
        assert written[place] <= limits.tmp_mb, (place, written)
        assert again[place] == written[place], (place, written, again)
    assert sum(written.values()) <= 2 * limits.tmp_mb
