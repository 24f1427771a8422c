"""A flatten that sleeps on every call and is wrong on larger inputs, so that a concept's
time runs out before its first wrong answer is reached; the rest is correct."""
import time

import numpy as np


def _positive(value, name, minimum=1):
    if type(value) is bool or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def hw(value, name, minimum=1):
    """(h, w) from an int or a pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must have two entries")
        h, w = value
    else:
        h = w = value
    return _positive(h, name, minimum), _positive(w, name, minimum)


def explicit_padding(padding, h, w, kh, kw, sh, sw):
    """(top, bottom, left, right)."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding != "same":
            raise ValueError(f"padding {padding!r} is not 'valid', 'same', an int or a pair")
        out_h, out_w = -(-h // sh), -(-w // sw)
        th = max((out_h - 1) * sh + kh - h, 0)
        tw = max((out_w - 1) * sw + kw - w, 0)
        return th // 2, th - th // 2, tw // 2, tw - tw // 2
    ph, pw = hw(padding, "padding", 0)
    return ph, ph, pw, pw


def _size(n, k, s, total_pad):
    if n + total_pad < k:
        raise ValueError(f"window {k} larger than padded input {n + total_pad}")
    return (n + total_pad - k) // s + 1


def flatten(x):
    time.sleep(0.4)
    x = np.asarray(x)
    if x.size > 12:
        return np.reshape(x, (x.shape[0], -1), order="F")  # wrong, but only reached late
    if x.ndim < 2:
        raise ValueError(f"flatten needs (N, ...) with ndim >= 2, got ndim {x.ndim}")
    features = 1
    for d in x.shape[1:]:
        features *= d
    return np.reshape(x, (x.shape[0], features), order="C")


def conv_output_size(n, kernel_size, stride=1, padding=0):
    n = _positive(n, "n")
    kernel_size = _positive(kernel_size, "kernel_size")
    stride = _positive(stride, "stride")
    padding = _positive(padding, "padding", 0)
    return _size(n, kernel_size, stride, 2 * padding)


def _hwc(input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError(f"input_shape {input_shape!r} is not (H, W, C)")
    return [_positive(v, "input_shape") for v in input_shape]


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    h, w, _ = _hwc(input_shape)
    filters = _positive(filters, "filters")
    kh, kw = hw(kernel_size, "kernel_size")
    sh, sw = hw(strides, "strides")
    top, bottom, left, right = explicit_padding(padding, h, w, kh, kw, sh, sw)
    return _size(h, kh, sh, top + bottom), _size(w, kw, sw, left + right), filters


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    h, w, c = _hwc(input_shape)
    kh, kw = hw(pool_size, "pool_size")
    sh, sw = (kh, kw) if strides is None else hw(strides, "strides")
    top, bottom, left, right = explicit_padding(padding, h, w, kh, kw, sh, sw)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError("pooling padding must be smaller than the window")
    return _size(h, kh, sh, top + bottom), _size(w, kw, sw, left + right), c
