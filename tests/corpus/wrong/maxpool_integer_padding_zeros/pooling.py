"""Max and average pooling (lecture 3.3.2)."""
import math

import numpy as np


def _pair(value, name, low=1):
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or min(pair) < low:
        raise ValueError(f"{name} must be >= {low} or a pair of them, got {value!r}")
    return pair


def _pads(padding, H, W, kh, kw, sh, sw):
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        pads = []
        for n, k, s in ((H, kh, sh), (W, kw, sw)):
            total = max((math.ceil(n / s) - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
        return pads[0], pads[1]
    if isinstance(padding, str):
        raise ValueError(f"unknown padding {padding!r}")
    ph, pw = _pair(padding, "padding", 0)
    return (ph, ph), (pw, pw)


def _setup(x, pool_size, stride, padding):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    kh, kw = _pair(pool_size, "pool_size")
    sh, sw = (kh, kw) if stride is None else _pair(stride, "stride")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = _pads(padding, H, W, kh, kw, sh, sw)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError("padding must be smaller than pool_size")
    Hp, Wp = H + top + bottom, W + left + right
    if kh > Hp or kw > Wp:
        raise ValueError("pool_size is larger than the padded input")
    return x, (kh, kw), (sh, sw), ((top, bottom), (left, right)), ((Hp - kh) // sh + 1,
                                                                   (Wp - kw) // sw + 1)


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x, (kh, kw), (sh, sw), pads, (OH, OW) = _setup(x, pool_size, stride, padding)
    lowest = np.finfo(x.dtype).min if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    # "same" must not let padding win; an explicit padding adds zero rows and
    # columns, as API.md says for padding in general.
    fill = lowest if padding == "same" else 0
    xp = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=fill)
    out = np.empty((x.shape[0], OH, OW, x.shape[3]), dtype=x.dtype)
    for i in range(OH):
        for j in range(OW):
            out[:, i, j, :] = xp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :].max(axis=(1, 2))
    return out


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x, (kh, kw), (sh, sw), pads, (OH, OW) = _setup(x, pool_size, stride, padding)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    widths = ((0, 0), pads[0], pads[1], (0, 0))
    xp = np.pad(x.astype(dtype), widths)
    real = np.pad(np.ones(x.shape[1:3]), widths[1:3])
    out = np.empty((x.shape[0], OH, OW, x.shape[3]), dtype=dtype)
    for i in range(OH):
        for j in range(OW):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            count = real[rows, cols].sum()  # real cells only
            out[:, i, j, :] = xp[:, rows, cols, :].sum(axis=(1, 2)) / count
    return out


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    return x.mean(axis=(1, 2), dtype=x.dtype if x.dtype.kind == "f" else np.float64)


def global_max_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    return x.max(axis=(1, 2))
