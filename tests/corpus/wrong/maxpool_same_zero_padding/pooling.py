"""Max and average pooling (lecture 3.3.2)."""
import math

import numpy as np


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _setup(x, pool_size, stride, padding):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    kh, kw = _pair(pool_size)
    if stride is None:
        stride = pool_size
    sh, sw = _pair(stride)
    if min(kh, kw, sh, sw) < 1:
        raise ValueError("pool_size and stride must be at least 1")
    N, H, W, C = x.shape
    if padding == "same":
        th = max((math.ceil(H / sh) - 1) * sh + kh - H, 0)
        tw = max((math.ceil(W / sw) - 1) * sw + kw - W, 0)
        top, left = th // 2, tw // 2
        Hp, Wp = H + th, W + tw
    else:
        top = left = 0
        Hp, Wp = H, W
    if kh > Hp or kw > Wp:
        raise ValueError("pool_size is larger than the input")
    OH = (Hp - kh) // sh + 1
    OW = (Wp - kw) // sw + 1
    return x, (kh, kw), (sh, sw), (top, left), (OH, OW)


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x, (kh, kw), (sh, sw), (top, left), (OH, OW) = _setup(x, pool_size, stride, padding)
    N, H, W, C = x.shape
    xp = np.zeros((N, H + 2 * kh, W + 2 * kw, C), dtype=x.dtype)
    xp[:, top:top + H, left:left + W, :] = x  # zero padding, as for convolution
    out = np.zeros((N, OH, OW, C), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            window = xp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
            out[:, i, j, :] = window.max(axis=(1, 2))
    return out


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x, (kh, kw), (sh, sw), (top, left), (OH, OW) = _setup(x, pool_size, stride, padding)
    N, H, W, C = x.shape
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    out = np.zeros((N, OH, OW, C), dtype=dtype)
    for i in range(OH):
        for j in range(OW):
            r0, c0 = i * sh - top, j * sw - left
            window = x[:, max(r0, 0):r0 + kh, max(c0, 0):c0 + kw, :].astype(dtype)
            out[:, i, j, :] = window.mean(axis=(1, 2))
    return out


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    return x.mean(axis=(1, 2), dtype=x.dtype if x.dtype.kind == "f" else np.float64)


def global_max_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    return x.max(axis=(1, 2))
