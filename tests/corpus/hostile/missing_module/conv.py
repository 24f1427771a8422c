"""Only conv2d_single was written; conv2d is missing and there is no dropout.py."""
import numpy as np


def conv2d_single(image, kernel):
    image, kernel = np.asarray(image), np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D")
    (h, w), (kh, kw) = image.shape, kernel.shape
    if kh > h or kw > w:
        raise ValueError("kernel is larger than the image")
    dtype = np.result_type(image, kernel)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.int64)
    out = np.zeros((h - kh + 1, w - kw + 1), dtype)
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            out[i, j] = (image[i:i + kh, j:j + kw].astype(dtype) * kernel.astype(dtype)).sum()
    return out
