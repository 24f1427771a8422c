"""Lab 3 (Yoon). Pooling over as_strided window views.

Padded cells are tracked with a second view over a padded "is real" array, so
they never win a max and never count in an average.
"""
import numpy as np

from shapes import out_len, pads_for, to_pair, windows


def _views(x, pool_size, stride, padding):
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got {x.shape}")
    k = to_pair(pool_size, "pool_size")
    s = k if stride is None else to_pair(stride, "stride")
    ph, pw = pads_for(padding, x.shape[1:3], k, s)
    if max(ph) >= k[0] or max(pw) >= k[1]:
        raise ValueError("padding must be smaller than pool_size")
    out_len(x.shape[1], k[0], s[0], ph, "pool_size")
    out_len(x.shape[2], k[1], s[1], pw, "pool_size")
    pads = ((0, 0), ph, pw, (0, 0))
    real = np.pad(np.ones(x.shape, dtype=bool), pads)
    return windows(np.pad(x, pads), k, s), windows(real, k, s)


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    values, real = _views(x, pool_size, stride, padding)
    if x.dtype.kind == "f":
        lowest = -np.inf
    elif x.dtype.kind == "b":
        lowest = False
    else:
        lowest = np.iinfo(x.dtype).min
    return np.where(real, values, lowest).max(axis=(3, 4)).astype(x.dtype)


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    values, real = _views(x.astype(dtype), pool_size, stride, padding)
    total = np.einsum("nhwabc->nhwc", values * real)
    return (total / real.sum(axis=(3, 4))).astype(dtype)


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got {x.shape}")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return np.einsum("nhwc->nc", x.astype(dtype)) / dtype.type(x.shape[1] * x.shape[2])


def global_max_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got {x.shape}")
    return x.reshape(x.shape[0], -1, x.shape[3]).max(axis=1)
