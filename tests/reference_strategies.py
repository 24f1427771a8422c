"""Hypothesis strategies for the reference-solution tests: window geometry, dtypes, array data.

Array values come from a numpy generator seeded by hypothesis rather than from
``hypothesis.extra.numpy.arrays``: the latter fills most of a large array with
one repeated value, which would make a convolution cross-check weak. Hypothesis
still draws (and shrinks) every shape, stride, padding, dtype and value style.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

# Settings of every cross-check: reproducible, no per-example deadline (the first
# torch call is slow), enough examples that the suite runs thousands of cases.
CROSS_CHECK = settings(derandomize=True, deadline=None, max_examples=300)

FLOAT_DTYPES = [np.dtype(np.float32), np.dtype(np.float64)]
INT_DTYPES = [np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16)]
ALL_DTYPES = FLOAT_DTYPES + INT_DTYPES

Pair = tuple[int, int]
PaddingArg = Union[str, int, Pair]


@dataclass(frozen=True)
class Geometry:
    """One sliding-window configuration, both as numbers and as passed to the API."""
    size: Pair                      # (H, W) of the input
    window: Pair                    # (KH, KW)
    stride: Pair                    # (SH, SW)
    padding: PaddingArg             # "valid", "same", p or (ph, pw)
    window_arg: Union[int, Pair]    # kernel_size / pool_size argument
    stride_arg: Optional[Union[int, Pair]]  # None only for pooling's default stride


def _int_or_pair(draw, pair: Pair) -> Union[int, Pair]:
    """Pass a square pair as an int half of the time, to cover both argument forms."""
    if pair[0] == pair[1] and draw(st.booleans()):
        return pair[0]
    return pair


@st.composite
def geometries(draw, max_window: int = 5, max_stride: int = 3, max_size: int = 11,
               pooling: bool = False) -> Geometry:
    """A window, stride, padding and an input size the window fits.

    ``pooling=True`` keeps explicit padding smaller than the window (pooling's
    rule) and sometimes leaves the stride at its default (``None`` = window).
    """
    window = (draw(st.integers(1, max_window)), draw(st.integers(1, max_window)))
    stride = (draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride)))
    stride_arg = _int_or_pair(draw, stride)
    if pooling and draw(st.booleans()):
        stride, stride_arg = window, None
    kind = draw(st.sampled_from(["valid", "same", "int", "pair"]))
    if kind in ("valid", "same"):
        padding: PaddingArg = kind
        explicit = (0, 0)
    else:
        limit = (window[0] - 1, window[1] - 1) if pooling else (3, 3)
        if kind == "int":
            p = draw(st.integers(0, min(limit)))
            padding, explicit = p, (p, p)
        else:
            explicit = (draw(st.integers(0, limit[0])), draw(st.integers(0, limit[1])))
            padding = explicit
    # "same" always fits; otherwise the padded input must hold one window.
    low = [1 if kind == "same" else max(1, k - 2 * p) for k, p in zip(window, explicit)]
    size = tuple(draw(st.integers(lo, max(lo, max_size))) for lo in low)
    return Geometry(size, window, stride, padding, _int_or_pair(draw, window), stride_arg)


VALUE_STYLES = ["spread", "ties", "negative", "extreme"]


def make_values(shape: tuple[int, ...], dtype: np.dtype, seed: int, style: str,
                int_bound: int = 1000) -> np.ndarray:
    """Deterministic array data of ``shape`` and ``dtype``.

    Styles: ``"spread"`` (varied values), ``"ties"`` (a few small values, many
    equal), ``"negative"`` (all below zero, where the dtype allows: padding with
    zeros would win a max), ``"extreme"`` (the dtype's whole range for integers,
    large magnitudes for floats). Integers other than ``"extreme"`` stay within
    ``+-int_bound`` so sums of products are exact.
    """
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        scale = {"spread": 10.0, "ties": None, "negative": 10.0, "extreme": 1e6}[style]
        if scale is None:
            values = rng.integers(-2, 3, shape).astype(np.float64) / 2
        else:
            values = rng.standard_normal(shape) * scale
            if style == "negative":
                values = -np.abs(values) - 0.5
        return np.asarray(values, dtype=dtype)  # a 0-D result stays an array
    info = np.iinfo(dtype)
    lo, hi = max(info.min, -int_bound), min(info.max, int_bound)
    if style == "ties":
        lo, hi = max(info.min, -1), 2
    elif style == "negative" and info.min < 0:
        hi = -1
    elif style == "extreme":
        lo, hi = info.min, info.max
    return rng.integers(lo, hi, shape, dtype=dtype, endpoint=True)


@st.composite
def arrays(draw, shape: tuple[int, ...], dtype: np.dtype, styles=None,
           int_bound: int = 1000) -> np.ndarray:
    """An array of ``shape`` and ``dtype`` in one of ``styles`` (default: all but extreme)."""
    style = draw(st.sampled_from(styles or VALUE_STYLES[:3]))
    seed = draw(st.integers(0, 2**32 - 1))
    return make_values(shape, dtype, seed, style, int_bound)


def read_only(*arrays_: np.ndarray) -> list[np.ndarray]:
    """Copies of ``arrays_`` that raise on any write (``flags.writeable = False``)."""
    copies = []
    for a in arrays_:
        c = np.array(a)
        c.setflags(write=False)
        copies.append(c)
    return copies
