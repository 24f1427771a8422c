"""Lab 3 (Kim). Shapes with closed formulas; window views live here too."""
import math
import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided


def _int(value, name, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name}: expected an integer >= {low}, got {value!r}")
    return int(value)


def to_pair(value, name, low=1):
    if np.ndim(value) == 0:
        return (_int(value, name, low),) * 2
    if len(value) != 2:
        raise ValueError(f"{name}: expected an int or a pair, got {value!r}")
    return tuple(_int(v, name, low) for v in value)


def pads_for(padding, size, window, stride):
    """((top, bottom), (left, right))."""
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        totals = [max((math.ceil(n / s) - 1) * s + k - n, 0)
                  for n, k, s in zip(size, window, stride)]
        return tuple((t // 2, t - t // 2) for t in totals)
    if isinstance(padding, str):
        raise ValueError(f"padding: unknown mode {padding!r}")
    ph, pw = to_pair(padding, "padding", 0)
    return (ph, ph), (pw, pw)


def out_len(n, k, s, pad, name="kernel_size"):
    if k > n + sum(pad):
        raise ValueError(f"{name} {k} is larger than the padded input {n + sum(pad)}")
    return (n + sum(pad) - k) // s + 1


def windows(xp, window, stride):
    """View of ``xp`` (N, Hp, Wp, C) as (N, H', W', KH, KW, C) windows, no copy."""
    n, hp, wp, c = xp.shape
    kh, kw = window
    sh, sw = stride
    oh, ow = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    s0, s1, s2, s3 = xp.strides
    return as_strided(xp, shape=(n, oh, ow, kh, kw, c),
                      strides=(s0, s1 * sh, s2 * sw, s1, s2, s3), writeable=False)


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x: need at least 2 dimensions (batch first)")
    return x.reshape(len(x), -1) if x.shape[0] else x.reshape(0, int(np.prod(x.shape[1:])))


def conv_output_size(n, kernel_size, stride=1, padding=0):
    n, k = _int(n, "n", 1), _int(kernel_size, "kernel_size", 1)
    s, p = _int(stride, "stride", 1), _int(padding, "padding", 0)
    return out_len(n, k, s, (p, p))


def _hwc(input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError("input_shape must be (H, W, C)")
    return tuple(_int(v, "input_shape", 1) for v in input_shape)


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    h, w, _ = _hwc(input_shape)
    f = _int(filters, "filters", 1)
    k, s = to_pair(kernel_size, "kernel_size"), to_pair(strides, "strides")
    ph, pw = pads_for(padding, (h, w), k, s)
    return out_len(h, k[0], s[0], ph), out_len(w, k[1], s[1], pw), f


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    h, w, c = _hwc(input_shape)
    k = to_pair(pool_size, "pool_size")
    s = k if strides is None else to_pair(strides, "strides")
    ph, pw = pads_for(padding, (h, w), k, s)
    if max(ph) >= k[0] or max(pw) >= k[1]:
        raise ValueError("padding must be smaller than pool_size")
    return out_len(h, k[0], s[0], ph, "pool_size"), out_len(w, k[1], s[1], pw, "pool_size"), c
