"""Lab 3 (Yoon). Inverted dropout with a uniform draw compared against the keep probability."""
import numbers

import numpy as np


def dropout(x, rate, training=True, rng=None):
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not (0 <= rate < 1):
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    if not training:
        return x.astype(dtype), np.full(x.shape, True)
    rng = np.random.default_rng() if rng is None else rng
    keep = np.asarray(rng.uniform(0.0, 1.0, size=x.shape) < 1 - rate)
    scale = dtype.type(1 / (1 - rate))
    return (x.astype(dtype) * scale * keep).astype(dtype), keep
