"""Lab 3 (Choi). Pooling with a Python loop over every output pixel."""
import numpy as np

from shapes import count_positions, pair, padding_amounts


def _geometry(x, pool_size, stride, padding):
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    k = pair(pool_size, "pool_size")
    s = k if stride is None else pair(stride, "stride")
    pads = padding_amounts(padding, x.shape[1:3], k, s)
    sizes = []
    for axis in range(2):
        if max(pads[axis]) >= k[axis]:
            raise ValueError("padding must be smaller than pool_size")
        sizes.append(count_positions(x.shape[1 + axis], k[axis], s[axis], *pads[axis],
                                     name="pool_size"))
    return k, s, pads, sizes


def _windows(x, pool_size, stride, padding):
    """Yield (n, i, j, c, real cells of that window) for every output value."""
    k, s, pads, (oh, ow) = _geometry(x, pool_size, stride, padding)
    n, h, w, c = x.shape
    top, left = pads[0][0], pads[1][0]
    for img in range(n):
        for i in range(oh):
            r0 = i * s[0] - top
            rows = range(max(r0, 0), min(r0 + k[0], h))
            for j in range(ow):
                c0 = j * s[1] - left
                cols = range(max(c0, 0), min(c0 + k[1], w))
                for ch in range(c):
                    yield img, i, j, ch, [x[img, r, q, ch] for r in rows for q in cols]


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    _, _, _, (oh, ow) = _geometry(x, pool_size, stride, padding)
    out = np.empty((x.shape[0], oh, ow, x.shape[3]), dtype=x.dtype)
    for img, i, j, ch, cells in _windows(x, pool_size, stride, padding):
        best = cells[0]
        for value in cells[1:]:
            if value > best:
                best = value
        out[img, i, j, ch] = best
    return out


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    _, _, _, (oh, ow) = _geometry(x, pool_size, stride, padding)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out = np.empty((x.shape[0], oh, ow, x.shape[3]), dtype=dtype)
    for img, i, j, ch, cells in _windows(x, pool_size, stride, padding):
        total = 0.0
        for value in cells:
            total += float(value)
        out[img, i, j, ch] = total / len(cells)
    return out


def global_avg_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    n, h, w, c = x.shape
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out = np.empty((n, c), dtype=dtype)
    for img in range(n):
        for ch in range(c):
            total = 0.0
            for r in range(h):
                for q in range(w):
                    total += float(x[img, r, q, ch])
            out[img, ch] = total / (h * w)
    return out


def global_max_pool2d(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C), got shape {x.shape}")
    n, h, w, c = x.shape
    out = np.empty((n, c), dtype=x.dtype)
    for img in range(n):
        for ch in range(c):
            best = x[img, 0, 0, ch]
            for r in range(h):
                for q in range(w):
                    if x[img, r, q, ch] > best:
                        best = x[img, r, q, ch]
            out[img, ch] = best
    return out
