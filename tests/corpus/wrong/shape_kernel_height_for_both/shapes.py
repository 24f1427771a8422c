"""Output sizes of convolution and pooling (lecture 3.3)."""
import math

import numpy as np


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _check(*values):
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool):
            raise ValueError(f"expected an int, got {v!r}")


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x needs a batch axis")
    return x.reshape(x.shape[0], -1)


def conv_output_size(n, kernel_size, stride=1, padding=0):
    _check(n, kernel_size, stride, padding)
    if n < 1 or kernel_size < 1 or stride < 1 or padding < 0:
        raise ValueError("argument out of range")
    if kernel_size > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - kernel_size) // stride + 1


def _same(n, k, s):
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _one_axis(n, k, s, padding, axis):
    if padding == "valid":
        before = after = 0
    elif padding == "same":
        before, after = _same(n, k, s)
    elif isinstance(padding, str):
        raise ValueError(f"unknown padding {padding!r}")
    else:
        before = after = _pair(padding)[axis]
    if k > n + before + after:
        raise ValueError("window larger than the padded input")
    return (n + before + after - k) // s + 1


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError("input_shape must be (H, W, C)")
    H, W, C = input_shape
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(strides)
    _check(H, W, C, filters, kh, kw, sh, sw)
    if min(H, W, C, filters, kh, kw, sh, sw) < 1:
        raise ValueError("argument out of range")
    return (_one_axis(H, kh, sh, padding, 0), _one_axis(W, kh, sw, padding, 1), filters)


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError("input_shape must be (H, W, C)")
    H, W, C = input_shape
    kh, kw = _pair(pool_size)
    if strides is None:
        strides = pool_size
    sh, sw = _pair(strides)
    _check(H, W, C, kh, kw, sh, sw)
    if min(H, W, C, kh, kw, sh, sw) < 1:
        raise ValueError("argument out of range")
    return (_one_axis(H, kh, sh, padding, 0), _one_axis(W, kw, sw, padding, 1), C)
