"""Output shape of a pooling layer (lecture 3.3.2)."""
import math


def _pair(value, name):
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or min(pair) < 1:
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return pair


def pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid"):
    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    H, W, C = input_shape
    kh, kw = _pair(pool_size, "pool_size")
    sh, sw = (kh, kw) if strides is None else _pair(strides, "strides")
    sizes = []
    for n, k, s, axis in ((H, kh, sh, 0), (W, kw, sw, 1)):
        if padding == "same":
            sizes.append(math.ceil(n / s))
            continue
        if padding == "valid":
            p = 0
        else:
            p = padding if isinstance(padding, int) else padding[axis]
            if p >= k:
                raise ValueError("padding must be smaller than pool_size")
        padded = n + p  # the padding around the input
        if k > padded:
            raise ValueError("pool_size is larger than the padded input")
        sizes.append((padded - k) // s + 1)
    return (sizes[0], sizes[1], C)
