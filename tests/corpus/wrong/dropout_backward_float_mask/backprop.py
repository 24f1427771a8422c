"""Gradient of inverted dropout (lecture 3.5)."""
import numpy as np


def dropout_backward(dout, keep_mask, rate):
    if not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    dout, keep_mask = np.asarray(dout), np.asarray(keep_mask)
    if keep_mask.shape != dout.shape:
        raise ValueError(f"keep_mask has shape {keep_mask.shape}, dout has {dout.shape}")
    mask = keep_mask.astype(float)  # 1.0 where kept, 0.0 where dropped
    return dout * mask / (1 - rate)
