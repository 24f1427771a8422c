"""Lab 3 (Lee). Inverted dropout with a Bernoulli (binomial n=1) draw per element."""
import numpy as np


def dropout(x, rate, training=True, rng=None):
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)):
        raise ValueError(f"rate must be a number, got {rate!r}")
    if rate < 0 or rate >= 1:
        raise ValueError(f"rate must be in [0, 1), got {rate}")
    x = np.asarray(x)
    out_dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    if not training:
        return np.array(x, dtype=out_dtype), np.ones_like(x, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    keep_mask = rng.binomial(1, 1.0 - rate, size=x.shape).astype(bool)
    out = np.zeros(x.shape, dtype=out_dtype)
    out[keep_mask] = x[keep_mask] / (1.0 - rate)
    return out, keep_mask
