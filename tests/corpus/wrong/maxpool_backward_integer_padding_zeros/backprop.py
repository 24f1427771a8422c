"""Gradients of max pooling (lecture 3.4)."""
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


def max_pool2d_backward(dout, x, pool_size=2, stride=None, padding="valid"):
    dout, x = np.asarray(dout), np.asarray(x)
    if x.ndim != 4 or dout.ndim != 4:
        raise ValueError("x and dout must be (N, H, W, C)")
    k = _pair(pool_size, "pool_size")
    s = k if stride is None else _pair(stride, "stride")
    pads = _pads(padding, x.shape[1:3], k, s)
    if max(pads[0]) >= k[0] or max(pads[1]) >= k[1]:
        raise ValueError("padding must be smaller than pool_size")
    hp, wp = x.shape[1] + sum(pads[0]), x.shape[2] + sum(pads[1])
    if k[0] > hp or k[1] > wp:
        raise ValueError("pool_size is larger than the padded input")
    oh, ow = (hp - k[0]) // s[0] + 1, (wp - k[1]) // s[1] + 1
    if dout.shape != (x.shape[0], oh, ow, x.shape[3]):
        raise ValueError(f"dout must have shape {(x.shape[0], oh, ow, x.shape[3])}")
    fill = -np.inf if padding == "same" else 0.0  # an explicit padding adds zeros
    xp = np.pad(x.astype(np.float64), ((0, 0), pads[0], pads[1], (0, 0)), constant_values=fill)
    offsets = [(slice(a, a + s[0] * (oh - 1) + 1, s[0]), slice(b, b + s[1] * (ow - 1) + 1, s[1]))
               for a in range(k[0]) for b in range(k[1])]  # row-major within a window
    winner = np.stack([xp[:, rows, cols, :] for rows, cols in offsets]).argmax(axis=0)
    dxp = np.zeros(xp.shape, dout.dtype)
    for index, (rows, cols) in enumerate(offsets):
        dxp[:, rows, cols, :] += np.where(winner == index, dout, 0)
    return dxp[:, pads[0][0]:pads[0][0] + x.shape[1], pads[1][0]:pads[1][0] + x.shape[2], :]
