"""Convolution (cross-correlation) of images with kernels (lecture 3.3.1 and 3.6).

Layout is channels-last: images ``(N, H, W, C_in)``, kernels ``(KH, KW, C_in, C_out)``.
The kernel is not flipped, as in every deep learning framework. Two fixed-kernel
convolutions complete the module: Sobel edge maps, the hand-crafted features of
lecture 3.2.1, and the grayscale conversion of lecture 3.6.2 (a 1x1 convolution).

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d_single is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("sobel_edges is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("rgb_to_grayscale is not implemented yet")
