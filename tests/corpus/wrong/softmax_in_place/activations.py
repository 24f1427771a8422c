"""Softmax that shifts the scores in place."""
import numpy as np


def softmax(logits):
    if np.ndim(logits) == 0 or np.shape(logits)[-1] == 0:
        raise ValueError("logits must be (..., K)")
    if logits.dtype.kind == "f":
        logits -= logits.max(axis=-1, keepdims=True)
        e = np.exp(logits)
    else:
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
