"""Lab 3 (Choi). Convolution with a Python loop over every output pixel."""
import numpy as np

from shapes import count_positions, pair, padding_amounts


def _result_dtype(*arrays):
    """Floats keep their dtype; integers are summed exactly in int64."""
    dt = np.result_type(*[a.dtype for a in arrays])
    return dt if dt.kind == "f" else np.dtype(np.int64)


def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D")
    kh, kw = kernel.shape
    oh = count_positions(image.shape[0], kh, 1, 0, 0, "kernel")
    ow = count_positions(image.shape[1], kw, 1, 0, 0, "kernel")
    dtype = _result_dtype(image, kernel)
    img = image.astype(dtype)
    ker = kernel.astype(dtype)
    out = np.zeros((oh, ow), dtype=dtype)
    for i in range(oh):
        for j in range(ow):
            total = dtype.type(0)
            for a in range(kh):
                for b in range(kw):
                    total += img[i + a, j + b] * ker[a, b]
            out[i, j] = total
    return out


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4:
        raise ValueError(f"x must be (N, H, W, C_in), got shape {x.shape}")
    if w.ndim != 4:
        raise ValueError(f"w must be (KH, KW, C_in, C_out), got shape {w.shape}")
    n, h, wd, c_in = x.shape
    kh, kw, w_in, c_out = w.shape
    if w_in != c_in:
        raise ValueError(f"w has {w_in} input channels, x has {c_in}")
    arrays = [x, w]
    if b is not None:
        b = np.asarray(b)
        if b.shape != (c_out,):
            raise ValueError(f"b must have shape ({c_out},), got {b.shape}")
        arrays.append(b)
    sh, sw = pair(stride, "stride")
    (top, bottom), (left, right) = padding_amounts(padding, (h, wd), (kh, kw), (sh, sw))
    oh = count_positions(h, kh, sh, top, bottom)
    ow = count_positions(wd, kw, sw, left, right)
    dtype = _result_dtype(*arrays)

    padded = np.zeros((n, h + top + bottom, wd + left + right, c_in), dtype=dtype)
    padded[:, top:top + h, left:left + wd, :] = x
    kernel = w.astype(dtype)
    out = np.zeros((n, oh, ow, c_out), dtype=dtype)
    for img in range(n):
        for i in range(oh):
            for j in range(ow):
                window = padded[img, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
                for o in range(c_out):
                    value = np.sum(window * kernel[:, :, :, o])
                    if b is not None:
                        value = value + b[o]
                    out[img, i, j, o] = value
    return out


def sobel_edges(image):
    """Edge strength with two explicit Sobel kernels and a loop over the output."""
    image = np.asarray(image)
    if image.ndim != 2 or image.shape[0] < 3 or image.shape[1] < 3:
        raise ValueError("image must be a 2-D array of at least 3x3")
    dtype = image.dtype if image.dtype.kind == "f" else np.dtype(np.float64)
    image = image.astype(dtype)
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=dtype)
    gx = conv2d_single(image, sobel_x)
    gy = conv2d_single(image, sobel_x.T)
    out = np.empty(gx.shape, dtype=dtype)
    for i in range(gx.shape[0]):
        for j in range(gx.shape[1]):
            out[i, j] = np.sqrt(gx[i, j] ** 2 + gy[i, j] ** 2)
    return out


def rgb_to_grayscale(images):
    """0.299 R + 0.587 G + 0.114 B, pixel by pixel."""
    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[-1] != 3:
        raise ValueError("images must be (H, W, 3) or (N, H, W, 3)")
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float64)
    out = np.zeros(images.shape[:-1] + (1,), dtype=dtype)
    for index in np.ndindex(*images.shape[:-1]):
        r, g, b = (dtype.type(v) for v in images[index])
        out[index + (0,)] = dtype.type(0.299) * r + dtype.type(0.587) * g + dtype.type(0.114) * b
    return out
