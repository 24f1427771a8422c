"""Padding and window gathering shared by the convolution references (private)."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import resolve_padding, sliding_output
from ._col2im import window_offsets


def pad_images(x: np.ndarray, padding, window: tuple[int, int], stride: tuple[int, int],
               window_name: str, value=0) -> np.ndarray:
    """Pad ``(N, H, W, C)`` images with ``value`` and check the window fits.

    Returns
    -------
    ndarray, shape (N, H + top + bottom, W + left + right, C)
    """
    pad_h, pad_w = resolve_padding(padding, x.shape[1:3], window, stride)
    sliding_output(x.shape[1], window[0], stride[0], pad_h, window_name)
    sliding_output(x.shape[2], window[1], stride[1], pad_w, window_name)
    if pad_h == (0, 0) and pad_w == (0, 0):
        return x
    return np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=value)


def window_grid(padded_hw: tuple[int, int], window: tuple[int, int],
                stride: tuple[int, int]) -> tuple[int, int]:
    """Window positions ``(H', W')`` down and across padded images of size ``(Hp, Wp)``."""
    (hp, wp), (kh, kw), (sh, sw) = padded_hw, window, stride
    return (hp - kh) // sh + 1, (wp - kw) // sw + 1


def im2col(xp: np.ndarray, window: tuple[int, int], stride: tuple[int, int],
           ones: bool = False) -> np.ndarray:
    """Gather every window of padded images into the rows of a matrix.

    Parameters
    ----------
    xp : ndarray, shape (N, Hp, Wp, C)
    window : (KH, KW)
    stride : (SH, SW)
    ones : bool, default False
        Append a column of ones: a product with it adds a bias row of the
        other factor (forward) or sums the other factor's rows (``db``), with
        no pass of its own over the large output.

    Returns
    -------
    ndarray, shape (N * H' * W', KH * KW * C + ones)
        Row ``(n, i, j)`` is window ``(i, j)`` of image ``n`` in the order
        ``(a, b, c)``, matching ``w.reshape(KH * KW * C, C_out)`` for a kernel
        ``(KH, KW, C, C_out)``. With one channel the result is the transpose of
        a C-ordered array, copied one window offset at a time (whole image rows
        per step, where a row-major copy would move KW values per step: about
        four times faster).
    """
    n, c = xp.shape[0], xp.shape[3]
    (kh, kw), (sh, sw) = window, stride
    oh, ow = window_grid(xp.shape[1:3], window, stride)
    k = kh * kw * c
    if c == 1:
        cols = np.empty((k + ones, n, oh, ow), xp.dtype)
        for a, b, rows, cols_ in window_offsets(window, stride, (oh, ow)):
            cols[a * kw + b] = xp[:, rows, cols_, 0]
        if ones:
            cols[k] = 1
        return cols.reshape(k + ones, n * oh * ow).T
    views = sliding_window_view(xp, window, axis=(1, 2))[:, ::sh, ::sw]
    cols = np.empty((n * oh * ow, k + ones), xp.dtype)
    # Written through a view of the first k columns: no second copy.
    cols[:, :k].reshape(n, oh, ow, kh, kw, c)[...] = views.transpose(0, 1, 2, 4, 5, 3)
    if ones:
        cols[:, k] = 1
    return cols
