"""Gradients of average pooling (lecture 3.4)."""
import numpy as np


def _pair(value, name, low=1):
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or min(pair) < low:
        raise ValueError(f"{name} must be >= {low} or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _pads(padding, size, window, stride):
    if padding == "valid":
        return [(0, 0), (0, 0)]
    if padding == "same":
        pads = []
        for n, k, s in zip(size, window, stride):
            total = max((-(-n // s) - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
        return pads
    ph, pw = _pair(padding, "padding", 0)
    return [(ph, ph), (pw, pw)]


def avg_pool2d_backward(dout, x_shape, pool_size=2, stride=None, padding="valid"):
    dout = np.asarray(dout)
    n, h, w, c = x_shape
    if min(x_shape) < 1:
        raise ValueError(f"x_shape must be four positive ints, got {x_shape!r}")
    k = _pair(pool_size, "pool_size")
    s = k if stride is None else _pair(stride, "stride")
    pads = _pads(padding, (h, w), k, s)
    if max(pads[0]) >= k[0] or max(pads[1]) >= k[1]:
        raise ValueError("padding must be smaller than pool_size")
    hp, wp = h + sum(pads[0]), w + sum(pads[1])
    if k[0] > hp or k[1] > wp:
        raise ValueError("pool_size is larger than the padded input")
    oh, ow = (hp - k[0]) // s[0] + 1, (wp - k[1]) // s[1] + 1
    if dout.shape != (n, oh, ow, c):
        raise ValueError(f"dout must have shape {(n, oh, ow, c)}, got {dout.shape}")
    real = np.pad(np.ones((h, w)), pads)
    dtype = dout.dtype if dout.dtype.kind == "f" else np.dtype(np.float64)
    dxp = np.zeros((n, hp, wp, c), dtype)
    for i in range(oh):
        for j in range(ow):
            rows, cols = slice(i * s[0], i * s[0] + k[0]), slice(j * s[1], j * s[1] + k[1])
            count = dtype.type(real[rows, cols].sum() if padding == "same" else k[0] * k[1])
            dxp[:, rows, cols, :] += (dout[:, i, j, :] / count)[:, None, None, :]
    return dxp[:, pads[0][0]:pads[0][0] + h, pads[1][0]:pads[1][0] + w, :]
