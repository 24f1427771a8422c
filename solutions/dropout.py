"""Inverted dropout (lecture 3.5)."""
from __future__ import annotations

import numbers

import numpy as np

from ._args import float_result_dtype


def dropout(x: np.ndarray, rate: float, training: bool = True,
            rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: drop each element with probability ``rate`` while training.

    In training each element is kept independently with probability ``1 - rate``
    and kept elements are scaled by ``1 / (1 - rate)``, so the expected output
    equals ``x`` and nothing needs rescaling at test time.

    Parameters
    ----------
    x : ndarray, any shape
    rate : float
        Probability of dropping an element, in ``[0, 1)``.
    training : bool, default True
        ``False`` (test time): ``out`` equals ``x`` and the mask is all True.
    rng : numpy.random.Generator, optional
        Source of randomness; ``None`` uses a fresh ``np.random.default_rng()``.
        The same seed gives the same mask.

    Returns
    -------
    out : ndarray, same shape as ``x``
        ``x * keep_mask / (1 - rate)``; floats keep their dtype, integers give float64.
    keep_mask : ndarray of bool, same shape as ``x``
        True where the element was kept.

    Raises
    ------
    ValueError
        If ``rate`` is not a number in ``[0, 1)``.

    Graded
    ------
    - ndim x: 1, 3 -> "scaling"
    - form training: default -> "scaling"
    - dtype x: float32, int64 -> "dtype"
    - edge rate: 0 -> "rate zero"
    - raises rate -> "errors"

    Examples
    --------
    >>> out, mask = dropout(np.ones((2, 3)), 0.5, rng=np.random.default_rng(0))
    >>> sorted(set(out.ravel()) | {0.0, 2.0})
    [0.0, 2.0]
    """
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
        raise ValueError(f"rate must be a number in [0, 1), got {rate!r}")
    x = np.asarray(x)
    dtype = float_result_dtype(x.dtype)
    if not training:
        return x.astype(dtype, copy=True), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    keep_mask = np.asarray(rng.random(x.shape) >= rate)  # an array even for 0-D x
    out = np.where(keep_mask, x.astype(dtype, copy=False) / dtype.type(1 - rate), dtype.type(0))
    return out.astype(dtype, copy=False), keep_mask
