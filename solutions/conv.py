"""Convolution (cross-correlation) of images with kernels (lecture 3.3.1 and 3.6).

Layout is channels-last: images ``(N, H, W, C_in)``, kernels ``(KH, KW, C_in, C_out)``.
The kernel is not flipped, as in every deep learning framework. Two fixed-kernel
convolutions complete the module: Sobel edge maps, the hand-crafted features of
lecture 3.2.1, and the grayscale conversion of lecture 3.6.2 (a 1x1 convolution).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import as_pair, check_ndim, exact_result_dtype, float_result_dtype, sliding_output
from ._windows import im2col, pad_images, window_grid


def conv2d_single(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Slide one kernel over one grayscale image (stride 1, no padding).

    ``out[i, j] = sum_{a, b} image[i + a, j + b] * kernel[a, b]``

    Parameters
    ----------
    image : ndarray, shape (H, W)
    kernel : ndarray, shape (KH, KW)
        Not flipped (cross-correlation).

    Returns
    -------
    ndarray, shape (H - KH + 1, W - KW + 1)
        Floats keep their dtype; integer inputs give an exact int64 result.

    Raises
    ------
    ValueError
        If an input is not 2-D or the kernel is larger than the image.

    Graded
    ------
    - dtype image: float32, int64, uint8 -> "dtype"
    - raises image, kernel -> "errors"

    Examples
    --------
    The lecture's worked example (the slide's "243" is an arithmetic slip):

    >>> patch = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
    >>> sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    >>> conv2d_single(patch, sobel)
    array([[261]])
    """
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    check_ndim(image, 2, "image", "(H, W)")
    check_ndim(kernel, 2, "kernel", "(KH, KW)")
    for axis in range(2):
        sliding_output(image.shape[axis], kernel.shape[axis], 1, (0, 0), "kernel")
    dtype = exact_result_dtype(image.dtype, kernel.dtype)
    windows = sliding_window_view(image.astype(dtype, copy=False), kernel.shape)
    return np.tensordot(windows, kernel.astype(dtype, copy=False), axes=([2, 3], [0, 1]))


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride=1,
           padding="valid") -> np.ndarray:
    """2-D convolution of a batch of multi-channel images with a bank of filters.

    ``out[n, i, j, o] = sum_{a, b, c} xp[n, i*SH + a, j*SW + b, c] * w[a, b, c, o] + b[o]``
    where ``xp`` is ``x`` padded with zeros. Every output channel sums over all
    input channels (a color image has three).

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C_in)
    w : ndarray, shape (KH, KW, C_in, C_out)
    b : ndarray, shape (C_out,), optional
        Added to every position of output channel ``o``.
    stride : int or (int, int), default 1
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``"same"``: output ``ceil(H / SH)``; total padding
        ``max((out - 1) * s + k - n, 0)``, ``top = total // 2``, the extra
        row/column goes to the bottom/right (TensorFlow/Keras rule).

    Returns
    -------
    ndarray, shape (N, H', W', C_out)
        Floats keep their dtype; integer inputs give an exact int64 result.

    Raises
    ------
    ValueError
        Wrong ndim, ``w.shape[2] != x.shape[3]``, ``b.shape != (C_out,)``,
        stride < 1, or a kernel larger than the padded input.

    Graded
    ------
    - dtype x: float32, int64, uint8 -> "dtype"
    - form stride, padding: default -> "one channel"
    - form stride: int, pair -> "stride"
    - form padding: int, pair -> "integer padding"
    - form padding: "same" -> "same padding"
    - raises x, w, b, stride -> "errors"

    Examples
    --------
    >>> x = np.ones((1, 28, 28, 1))
    >>> w = np.ones((3, 3, 1, 4))
    >>> conv2d(x, w, stride=1, padding=1).shape
    (1, 28, 28, 4)
    """
    x = np.asarray(x)
    w = np.asarray(w)
    check_ndim(x, 4, "x", "(N, H, W, C_in)")
    check_ndim(w, 4, "w", "(KH, KW, C_in, C_out)")
    if w.shape[2] != x.shape[3]:
        raise ValueError(f"w has {w.shape[2]} input channels but x has {x.shape[3]}")
    dtypes = [x.dtype, w.dtype]
    if b is not None:
        b = np.asarray(b)
        if b.shape != (w.shape[3],):
            raise ValueError(f"b must have shape ({w.shape[3]},), got {b.shape}")
        dtypes.append(b.dtype)
    dtype = exact_result_dtype(*dtypes)
    s = as_pair(stride, "stride")
    kh, kw, c_in, c_out = w.shape
    xp = pad_images(x.astype(dtype, copy=False), padding, (kh, kw), s, "kernel")
    oh, ow = window_grid(xp.shape[1:3], (kh, kw), s)
    w2 = w.astype(dtype, copy=False).reshape(kh * kw * c_in, c_out)
    if b is not None:
        # The bias as one more kernel row, read by a column of ones: the product
        # adds it, with no extra pass over the output.
        w2 = np.vstack([w2, b.astype(dtype, copy=False)])
    cols = im2col(xp, (kh, kw), s, ones=b is not None)   # (N*H'*W', KH*KW*C_in [+ 1])
    # One 2-D product: a stacked (N, H', W', K) @ (K, C_out) runs one small
    # matrix product per image row and is several times slower.
    return (cols @ w2).reshape(x.shape[0], oh, ow, c_out)


SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
SOBEL_Y = SOBEL_X.T
# ITU-R BT.601 luma weights: the rule of PIL's convert("L"), OpenCV's cvtColor and MATLAB's rgb2gray.
LUMA_601 = (0.299, 0.587, 0.114)


def sobel_edges(image: np.ndarray) -> np.ndarray:
    """Edge strength of a grayscale image: the Sobel gradient magnitude (lecture 3.2.1).

    Before deep learning, people chose features by hand; edges were the first
    choice. ``gx = conv2d_single(image, SOBEL_X)`` responds to vertical edges
    (brightness changing from left to right), ``gy = conv2d_single(image, SOBEL_Y)``
    to horizontal ones, and the edge strength is ``sqrt(gx**2 + gy**2)``::

        SOBEL_X = [[-1, 0, 1],        SOBEL_Y = SOBEL_X.T = [[-1, -2, -1],
                   [-2, 0, 2],                               [ 0,  0,  0],
                   [-1, 0, 1]]                               [ 1,  2,  1]]

    Parameters
    ----------
    image : ndarray, shape (H, W)
        At least 3x3.

    Returns
    -------
    ndarray, shape (H - 2, W - 2)
        Non-negative. Floats keep their dtype; integer input gives float64
        (computed without uint8 overflow).

    Raises
    ------
    ValueError
        If ``image`` is not 2-D or is smaller than 3x3.

    Graded
    ------
    - dtype image: float32, uint8, int64 -> "dtype"
    - raises image -> "errors"

    Examples
    --------
    The lecture's patch: ``gx`` is the worked example's 261, ``gy`` is 191.

    >>> patch = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
    >>> sobel_edges(patch).round(2)
    array([[323.42]])
    """
    image = np.asarray(image)
    check_ndim(image, 2, "image", "(H, W)")
    if min(image.shape) < 3:
        raise ValueError(f"image must be at least 3x3 for a 3x3 Sobel kernel, got {image.shape}")
    dtype = float_result_dtype(image.dtype)
    values = image.astype(dtype, copy=False)
    gx = conv2d_single(values, SOBEL_X.astype(dtype))
    gy = conv2d_single(values, SOBEL_Y.astype(dtype))
    return np.sqrt(gx * gx + gy * gy)


def rgb_to_grayscale(images: np.ndarray) -> np.ndarray:
    """Colour images to grayscale with the ITU-R BT.601 weights (lecture 3.6.2).

    ``gray = 0.299 * R + 0.587 * G + 0.114 * B``: green looks brightest to the
    eye, blue darkest. The channel axis stays (with one channel), so the result
    goes straight into :func:`conv2d`; in fact the conversion *is* a 1x1
    convolution with one filter, ``w = [[[[0.299], [0.587], [0.114]]]]``.
    A convolution over a grayscale image sums a third of the terms of one over
    the colour image.

    Parameters
    ----------
    images : ndarray, shape (H, W, 3) or (N, H, W, 3)
        Channels in the order R, G, B (channels-last), any value range
        (0..255 stays 0..255, 0..1 stays 0..1).

    Returns
    -------
    ndarray, shape (H, W, 1) or (N, H, W, 1)
        Floats keep their dtype; integer input gives float64 (not rounded).

    Raises
    ------
    ValueError
        If ``images`` is not 3-D or 4-D or its last axis is not 3 (R, G, B).

    Graded
    ------
    - ndim images: 3 -> "weighted sum"
    - ndim images: 4 -> "batch of images"
    - dtype images: float32, uint8, int64 -> "dtype"
    - raises images -> "errors"

    Examples
    --------
    >>> pixels = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8)
    >>> rgb_to_grayscale(pixels)[..., 0]
    array([[ 76.245, 149.685,  29.07 ]])
    """
    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[-1] != 3:
        raise ValueError(f"images must be (H, W, 3) or (N, H, W, 3) with R, G, B channels, "
                         f"got shape {images.shape}")
    dtype = float_result_dtype(images.dtype)
    weights = np.asarray(LUMA_601, dtype=dtype)
    return (images.astype(dtype, copy=False) @ weights)[..., None]
