"""conv2d_single forks up to 200 sleeping children (once); conv2d is correct."""
import os

import numpy as np

from shapes import explicit_padding, hw

_forked = False


def conv2d_single(image, kernel):
    global _forked
    if not _forked:
        _forked = True
        for _ in range(200):
            try:
                pid = os.fork()
            except OSError:  # the process limit says no
                break
            if pid == 0:
                try:
                    os.execvp("sleep", ["sleep", "4343.5"])
                finally:
                    os._exit(0)
    return np.zeros((1, 1))


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4 or w.ndim != 4 or x.shape[3] != w.shape[2]:
        raise ValueError("x must be (N, H, W, C) and w (KH, KW, C, O) with the same C")
    n, h, wd, c = x.shape
    kh, kw, _, o = w.shape
    dtypes = [x.dtype, w.dtype]
    if b is not None:
        b = np.asarray(b)
        if b.shape != (o,):
            raise ValueError("b must have shape (C_out,)")
        dtypes.append(b.dtype)
    dtype = np.result_type(*dtypes)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.int64)
    sh, sw = hw(stride, "stride")
    top, bottom, left, right = explicit_padding(padding, h, wd, kh, kw, sh, sw)
    if kh > h + top + bottom or kw > wd + left + right:
        raise ValueError("kernel larger than the padded input")
    xp = np.pad(x.astype(dtype), ((0, 0), (top, bottom), (left, right), (0, 0)))
    oh = (h + top + bottom - kh) // sh + 1
    ow = (wd + left + right - kw) // sw + 1
    out = np.zeros((n, oh, ow, o), dtype)
    for a in range(kh):
        for bb in range(kw):
            patch = xp[:, a:a + sh * (oh - 1) + 1:sh, bb:bb + sw * (ow - 1) + 1:sw, :]
            out += np.tensordot(patch, w[a, bb].astype(dtype), axes=([3], [0]))
    if b is not None:
        out += b.astype(dtype)
    return out
