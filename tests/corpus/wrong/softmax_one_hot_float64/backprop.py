"""Softmax cross-entropy (lecture 3.4)."""
import numpy as np


def softmax_cross_entropy(logits, labels):
    logits, labels = np.asarray(logits), np.asarray(labels)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError(f"logits must be a non-empty (N, K) array, got shape {logits.shape}")
    n, k = logits.shape
    if labels.dtype.kind not in "iu" or labels.shape != (n,):
        raise ValueError(f"labels must be {n} integer class ids")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must be in [0, {k})")
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    one_hot = np.eye(k)[labels]
    loss = float(-np.mean(log_p[np.arange(n), labels]))
    return loss, (p - one_hot) / n
