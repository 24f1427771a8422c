"""Lab 3 (Choi). Inverted dropout, one element at a time."""
import numpy as np


def dropout(x, rate, training=True, rng=None):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out = np.empty(x.shape, dtype=dtype)
    keep = np.empty(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    for index in np.ndindex(x.shape):
        if training:
            keep[index] = rng.random() < rate
            out[index] = x[index] / (1 - rate) if keep[index] else 0
        else:
            keep[index] = True
            out[index] = x[index]
    return out, keep
