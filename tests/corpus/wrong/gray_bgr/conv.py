"""Grayscale with the weights in OpenCV's channel order."""
import numpy as np


def rgb_to_grayscale(images):
    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[-1] != 3:
        raise ValueError("images must be (H, W, 3) or (N, H, W, 3)")
    x = images if images.dtype.kind == "f" else images.astype(np.float64)
    b, g, r = x[..., 0], x[..., 1], x[..., 2]
    return (0.299 * r + 0.587 * g + 0.114 * b).astype(x.dtype)[..., None]
