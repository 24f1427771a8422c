"""Lab 3 (Lee). Pooling over gathered window columns."""
import numpy as np

from shapes import explicit_padding, hw


def _columns(x, pool_size, stride, padding, fill):
    """Windows as (N, H', W', KH*KW, C), padded cells holding ``fill``; plus the real-cell count."""
    if x.ndim != 4:
        raise ValueError(f"x must be 4-D (N, H, W, C), got {x.ndim}-D")
    n, h, w, c = x.shape
    kh, kw = hw(pool_size, "pool_size")
    sh, sw = (kh, kw) if stride is None else hw(stride, "stride")
    top, bottom, left, right = explicit_padding(padding, h, w, kh, kw, sh, sw)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError("padding must be smaller than pool_size")
    hp, wp = h + top + bottom, w + left + right
    if kh > hp or kw > wp:
        raise ValueError(f"pool_size {(kh, kw)} is larger than the input {(hp, wp)}")
    oh, ow = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    xp = np.full((n, hp, wp, c), fill, dtype=x.dtype)
    xp[:, top:top + h, left:left + w, :] = x
    real = np.zeros((hp, wp))
    real[top:top + h, left:left + w] = 1
    cols = np.empty((n, oh, ow, kh * kw, c), dtype=x.dtype)
    count = np.zeros((oh, ow))
    for a in range(kh):
        for b in range(kw):
            rows = slice(a, a + sh * (oh - 1) + 1, sh)
            cols_ = slice(b, b + sw * (ow - 1) + 1, sw)
            cols[:, :, :, a * kw + b, :] = xp[:, rows, cols_, :]
            count += real[rows, cols_]
    return cols, count[None, :, :, None]


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    lowest = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    cols, _ = _columns(x, pool_size, stride, padding, lowest)
    return cols.max(axis=3)


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    cols, count = _columns(x, pool_size, stride, padding, 0)
    return (cols.sum(axis=3) / count.astype(x.dtype)).astype(x.dtype)


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be 4-D (N, H, W, C), got {x.ndim}-D")
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    n, h, w, c = x.shape
    return x.reshape(n, h * w, c).sum(axis=1) / x.dtype.type(h * w)


def global_max_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be 4-D (N, H, W, C), got {x.ndim}-D")
    n, h, w, c = x.shape
    return x.reshape(n, h * w, c).max(axis=1)
