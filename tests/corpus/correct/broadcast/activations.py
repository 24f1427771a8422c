"""Softmax by broadcasting over the last axis (a correct submission)."""
import numpy as np


def softmax(logits):
    z = np.asarray(logits)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError("logits must have a last axis with at least one score")
    z = z if z.dtype.kind == "f" else z.astype(np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
