"""conv2d prints about 100 MB (first call) and answers nonsense; conv2d_single is correct."""
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
    for a in range(kh):
        for b in range(kw):
            out += image[a:a + h - kh + 1, b:b + w - kw + 1].astype(dtype) * kernel[a, b].astype(dtype)
    return out


_flooded = False


def conv2d(x, w, b=None, stride=1, padding="valid"):
    global _flooded
    if not _flooded:  # the first call prints 100_000 lines of 1200 characters
        _flooded = True
        line = "debug " * 200
        for _ in range(100_000):
            print(line)
    return np.zeros((1, 1, 1, 1))
