"""Output shapes of convolution and pooling layers (lecture 3.3)."""
import math


def _pair(value, name, low=1):
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or min(pair) < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return pair


def _size(n, k, s, padding, axis, pool):
    if padding == "same":
        return math.ceil(n / s)
    p = 0 if padding == "valid" else _pair(padding, "padding", 0)[axis]
    if pool and p >= k:
        raise ValueError("padding must be smaller than pool_size")
    if k > n + 2 * p:
        raise ValueError("the window is larger than the padded input")
    return (n + 2 * p - k) // s + 1


def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid"):
    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    k, s = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")
    return (_size(input_shape[0], k[0], s[0], padding, 0, False),
            _size(input_shape[1], k[1], s[1], padding, 1, False), filters)


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    k = _pair(pool_size, "pool_size")
    s = k if strides is None else _pair(strides, "strides")
    return (_size(input_shape[0], k[0], s[0], padding, 0, True),
            _size(input_shape[1], k[1], s[1], padding, 1, True), input_shape[2])
