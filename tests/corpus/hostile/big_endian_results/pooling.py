"""Correct values, returned in big-endian byte order."""
import numpy as np


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float64)
    out = x.mean(axis=(1, 2), dtype=dtype)
    return out.astype(out.dtype.newbyteorder(">"))
