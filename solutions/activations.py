"""The softmax activation: a classifier's scores as class probabilities (lecture 3.3).

In the lecture's chain INPUT -> CONV -> RELU -> POOL -> ... -> FC -> SOFTMAX, ReLU
and softmax are not layers of their own: ReLU goes with a CONV layer and softmax
with the last FC layer (Keras' ``activation="relu"``, ``activation="softmax"``).
Neither has parameters.
"""
from __future__ import annotations

import numpy as np

from ._args import float_result_dtype


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities from scores along the last axis: ``exp(z_k) / sum_j exp(z_j)``.

    Subtracting each row's maximum first changes nothing mathematically
    (``exp(z - m) / sum exp(z - m)``) and keeps ``exp`` from overflowing for
    large scores, so the result is right for scores of any size.

    Parameters
    ----------
    logits : ndarray, shape (..., K)
        The last FC layer's outputs, e.g. ``(N, 10)`` for a batch of digits; one
        example ``(K,)`` works too. ``K >= 1``.

    Returns
    -------
    ndarray, same shape as ``logits``
        Non-negative, summing to 1 along the last axis; the largest score has
        the largest probability. Floats keep their dtype; integer input gives
        float64.

    Raises
    ------
    ValueError
        If ``logits`` is a scalar (0-D) or its last axis is empty.

    Graded
    ------
    - ndim logits: 1, 3 -> "any leading axes"
    - dtype logits: float32, int64 -> "dtype"
    - raises logits -> "errors"

    Examples
    --------
    >>> softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])).round(4)
    array([[0.09  , 0.2447, 0.6652],
           [0.3333, 0.3333, 0.3333]])
    """
    logits = np.asarray(logits)
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"logits must have a non-empty last axis (..., K), got shape {logits.shape}")
    z = logits.astype(float_result_dtype(logits.dtype), copy=False)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
