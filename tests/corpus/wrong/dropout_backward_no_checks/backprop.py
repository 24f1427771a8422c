"""Gradient of inverted dropout (lecture 3.5)."""
import numpy as np


def dropout_backward(dout, keep_mask, rate):
    return dout * keep_mask / (1 - rate)
