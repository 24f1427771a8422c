"""Input preparation and mini-batches."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def to_float_images(x: np.ndarray, dtype=np.float32) -> np.ndarray:
    """Images as channels-last floats in ``[0, 1]``.

    ``uint8`` pixels are divided by 255; a grey-level batch ``(N, H, W)`` gets a
    channel axis, ``(N, H, W, 1)``, as Keras' ``Conv2D`` expects.

    Parameters
    ----------
    x : ndarray, shape (N, H, W) or (N, H, W, C)

    Returns
    -------
    ndarray of ``dtype``, shape (N, H, W, C)
    """
    x = np.asarray(x)
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W) or (N, H, W, C) images, got shape {x.shape}")
    out = x.astype(dtype)
    if x.dtype == np.uint8:
        out /= dtype(255)
    return out


def batch_order(n: int, batch_size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    """Indices of each mini-batch of an epoch: shuffled by ``rng``, in order when it is None.

    The last batch is smaller when ``batch_size`` does not divide ``n`` (Keras does
    the same).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    order = rng.permutation(n) if rng is not None else np.arange(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def iterate(x: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    """Consecutive slices of ``x`` of at most ``batch_size`` rows."""
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size]
