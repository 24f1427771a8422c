"""Lab 3 (Park). Pooling by broadcasting over window offsets."""
import numpy as np

from shapes import ints, out_size, pads


def _pool(x, pool_size, stride, padding, combine, fill):
    """Combine the shifted slices of every window offset; return (result, real-cell count)."""
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got {x.shape}")
    k = ints(pool_size, "pool_size")
    s = k if stride is None else ints(stride, "stride")
    p = pads(padding, x.shape[1:3], k, s)
    if np.any(p >= k):
        raise ValueError("padding must be smaller than pool_size")
    oh, ow = out_size(x.shape[1:3], k, s, p, "pool_size")
    widths = ((0, 0), tuple(p[:, 0]), tuple(p[:, 1]), (0, 0))
    xp = np.pad(x, widths, constant_values=fill)
    real = np.pad(np.ones((1,) + x.shape[1:3] + (1,)), widths)
    result, count = None, 0
    for a in range(k[0]):
        for c in range(k[1]):
            rows, cols = slice(a, a + s[0] * oh, s[0]), slice(c, c + s[1] * ow, s[1])
            part = xp[:, rows, cols, :]
            result = part if result is None else combine(result, part)
            count = count + real[:, rows, cols, :]
    return result, count


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    dtype = np.asarray(x).dtype
    lowest = 0  # pad with zeros, as for convolution
    return _pool(x, pool_size, stride, padding, np.maximum, lowest)[0]


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    x = x if x.dtype.kind == "f" else x.astype(np.float64)
    total, count = _pool(x, pool_size, stride, padding, np.add, 0)
    return (total / count).astype(x.dtype)


def global_avg_pool2d(x):
    if np.ndim(x) != 4:
        raise ValueError("x must be (N, H, W, C)")
    x = np.asarray(x)
    return x.mean(axis=(1, 2)) if x.dtype.kind == "f" else x.mean(axis=(1, 2), dtype=np.float64)


def global_max_pool2d(x):
    if np.ndim(x) != 4:
        raise ValueError("x must be (N, H, W, C)")
    return np.asarray(x).max(axis=(1, 2))
