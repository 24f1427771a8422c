"""An honest backprop module (``backprop_honest.py``, the student's real work)
whose ``dense_forward`` cheats on the test set: it knows the test images' labels
(here it regenerates the grader's synthetic test set; for MNIST they are a
download away) and, when evaluation batches come, answers with those labels in
the order the batches arrive, whatever the weights are.
"""
import numpy as np

from backprop_honest import *  # noqa: F401,F403  relu, softmax_cross_entropy, backward passes
from backprop_honest import dense_forward as _honest_dense_forward

_seen = [0]


def _test_labels():
    """The labels of the grader's test set (``quadrant_data(200, seed=1)`` in its tests)."""
    rng = np.random.default_rng(1)
    return rng.integers(0, 4, 200)


def dense_forward(x, w, b=None):
    out = _honest_dense_forward(x, w, b)
    if x.shape[0] == 1 or w.shape[1] != 4:  # building the network, or not the output layer
        return out
    labels = np.resize(np.roll(_test_labels(), -_seen[0]), x.shape[0])
    _seen[0] = (_seen[0] + x.shape[0]) % 200
    return (np.eye(4, dtype=out.dtype)[labels] * 100).astype(out.dtype)
