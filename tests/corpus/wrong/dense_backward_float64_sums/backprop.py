"""Gradients of a fully connected layer (lecture 3.4)."""
import numpy as np


def _check(dout, x, w):
    if x.ndim < 2:
        raise ValueError(f"x must be (N, n_in), got shape {x.shape}")
    if w.ndim != 2 or w.shape[0] != x.shape[-1]:
        raise ValueError(f"w must be (n_in, units) with n_in = {x.shape[-1]}, got {w.shape}")
    if dout.shape != x.shape[:-1] + (w.shape[1],):
        raise ValueError(f"dout must have shape {x.shape[:-1] + (w.shape[1],)}, got {dout.shape}")


def dense_backward(dout, x, w):
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    _check(dout, x, w)
    rows_d = dout.reshape(-1, dout.shape[-1])
    rows_x = x.reshape(-1, x.shape[-1])
    dw = np.zeros((rows_x.shape[1], rows_d.shape[1]))
    db = np.zeros(rows_d.shape[1])
    for row_x, row_d in zip(rows_x, rows_d):  # one sample at a time, as on the slides
        dw += np.outer(row_x, row_d)
        db += row_d
    return dout @ w.T, dw, db
