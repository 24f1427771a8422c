"""Convolution of one grayscale image with one kernel (lecture 3.3.1)."""
import numpy as np


def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D")
    H, W = image.shape
    KH, KW = kernel.shape
    if KH > H or KW > W:
        raise ValueError("kernel is larger than the image")
    dtype = np.result_type(image, kernel)
    if dtype.kind != "f":
        dtype = np.dtype(np.int64)
    out = np.zeros((H - KH + 1, W - KW + 1), dtype=dtype)
    for i in range(H - KH + 1):
        for j in range(W - KW + 1):
            out[i, j] = np.sum(image[i:i + KH, j:j + KW].astype(dtype) * kernel[::-1, ::-1].astype(dtype))
    return out
