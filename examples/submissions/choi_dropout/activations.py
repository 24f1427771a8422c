"""Lab 3 (Choi). Softmax one example at a time."""
import math

import numpy as np


def softmax(logits):
    logits = np.asarray(logits)
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError("logits must have a non-empty last axis")
    dtype = logits.dtype if logits.dtype.kind == "f" else np.dtype(np.float64)
    out = np.empty(logits.shape, dtype=dtype)
    for index in np.ndindex(*logits.shape[:-1]):
        row = [float(v) for v in logits[index]]
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = sum(exps)
        out[index] = [e / total for e in exps]
    return out
