"""Gradients of a convolution (lecture 3.4, 3.6)."""
import numpy as np


def _pair(value, name, low=1):
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    assert len(pair) == 2 and min(pair) >= low, f"bad {name}: {value!r}"
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


def conv2d_backward(dout, x, w, stride=1, padding="valid"):
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    assert x.ndim == 4 and w.ndim == 4, "x and w must be 4-D"
    assert x.shape[3] == w.shape[2], "x and w must have the same input channels"
    n, h, wd, _ = x.shape
    kh, kw, _, c_out = w.shape
    s = _pair(stride, "stride")
    pads = _pads(padding, (h, wd), (kh, kw), s)
    hp, wp = h + sum(pads[0]), wd + sum(pads[1])
    assert kh <= hp and kw <= wp, "the kernel does not fit"
    oh, ow = (hp - kh) // s[0] + 1, (wp - kw) // s[1] + 1
    assert dout.shape == (n, oh, ow, c_out), "dout has the wrong shape"
    dtype = np.result_type(dout, x, w)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.int64)
    xp = np.pad(x.astype(dtype), ((0, 0), pads[0], pads[1], (0, 0)))
    dout, w = dout.astype(dtype), w.astype(dtype)
    dxp = np.zeros_like(xp)
    dw = np.zeros(w.shape, dtype)
    for a in range(kh):
        for b in range(kw):
            rows = slice(a, a + s[0] * (oh - 1) + 1, s[0])
            cols = slice(b, b + s[1] * (ow - 1) + 1, s[1])
            dw[a, b] = np.tensordot(xp[:, rows, cols, :], dout, axes=([0, 1, 2], [0, 1, 2]))
            dxp[:, rows, cols, :] += dout @ w[a, b].T
    dx = dxp[:, pads[0][0]:pads[0][0] + h, pads[1][0]:pads[1][0] + wd, :]
    return dx, dw, dout.sum(axis=(0, 1, 2))
