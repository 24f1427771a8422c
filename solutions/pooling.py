"""Max, average and global pooling (lecture 3.3.2).

Layout is channels-last ``(N, H, W, C)``; each channel is pooled on its own.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import as_pair, check_ndim, float_result_dtype, resolve_padding, sliding_output
from ._col2im import window_offsets


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
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    k, s, pad_h, pad_w, out_hw = _pool_geometry(x.shape, pool_size, stride, padding)
    # Padded cells never win; every window has a real cell.
    return _window_max(_pad_lowest(x, pad_h, pad_w), k, s, out_hw)


def _lowest(dtype: np.dtype):
    """A value no real cell can beat, so padded cells never win a max."""
    if dtype.kind == "f":
        return dtype.type(-np.inf)
    if dtype.kind == "b":
        return False
    return np.iinfo(dtype).min


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
    windows, real = _pool_windows(x, pool_size, stride, padding)
    dtype = float_result_dtype(np.asarray(x).dtype)
    windows = windows.astype(dtype, copy=False)
    if real is None:
        return windows.mean(axis=(-2, -1))
    total = np.where(real, windows, dtype.type(0)).sum(axis=(-2, -1))
    count = real.sum(axis=(-2, -1))
    return (total / count).astype(dtype, copy=False)


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
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    return x.mean(axis=(1, 2), dtype=float_result_dtype(x.dtype))


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
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    return x.max(axis=(1, 2))


def _pool_geometry(shape, pool_size, stride, padding):
    """Window, stride, paddings and output size of a pooling layer over ``(N, H, W, C)``, checked.

    Returns
    -------
    (KH, KW), (SH, SW), (top, bottom), (left, right), (H', W')
    """
    k = as_pair(pool_size, "pool_size")
    s = k if stride is None else as_pair(stride, "stride")
    pad_h, pad_w = resolve_padding(padding, tuple(shape[1:3]), k, s)
    if max(pad_h) >= k[0] or max(pad_w) >= k[1]:
        raise ValueError(f"padding {padding!r} must be smaller than pool_size {k}")
    out = (sliding_output(shape[1], k[0], s[0], pad_h, "pool_size"),
           sliding_output(shape[2], k[1], s[1], pad_w, "pool_size"))
    return k, s, pad_h, pad_w, out


def _pad_lowest(x: np.ndarray, pad_h, pad_w) -> np.ndarray:
    """``x`` padded with a value no real cell can beat (``x`` itself without padding)."""
    if pad_h == (0, 0) and pad_w == (0, 0):
        return x
    return np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=_lowest(x.dtype))


def _real_cells_mask(hw, pad_h, pad_w) -> np.ndarray | None:
    """``(1, Hp, Wp, 1)`` bool, True on the real (unpadded) cells; None without padding."""
    if pad_h == (0, 0) and pad_w == (0, 0):
        return None
    return np.pad(np.ones((1,) + tuple(hw) + (1,), bool), ((0, 0), pad_h, pad_w, (0, 0)))


def _window_max(xp: np.ndarray, k, s, out_hw) -> np.ndarray:
    """Maximum of every window of padded images ``(N, Hp, Wp, C)``: ``(N, H', W', C)``.

    A running maximum over the KH*KW window offsets: no (.., KH, KW) temporary,
    several times faster than reducing a sliding-window view.
    """
    best = None
    for _, _, rows, cols in window_offsets(k, s, out_hw):
        cells = xp[:, rows, cols]
        best = cells.copy() if best is None else np.maximum(best, cells, out=best)
    return best


def _pool_windows(x, pool_size, stride, padding):
    """Windows ``(N, H', W', C, KH, KW)`` and a mask of real (unpadded) cells, or None."""
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    k, s, pad_h, pad_w, _ = _pool_geometry(x.shape, pool_size, stride, padding)
    windows = sliding_window_view(np.pad(x, ((0, 0), pad_h, pad_w, (0, 0))), k,
                                  axis=(1, 2))[:, ::s[0], ::s[1]]
    real = _real_cells_mask(x.shape[1:3], pad_h, pad_w)
    if real is None:
        return windows, None
    return windows, sliding_window_view(real, k, axis=(1, 2))[:, ::s[0], ::s[1]]
