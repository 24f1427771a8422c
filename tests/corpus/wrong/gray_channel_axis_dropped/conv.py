"""Grayscale as a 2-D image per picture."""
import numpy as np


def rgb_to_grayscale(images):
    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[-1] != 3:
        raise ValueError("images must be (H, W, 3) or (N, H, W, 3)")
    x = images if images.dtype.kind == "f" else images.astype(np.float64)
    return x[..., 0] * x.dtype.type(0.299) + x[..., 1] * x.dtype.type(0.587) + x[..., 2] * x.dtype.type(0.114)
