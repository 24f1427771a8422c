"""Padding and window gathering shared by the convolution references (private)."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import resolve_padding, sliding_output


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


def im2col(xp: np.ndarray, window: tuple[int, int], stride: tuple[int, int]) -> np.ndarray:
    """Gather every window of padded images into rows.

    Parameters
    ----------
    xp : ndarray, shape (N, Hp, Wp, C)
    window : (KH, KW)
    stride : (SH, SW)

    Returns
    -------
    ndarray, shape (N, H', W', KH * KW * C)
        Row order within a window is ``(a, b, c)``, matching
        ``w.reshape(KH * KW * C, C_out)`` for a kernel ``(KH, KW, C, C_out)``.
    """
    views = sliding_window_view(xp, window, axis=(1, 2))[:, ::stride[0], ::stride[1]]
    n, oh, ow, c, kh, kw = views.shape
    return views.transpose(0, 1, 2, 4, 5, 3).reshape(n, oh, ow, kh * kw * c)
