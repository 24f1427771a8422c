"""Softmax (lecture 3.3)."""
import numpy as np


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError("logits must be (..., K)")
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
