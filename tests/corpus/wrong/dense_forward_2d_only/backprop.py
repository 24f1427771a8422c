"""A fully connected layer (lecture 3.1)."""
import numpy as np


def _check(x, w, b):
    if x.ndim < 2:
        raise ValueError(f"x must be (N, n_in), got shape {x.shape}")
    if w.ndim != 2 or w.shape[0] != x.shape[-1]:
        raise ValueError(f"w must be (n_in, units) with n_in = {x.shape[-1]}, got {w.shape}")
    if b.shape != (w.shape[1],):
        raise ValueError(f"b must have shape ({w.shape[1]},), got {b.shape}")


def dense_forward(x, w, b):
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    _check(x, w, b)
    # out[n, o] = sum_i x[n, i] * w[i, o] + b[o]
    return np.einsum("ni,io->no", x, w) + b
