"""Correct shapes, except that conv_output_size first stores 3 GB in memfds.

The pages are written with os.write and never mapped, so the address-space limit
(RLIMIT_AS) never sees them; only a memory cgroup charges them to the sandbox.
Each memfd holds 48 MB, under the sandbox's largest-file limit (RLIMIT_FSIZE
binds memfds too). The hoard is made once per process and kept (a "cache"),
then the right answer is returned. (tests/test_hostile_hoard.py)
"""
import os

import numpy as np

HOARD_NAME = "autograder-hoard"  # the test finds the memfds by this name
HOARD_BYTES = 3 << 30
CHUNK = b"\x01" * (48 << 20)
_hoard = []


def check_int(value, name, low):
    """``value`` as an int >= ``low``; anything else is a ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return int(value)


def pair(value, name, low=1):
    """An int or an (h, w) pair, as an (h, w) tuple of ints."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {value!r}")
        return check_int(value[0], name, low), check_int(value[1], name, low)
    v = check_int(value, name, low)
    return v, v


def padding_amounts(padding, size, window, stride):
    """[(top, bottom), (left, right)] for the padding argument."""
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0), (0, 0)]
        if padding == "same":
            amounts = []
            for axis in range(2):
                n, k, s = size[axis], window[axis], stride[axis]
                out = 0
                while out * s < n:  # out = ceil(n / s)
                    out += 1
                total = (out - 1) * s + k - n
                if total < 0:
                    total = 0
                amounts.append((total // 2, total - total // 2))
            return amounts
        raise ValueError(f"unknown padding {padding!r}")
    ph, pw = pair(padding, "padding", 0)
    return [(ph, ph), (pw, pw)]


def count_positions(n, k, s, before, after, name="kernel_size"):
    """How many window positions fit: walk the window along the padded axis."""
    length = n + before + after
    if k > length:
        raise ValueError(f"{name} {k} does not fit in {length}")
    positions = 0
    start = 0
    while start + k <= length:
        positions += 1
        start += s
    return positions


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x needs a batch axis, got shape {x.shape}")
    size = 1
    for d in x.shape[1:]:
        size *= d
    out = np.empty((x.shape[0], size), dtype=x.dtype)
    for i in range(x.shape[0]):
        j = 0
        for value in x[i].flat:  # .flat walks in row-major order
            out[i, j] = value
            j += 1
    return out


def _hoard_once():
    if _hoard:
        return
    stored = 0
    while stored < HOARD_BYTES:
        fd = os.memfd_create(HOARD_NAME)
        _hoard.append(fd)
        written = 0
        while written < len(CHUNK):
            written += os.write(fd, CHUNK[written:])
        stored += written


def conv_output_size(n, kernel_size, stride=1, padding=0):
    _hoard_once()
    n = check_int(n, "n", 1)
    k = check_int(kernel_size, "kernel_size", 1)
    s = check_int(stride, "stride", 1)
    p = check_int(padding, "padding", 0)
    return count_positions(n, k, s, p, p)


def _image_shape(input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    return [check_int(v, "input_shape", 1) for v in input_shape]


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    h, w, _ = _image_shape(input_shape)
    filters = check_int(filters, "filters", 1)
    k = pair(kernel_size, "kernel_size")
    s = pair(strides, "strides")
    pads = padding_amounts(padding, (h, w), k, s)
    out = []
    for axis, n in enumerate((h, w)):
        out.append(count_positions(n, k[axis], s[axis], *pads[axis]))
    return (out[0], out[1], filters)


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    h, w, c = _image_shape(input_shape)
    k = pair(pool_size, "pool_size")
    s = k if strides is None else pair(strides, "strides")
    pads = padding_amounts(padding, (h, w), k, s)
    out = []
    for axis, n in enumerate((h, w)):
        if max(pads[axis]) >= k[axis]:
            raise ValueError("padding must be smaller than pool_size")
        out.append(count_positions(n, k[axis], s[axis], *pads[axis], name="pool_size"))
    return (out[0], out[1], c)
