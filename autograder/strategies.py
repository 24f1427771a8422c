"""Hypothesis strategies shared by the grading specs.

Values are small whole numbers (stored as the drawn dtype) so that the smallest
failing example a student sees is easy to check by hand, and float64 results
are exact. Shapes stay small: a counterexample must fit on a screen.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT64 = np.dtype(np.float64)


def arrays(shape: tuple[int, ...], dtype=FLOAT64, low: int = -9, high: int = 9,
           unique: bool = False) -> st.SearchStrategy[np.ndarray]:
    """Arrays of ``shape`` holding whole numbers in ``[low, high]`` stored as ``dtype``."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return hnp.arrays(dtype, shape, elements=st.booleans())
    if dtype.kind == "u":
        low = max(low, 0)
    if unique:
        size = int(np.prod(shape))
        return st.permutations(range(size)).map(
            lambda p: (np.array(p, dtype=np.float64).reshape(shape) + low).astype(dtype))
    return hnp.arrays(dtype, shape, elements=st.integers(low, high).map(dtype.type))


def pairs_or_ints(low: int, high: int) -> st.SearchStrategy:
    """An int, or an ``(h, w)`` tuple of ints, in ``[low, high]``."""
    return st.one_of(st.integers(low, high),
                     st.tuples(st.integers(low, high), st.integers(low, high)))


def as_pair(value) -> tuple[int, int]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def same_padding(size: tuple[int, int], window: tuple[int, int],
                 stride: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """TensorFlow's "same" padding (API.md): ``((top, bottom), (left, right))``.

    The output size is ``ceil(n / s)``; the total padding ``max((out - 1) * s + k - n, 0)``
    is split with the extra row/column at the bottom/right.
    """
    pads = []
    for n, k, s in zip(size, window, stride):
        total = max((-(-n // s) - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2))
    return tuple(pads)


def padding_amounts(padding, size: tuple[int, int], window: tuple[int, int],
                    stride: tuple[int, int]) -> tuple[int, int]:
    """Total padding per axis, to choose input sizes where the window fits."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return tuple(sum(pair) for pair in same_padding(size, window, stride))
    ph, pw = as_pair(padding)
    return 2 * ph, 2 * pw


@st.composite
def window_geometry(draw, *, windows=st.integers(1, 4), strides=st.just(1),
                    paddings=st.just("valid"), max_size: int = 8,
                    padding_below_window: bool = False):
    """Draw ``(H, W), window, stride, padding`` such that the window fits the padded input.

    Returns
    -------
    size : (H, W)
    window : int or (KH, KW) as drawn (students must accept both)
    stride : int or (SH, SW) or None as drawn
    padding : "valid", "same", int or pair as drawn
    """
    window = draw(windows)
    stride = draw(strides)
    padding = draw(paddings)
    k = as_pair(window)
    if padding_below_window and not isinstance(padding, str):
        p = as_pair(padding)
        padding = (min(p[0], k[0] - 1), min(p[1], k[1] - 1)) if isinstance(padding, tuple) \
            else min(p[0], k[0] - 1, k[1] - 1)
    p = (0, 0) if isinstance(padding, str) else as_pair(padding)
    if padding == "same":
        size = (draw(st.integers(1, max_size)), draw(st.integers(1, max_size)))
    else:
        size = tuple(draw(st.integers(max(1, kk - 2 * pp), max(max_size, kk)))
                     for kk, pp in zip(k, p))
    return size, window, stride, padding


def dtypes(*names: str) -> st.SearchStrategy[np.dtype]:
    return st.sampled_from([np.dtype(n) for n in names])
