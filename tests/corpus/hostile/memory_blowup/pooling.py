"""max_pool2d allocates without bound; avg_pool2d is correct."""
import numpy as np

from shapes import explicit_padding, hw

_hoard = []


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    while True:  # "cache" every window ever seen, 512 MB at a time
        _hoard.append(np.empty(64 << 20))


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    n, h, w, c = x.shape
    kh, kw = hw(pool_size, "pool_size")
    sh, sw = (kh, kw) if stride is None else hw(stride, "stride")
    top, bottom, left, right = explicit_padding(padding, h, w, kh, kw, sh, sw)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError("padding must be smaller than pool_size")
    hp, wp = h + top + bottom, w + left + right
    if kh > hp or kw > wp:
        raise ValueError("pool_size is larger than the padded input")
    oh, ow = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    total = np.zeros((n, oh, ow, c), dtype)
    count = np.zeros((1, oh, ow, 1))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * sh - top, j * sw - left
            rows = slice(max(r0, 0), min(r0 + kh, h))
            cols = slice(max(c0, 0), min(c0 + kw, w))
            total[:, i, j, :] = x[:, rows, cols, :].astype(dtype).sum(axis=(1, 2))
            count[0, i, j, 0] = (rows.stop - rows.start) * (cols.stop - cols.start)
    return (total / count).astype(dtype)
