"""conv2d never returns; conv2d_single is correct."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_single(image, kernel):
    image, kernel = np.asarray(image), np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError("kernel is larger than the image")
    dtype = np.result_type(image, kernel)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.int64)
    windows = sliding_window_view(image.astype(dtype), kernel.shape)
    return np.einsum("ijab,ab->ij", windows, kernel.astype(dtype))


def conv2d(x, w, b=None, stride=1, padding="valid"):
    while True:  # waiting for a result that never comes
        pass
