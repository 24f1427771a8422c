"""ReLU's gradient (lecture 3.4)."""
import numpy as np


def relu_backward(dout, x):
    # np.where broadcasts: a dout of another shape silently gives another shape back
    return np.where(np.asarray(x) > 0, dout, 0).astype(np.asarray(dout).dtype)
