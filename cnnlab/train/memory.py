"""Let a training process reuse the memory it frees (Linux with glibc).

Every training step allocates arrays of the same sizes again: im2col columns,
activations, gradients, from 1 to 40 MB each. By default glibc hands freed
blocks of that size back to the kernel, so the next step gets fresh pages that
the kernel has to map and zero first. On the lecture's MNIST network that costs
about a quarter of each step. Raising glibc's mmap and trim thresholds keeps
freed blocks in the process for the next step; the process then holds on to its
peak memory, which training reaches every step anyway.
"""
from __future__ import annotations

import ctypes
import sys

# mallopt() parameters, from glibc's <malloc.h>.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

_applied: bool | None = None


def reuse_freed_memory(threshold_bytes: int = 1 << 30) -> bool:
    """Keep freed blocks up to ``threshold_bytes`` in the process; once per process.

    Parameters
    ----------
    threshold_bytes : int, default 1 GiB
        Blocks smaller than this come from the heap and stay there when freed.

    Returns
    -------
    bool
        True if glibc accepted the setting (now or on an earlier call); False on
        other platforms or C libraries, where nothing changes.
    """
    global _applied
    if _applied is None:
        _applied = _set_thresholds(threshold_bytes)
    return _applied


def _set_thresholds(threshold_bytes: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):               # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    # Both are needed: a high mmap threshold alone still trims the heap's top.
    return bool(mallopt(M_MMAP_THRESHOLD, threshold_bytes)
                and mallopt(M_TRIM_THRESHOLD, threshold_bytes))
