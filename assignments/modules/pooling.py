"""Max, average and global pooling (lecture 3.3.2).

Layout is channels-last ``(N, H, W, C)``; each channel is pooled on its own.

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


def max_pool2d(x: np.ndarray, pool_size=2, stride=None, padding="valid") -> np.ndarray:
    """Max pooling: the largest value of each window, channel by channel.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
    pool_size : int or (int, int), default 2
    stride : int or (int, int) or None, default None
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        Padded cells are ignored: the maximum is taken over the real cells only
        (TensorFlow's rule), so an all-negative image keeps its negative maxima.

    Returns
    -------
    ndarray, shape (N, H', W', C)
        Same dtype as ``x``.

    Raises
    ------
    ValueError
        Wrong ndim, an argument out of range, a padding not smaller than the
        window, or a window larger than the padded input.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form pool_size: int, pair -> "window"
    - form pool_size, stride, padding: default -> "default stride"
    - form stride: int, pair -> "explicit stride"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x, pool_size, stride, padding -> "errors"

    Examples
    --------
    >>> x = np.arange(16.).reshape(1, 4, 4, 1)
    >>> max_pool2d(x)[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("max_pool2d is not implemented yet")


def avg_pool2d(x: np.ndarray, pool_size=2, stride=None, padding="valid") -> np.ndarray:
    """Average pooling: the mean of each window, channel by channel.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
    pool_size : int or (int, int), default 2
    stride : int or (int, int) or None, default None
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        Padded cells are ignored: each window is averaged over its real cells only
        (TensorFlow's rule).

    Returns
    -------
    ndarray, shape (N, H', W', C)
        Floats keep their dtype; integer input gives float64.

    Raises
    ------
    ValueError
        Wrong ndim, an argument out of range, a padding not smaller than the
        window, or a window larger than the padded input (as in :func:`max_pool2d`).

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form pool_size: int, pair -> "window"
    - form pool_size, stride, padding: default -> "default stride"
    - form stride: int, pair -> "explicit stride"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x, pool_size, stride, padding -> "errors"

    Examples
    --------
    >>> x = np.arange(16.).reshape(1, 4, 4, 1)
    >>> avg_pool2d(x)[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("avg_pool2d is not implemented yet")


def global_avg_pool2d(x: np.ndarray) -> np.ndarray:
    """Global average pooling: the mean of each whole feature map.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)

    Returns
    -------
    ndarray, shape (N, C)
        Floats keep their dtype; integer input gives float64.

    Raises
    ------
    ValueError
        If ``x`` is not 4-D.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> global_avg_pool2d(np.ones((2, 5, 5, 3))).shape
    (2, 3)
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("global_avg_pool2d is not implemented yet")


def global_max_pool2d(x: np.ndarray) -> np.ndarray:
    """Global max pooling: the largest value of each whole feature map.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)

    Returns
    -------
    ndarray, shape (N, C)
        Same dtype as ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not 4-D.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> global_max_pool2d(np.arange(8.).reshape(1, 2, 2, 2))
    array([[6., 7.]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("global_max_pool2d is not implemented yet")
