"""Lab 3 (Park). Shapes in a few lines of numpy."""
import numpy as np


def ints(v, name, low=1, n=2):
    """An int or an n-sequence of ints >= low, as a tuple of n ints."""
    v = tuple(v) if isinstance(v, (tuple, list)) else (v,) * n
    if len(v) != n or not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool)
                              and i >= low for i in v):
        raise ValueError(f"bad {name}: {v!r}")
    return tuple(int(i) for i in v)


def pads(padding, size, k, s):
    """Array [[top, left], [bottom, right]]."""
    size, k, s = np.array(size), np.array(k), np.array(s)
    if isinstance(padding, str) and padding in ("valid", "same"):
        total = np.maximum((-(-size // s) - 1) * s + k - size, 0) * (padding == "same")
        return np.stack([total // 2, total - total // 2])
    if isinstance(padding, str):
        raise ValueError(f"bad padding: {padding!r}")
    return np.stack([ints(padding, "padding", 0)] * 2)


def out_size(size, k, s, p, name="window"):
    padded = np.array(size) + p.sum(axis=0)
    if np.any(padded < k):
        raise ValueError(f"{name} {k} larger than padded input {tuple(padded)}")
    return tuple((padded - k) // s + 1)  # numpy ints, as numpy computes them


def hwc(input_shape):
    if not isinstance(input_shape, (tuple, list)):
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    return ints(input_shape, "input_shape", 1, 3)


def flatten(x):
    if np.ndim(x) < 2:
        raise ValueError("x needs ndim >= 2")
    return np.asarray(x).reshape(np.shape(x)[0], -1) if np.size(x) else \
        np.asarray(x).reshape(np.shape(x)[0], int(np.prod(np.shape(x)[1:])))


def conv_output_size(n, kernel_size, stride=1, padding=0):
    (n,), (k,), (s,), (p,) = (ints(n, "n", 1, 1), ints(kernel_size, "kernel_size", 1, 1),
                              ints(stride, "stride", 1, 1), ints(padding, "padding", 0, 1))
    return out_size((n,), k, s, np.array([[p], [p]]), "kernel_size")[0]


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    h, w, _ = hwc(input_shape)
    k, s = ints(kernel_size, "kernel_size"), ints(strides, "strides")
    return out_size((h, w), k, s, pads(padding, (h, w), k, s)) + ints(filters, "filters", 1, 1)


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    h, w, c = hwc(input_shape)
    k = ints(pool_size, "pool_size")
    s = k if strides is None else ints(strides, "strides")
    p = pads(padding, (h, w), k, s)
    if np.any(p >= k):
        raise ValueError("padding must be smaller than pool_size")
    return out_size((h, w), k, s, p) + (c,)
