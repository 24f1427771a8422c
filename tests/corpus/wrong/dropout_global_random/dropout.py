"""Inverted dropout (lecture 3.5)."""
import numpy as np


def dropout(x, rate, training=True, rng=None):
    if not 0 <= rate < 1:
        raise ValueError("rate must be in [0, 1)")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    if not training:
        return x.astype(dtype), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    keep_mask = np.random.rand(*x.shape) >= rate
    out = x.astype(dtype) * keep_mask / (1 - rate)
    return out.astype(dtype), keep_mask
