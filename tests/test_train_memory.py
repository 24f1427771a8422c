"""The training runtime keeps freed memory in the process (glibc's mallopt thresholds).

Measured by page faults in a fresh interpreter: after the setting, allocating
and freeing the same 20 MB array again and again reuses one block, so the
kernel maps (and faults in) no new pages; by default each round trip returns the
block to the kernel and faults all of it in again.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from cnnlab.train import memory

ROUNDS = 20
PROBE = textwrap.dedent(f"""
    import json, resource, sys
    import numpy as np
    from cnnlab.train.memory import reuse_freed_memory
    applied = reuse_freed_memory() if sys.argv[1] == "reuse" else None
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    np.ones(5_000_000)                          # warm up: first block and numpy's caches
    before = faults()
    for _ in range({ROUNDS}):
        a = np.ones(5_000_000, np.float32)      # 20 MB, every page written
        del a
    print(json.dumps({{"applied": applied, "faults": faults() - before}}))
""")


def _probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_blocks_are_reused_instead_of_faulted_in_again():
    default, reused = _probe("default"), _probe("reuse")
    assert reused["applied"] is True
    # 20 MB is 10 huge pages or 4,883 small ones per round when the
    # block goes back to the kernel; kept in the process it costs (almost) none.
    assert default["faults"] >= ROUNDS * 5, default
    assert reused["faults"] < ROUNDS, reused


def test_setting_is_applied_once_and_reported_again(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "_applied", None)
    monkeypatch.setattr(memory, "_set_thresholds", lambda n: calls.append(n) or True)
    assert memory.reuse_freed_memory() is True
    assert memory.reuse_freed_memory() is True
    assert calls == [1 << 30]


def test_creating_a_model_applies_it(monkeypatch):
    from cnnlab.layers import Dense, Flatten
    from cnnlab.train import Sequential
    calls = []
    monkeypatch.setattr("cnnlab.train.model.reuse_freed_memory", lambda: calls.append(1))
    Sequential([Flatten(), Dense(2)], (2, 2, 1))
    assert calls == [1]
