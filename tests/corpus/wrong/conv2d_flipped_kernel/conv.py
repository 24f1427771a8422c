"""Convolution for a batch of color images (lecture 3.6)."""
import numpy as np


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError("x and w must be 4-D")
    N, H, W, C = x.shape
    KH, KW, C_in, C_out = w.shape
    if C != C_in:
        raise ValueError("x and w have different numbers of channels")
    if b is not None and np.shape(b) != (C_out,):
        raise ValueError("b must have shape (C_out,)")
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if sh < 1 or sw < 1:
        raise ValueError("stride must be at least 1")
    if padding == "valid":
        pt = pb = pl = pr = 0
    elif padding == "same":
        out_h = -(-H // sh)
        out_w = -(-W // sw)
        total_h = max((out_h - 1) * sh + KH - H, 0)
        total_w = max((out_w - 1) * sw + KW - W, 0)
        pt, pb = total_h // 2, total_h - total_h // 2
        pl, pr = total_w // 2, total_w - total_w // 2
    else:
        ph, pw = (padding, padding) if isinstance(padding, int) else padding
        pt = pb = ph
        pl = pr = pw
    Hp, Wp = H + pt + pb, W + pl + pr
    if KH > Hp or KW > Wp:
        raise ValueError("the kernel is larger than the padded input")
    dtype = np.result_type(x, w) if b is None else np.result_type(x, w, b)
    if dtype.kind != "f":
        dtype = np.dtype(np.int64)
    xp = np.zeros((N, Hp, Wp, C), dtype=dtype)
    xp[:, pt:pt + H, pl:pl + W, :] = x
    OH = (Hp - KH) // sh + 1
    OW = (Wp - KW) // sw + 1
    out = np.zeros((N, OH, OW, C_out), dtype=dtype)
    for n in range(N):
        for i in range(OH):
            for j in range(OW):
                patch = xp[n, i * sh:i * sh + KH, j * sw:j * sw + KW, :]
                for o in range(C_out):
                    out[n, i, j, o] = np.sum(patch * w[::-1, ::-1, :, o])
    if b is not None:
        out += b.astype(dtype)
    return out
