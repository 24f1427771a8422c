"""Softmax straight from the formula."""
import numpy as np


def softmax(logits):
    z = np.asarray(logits)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError("logits must be (..., K)")
    z = z if z.dtype.kind == "f" else z.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
