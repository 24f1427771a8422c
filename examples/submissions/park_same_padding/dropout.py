"""Lab 3 (Park). Inverted dropout; the mask is drawn with rng.choice."""
import numbers

import numpy as np


def dropout(x, rate, training=True, rng=None):
    if not isinstance(rate, numbers.Real) or isinstance(rate, bool) or not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    x = np.asarray(x)
    x = x if x.dtype.kind == "f" else x.astype(np.float64)
    if not training:
        return x.copy(), np.ones(x.shape, bool)
    rng = rng or np.random.default_rng()
    keep = rng.choice(np.array([True, False]), size=x.shape, p=[1 - rate, rate])
    return np.where(keep, x / x.dtype.type(1 - rate), x.dtype.type(0)), keep
