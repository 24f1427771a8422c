"""Image flattening and the output-shape arithmetic of convolution and pooling (lecture 3.1, 3.3).

Shapes are channels-last, as in Keras: one image is ``(H, W, C)``, a batch is
``(N, H, W, C)``.
"""
from __future__ import annotations

import numpy as np

from ._args import as_int, as_pair, resolve_padding, sliding_output


def flatten(x: np.ndarray) -> np.ndarray:
    """Flatten every sample of a batch into one row (image flattening, lecture 3.1.1).

    Parameters
    ----------
    x : ndarray, shape (N, d1, d2, ...)
        A batch; axis 0 is the batch axis and is kept.

    Returns
    -------
    ndarray, shape (N, d1 * d2 * ...)
        Each row holds one sample's values in row-major (C) order; same dtype as ``x``.

    Raises
    ------
    ValueError
        If ``x.ndim < 2``.

    Graded
    ------
    - ndim x: 2, 5 -> "any rank"
    - dtype x: float32, int64, uint8, bool -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> img = np.zeros((28, 28))
    >>> flatten(img[None]).shape
    (1, 784)
    """
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x must have a batch axis and at least one more axis, got shape {x.shape}")
    return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))


def conv_output_size(n: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Length of a convolution's output along one axis.

    ``floor((n + 2 * padding - kernel_size) / stride) + 1``.

    Parameters
    ----------
    n : int
        Input length (>= 1).
    kernel_size : int
        Window length (>= 1).
    stride : int, default 1
        Step of the window (>= 1).
    padding : int, default 0
        Zeros added on each side (>= 0).

    Returns
    -------
    int
        The output length (>= 1).

    Raises
    ------
    ValueError
        If an argument is out of range or the window does not fit (result < 1).

    Graded
    ------
    - form stride, padding: default -> "no padding"
    - raises n, kernel_size, stride, padding -> "errors"

    Examples
    --------
    >>> conv_output_size(28, 3, stride=1, padding=1)
    28
    """
    n = as_int(n, "n", 1)
    k = as_int(kernel_size, "kernel_size", 1)
    s = as_int(stride, "stride", 1)
    p = as_int(padding, "padding", 0)
    return sliding_output(n, k, s, (p, p), "kernel_size")


def conv_output_shape(input_shape: tuple[int, int, int], filters: int, kernel_size,
                      strides=1, padding="valid") -> tuple[int, int, int]:
    """Output shape of a ``Conv2D`` layer for one image (no batch axis).

    Parameters
    ----------
    input_shape : (H, W, C)
        Shape of one input image.
    filters : int
        Number of filters, the output depth (>= 1).
    kernel_size : int or (int, int)
        ``(KH, KW)``.
    strides : int or (int, int), default 1
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``"same"`` gives ``ceil(n / stride)`` (TensorFlow/Keras rule).

    Returns
    -------
    (H', W', filters)

    Raises
    ------
    ValueError
        If ``input_shape`` is not three positive ints, an argument is out of range,
        or the kernel is larger than the padded input.

    Graded
    ------
    - form kernel_size: int, pair -> "filters set the depth"
    - form strides, padding: default -> "valid"
    - form strides: int, pair -> "strides"
    - form padding: int, pair -> "integer padding"
    - form padding: "same" -> "same padding"
    - raises input_shape, kernel_size, strides, padding -> "errors"

    Examples
    --------
    >>> conv_output_shape((28, 28, 1), 4, 3, strides=1, padding=1)
    (28, 28, 4)
    """
    h, w, _ = _image_shape(input_shape)
    f = as_int(filters, "filters", 1)
    k = as_pair(kernel_size, "kernel_size")
    s = as_pair(strides, "strides")
    pad_h, pad_w = resolve_padding(padding, (h, w), k, s)
    return (sliding_output(h, k[0], s[0], pad_h, "kernel_size"),
            sliding_output(w, k[1], s[1], pad_w, "kernel_size"), f)


def pool_output_shape(input_shape: tuple[int, int, int], pool_size=2, strides=None,
                      padding="valid") -> tuple[int, int, int]:
    """Output shape of a pooling layer for one image (no batch axis).

    Parameters
    ----------
    input_shape : (H, W, C)
    pool_size : int or (int, int), default 2
    strides : int or (int, int) or None, default None
        ``None`` means ``strides = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"

    Returns
    -------
    (H', W', C)
        Pooling keeps the depth.

    Raises
    ------
    ValueError
        If an argument is out of range, a padding is not smaller than the window
        (as in :func:`max_pool2d`), or the window is larger than the padded input.

    Graded
    ------
    - form pool_size: int, pair -> "default stride"
    - form pool_size, strides, padding: default -> "default stride"
    - form strides: int, pair -> "explicit strides"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises input_shape, pool_size, strides, padding -> "errors"

    Examples
    --------
    >>> pool_output_shape((28, 28, 4), 2)
    (14, 14, 4)
    """
    h, w, c = _image_shape(input_shape)
    k = as_pair(pool_size, "pool_size")
    s = k if strides is None else as_pair(strides, "strides")
    pad_h, pad_w = resolve_padding(padding, (h, w), k, s)
    if max(pad_h) >= k[0] or max(pad_w) >= k[1]:
        raise ValueError(f"padding {padding!r} must be smaller than pool_size {k}")
    return (sliding_output(h, k[0], s[0], pad_h, "pool_size"),
            sliding_output(w, k[1], s[1], pad_w, "pool_size"), c)


def _image_shape(input_shape) -> tuple[int, int, int]:
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError(f"input_shape must be (H, W, C), got {input_shape!r}")
    return tuple(as_int(v, "input_shape", 1) for v in input_shape)
