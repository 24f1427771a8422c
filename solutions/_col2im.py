"""Scatter-adding window gradients back onto images (private: used by the backward passes).

The forward passes gather windows of a padded image; their backward passes send
each window cell's gradient back to the pixel it was read from. Looping over the
``KH * KW`` offsets of a window (never over pixels) keeps this vectorised: at
offset ``(a, b)`` the cells of all windows form one strided slice of the padded
image, and overlapping windows simply add up.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def window_offsets(window: tuple[int, int], stride: tuple[int, int],
                   out_hw: tuple[int, int]) -> Iterator[tuple[int, int, slice, slice]]:
    """Yield ``(a, b, rows, cols)``: the slice of the padded image read at window offset ``(a, b)``.

    ``padded[:, rows, cols]`` has shape ``(N, H', W', C)``: element ``[n, i, j]``
    is the cell ``(a, b)`` of window ``(i, j)``.
    """
    (kh, kw), (sh, sw), (oh, ow) = window, stride, out_hw
    for a in range(kh):
        for b in range(kw):
            yield a, b, slice(a, a + sh * (oh - 1) + 1, sh), slice(b, b + sw * (ow - 1) + 1, sw)


def crop(padded: np.ndarray, pad_h: tuple[int, int], pad_w: tuple[int, int]) -> np.ndarray:
    """Drop the padded border of ``(N, Hp, Wp, C)`` images: the gradient of the real pixels.

    Returns a view (no copy): the padded array is a fresh temporary.
    """
    hp, wp = padded.shape[1:3]
    return padded[:, pad_h[0]:hp - pad_h[1], pad_w[0]:wp - pad_w[1]]
