"""Correct values, returned in big-endian byte order (as from a file written on another machine)."""
import numpy as np


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x needs a batch axis and one more, got shape {x.shape}")
    out = x.reshape(x.shape[0], int(np.prod(x.shape[1:])))
    return out.astype(out.dtype.newbyteorder(">"))
