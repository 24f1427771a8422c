"""Backpropagation for my own layers: one shifted slice per window offset, no pixel loops."""
import numpy as np


def _pair(value, name, low=1):
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                 and v >= low for v in pair):
        raise ValueError(f"{name} must be an int >= {low} or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _pads(padding, size, window, stride):
    """[(top, bottom), (left, right)] as in conv2d and the pooling functions."""
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0), (0, 0)]
        if padding != "same":
            raise ValueError(f"padding must be 'valid', 'same', an int or a pair, got {padding!r}")
        pads = []
        for n, k, s in zip(size, window, stride):
            total = max((-(-n // s) - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
        return pads
    ph, pw = _pair(padding, "padding", 0)
    return [(ph, ph), (pw, pw)]


def _out_size(size, window, stride, pads, name):
    out = []
    for n, k, s, (p0, p1) in zip(size, window, stride, pads):
        if k > n + p0 + p1:
            raise ValueError(f"{name} {k} is larger than the padded input {n + p0 + p1}")
        out.append((n + p0 + p1 - k) // s + 1)
    return tuple(out)


def _exact(*arrays):
    dtype = np.result_type(*arrays)
    return dtype if dtype.kind == "f" else np.dtype(np.int64)


def _float(dtype):
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def relu(x):
    x = np.asarray(x)
    return np.where(x > 0, x, 0).astype(x.dtype)


def relu_backward(dout, x):
    dout, x = np.asarray(dout), np.asarray(x)
    if dout.shape != x.shape:
        raise ValueError(f"dout has shape {dout.shape} but x has {x.shape}")
    return np.where(x > 0, dout, 0).astype(dout.dtype)


def _dense_check(x, w):
    if x.ndim < 2:
        raise ValueError(f"x must be (N, n_in), got shape {x.shape}")
    if w.ndim != 2 or w.shape[0] != x.shape[-1]:
        raise ValueError(f"w must be (n_in, units) with n_in = {x.shape[-1]}, got {w.shape}")


def dense_forward(x, w, b):
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    _dense_check(x, w)
    if b.shape != (w.shape[1],):
        raise ValueError(f"b must have shape ({w.shape[1]},), got {b.shape}")
    dtype = _exact(x, w, b)
    return x.astype(dtype) @ w.astype(dtype) + b.astype(dtype)


def dense_backward(dout, x, w):
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    _dense_check(x, w)
    if dout.shape != x.shape[:-1] + (w.shape[1],):
        raise ValueError(f"dout must have shape {x.shape[:-1] + (w.shape[1],)}, got {dout.shape}")
    dtype = _exact(dout, x, w)
    dout, x, w = dout.astype(dtype), x.astype(dtype), w.astype(dtype)
    rows_x = x.reshape(-1, x.shape[-1])
    rows_d = dout.reshape(-1, dout.shape[-1])
    return dout @ w.T, rows_x.T @ rows_d, rows_d.sum(axis=0)


def conv2d_backward(dout, x, w, stride=1, padding="valid"):
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError("x must be (N, H, W, C_in) and w (KH, KW, C_in, C_out)")
    if x.shape[3] != w.shape[2]:
        raise ValueError(f"w has {w.shape[2]} input channels, x has {x.shape[3]}")
    n, h, wd, _ = x.shape
    kh, kw, _, c_out = w.shape
    s = _pair(stride, "stride")
    pads = _pads(padding, (h, wd), (kh, kw), s)
    oh, ow = _out_size((h, wd), (kh, kw), s, pads, "kernel")
    if dout.shape != (n, oh, ow, c_out):
        raise ValueError(f"dout must have shape {(n, oh, ow, c_out)}, got {dout.shape}")
    dtype = _exact(dout, x, w)
    dout, w = dout.astype(dtype), w.astype(dtype)
    xp = np.pad(x.astype(dtype), ((0, 0), pads[0], pads[1], (0, 0)))
    dxp = np.zeros_like(xp)
    dw = np.zeros(w.shape, dtype)
    for a in range(kh):
        for b in range(kw):
            rows = slice(a, a + s[0] * (oh - 1) + 1, s[0])
            cols = slice(b, b + s[1] * (ow - 1) + 1, s[1])
            dw[a, b] = np.tensordot(xp[:, rows, cols, :], dout, axes=([0, 1, 2], [0, 1, 2]))
            dxp[:, rows, cols, :] += dout @ w[a, b].T
    dx = dxp[:, pads[0][0]:pads[0][0] + h, pads[1][0]:pads[1][0] + wd, :]
    return dx, dw, dout.sum(axis=(0, 1, 2))


def _pool_geometry(shape, dout, pool_size, stride, padding):
    k = _pair(pool_size, "pool_size")
    s = k if stride is None else _pair(stride, "stride")
    pads = _pads(padding, shape[1:3], k, s)
    if max(pads[0]) >= k[0] or max(pads[1]) >= k[1]:
        raise ValueError("padding must be smaller than pool_size")
    oh, ow = _out_size(shape[1:3], k, s, pads, "pool_size")
    if dout.shape != (shape[0], oh, ow, shape[3]):
        raise ValueError(f"dout must have shape {(shape[0], oh, ow, shape[3])}, got {dout.shape}")
    offsets = [(a, b, slice(a, a + s[0] * (oh - 1) + 1, s[0]), slice(b, b + s[1] * (ow - 1) + 1, s[1]))
               for a in range(k[0]) for b in range(k[1])]  # row-major order within a window
    return pads, offsets


def max_pool2d_backward(dout, x, pool_size=2, stride=None, padding="valid"):
    dout, x = np.asarray(dout), np.asarray(x)
    if x.ndim != 4 or dout.ndim != 4:
        raise ValueError("x and dout must be (N, H, W, C)")
    pads, offsets = _pool_geometry(x.shape, dout, pool_size, stride, padding)
    widths = ((0, 0), pads[0], pads[1], (0, 0))
    xp = np.pad(x.astype(np.float64), widths, constant_values=-np.inf)  # padding never wins
    stack = np.stack([xp[:, rows, cols, :] for _, _, rows, cols in offsets])
    winner = stack.argmax(axis=0)  # the first maximum in row-major order
    dxp = np.zeros(xp.shape, dout.dtype)
    for index, (_, _, rows, cols) in enumerate(offsets):
        dxp[:, rows, cols, :] += np.where(winner == index, dout, 0).astype(dout.dtype)
    return dxp[:, pads[0][0]:pads[0][0] + x.shape[1], pads[1][0]:pads[1][0] + x.shape[2], :]


def avg_pool2d_backward(dout, x_shape, pool_size=2, stride=None, padding="valid"):
    dout = np.asarray(dout)
    if (not isinstance(x_shape, (tuple, list)) or len(x_shape) != 4
            or not all(isinstance(v, (int, np.integer)) and v >= 1 for v in x_shape)):
        raise ValueError(f"x_shape must be four positive ints, got {x_shape!r}")
    if dout.ndim != 4:
        raise ValueError("dout must be (N, H', W', C)")
    shape = tuple(int(v) for v in x_shape)
    pads, offsets = _pool_geometry(shape, dout, pool_size, stride, padding)
    widths = ((0, 0), pads[0], pads[1], (0, 0))
    real = np.pad(np.ones((1,) + shape[1:3] + (1,)), widths)
    count = sum(real[:, rows, cols, :] for _, _, rows, cols in offsets)
    dtype = _float(dout.dtype)
    share = (dout / count).astype(dtype)
    dxp = np.zeros((shape[0],) + real.shape[1:3] + (shape[3],), dtype)
    for _, _, rows, cols in offsets:
        dxp[:, rows, cols, :] += share
    return dxp[:, pads[0][0]:pads[0][0] + shape[1], pads[1][0]:pads[1][0] + shape[2], :]


def dropout_backward(dout, keep_mask, rate):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    dout, keep_mask = np.asarray(dout), np.asarray(keep_mask)
    if keep_mask.shape != dout.shape:
        raise ValueError(f"keep_mask has shape {keep_mask.shape}, dout has {dout.shape}")
    dtype = _float(dout.dtype)
    return np.where(keep_mask, dout.astype(dtype), dtype.type(0))


def softmax_cross_entropy(logits, labels):
    logits, labels = np.asarray(logits), np.asarray(labels)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError(f"logits must be a non-empty (N, K) array, got shape {logits.shape}")
    n, k = logits.shape
    if labels.dtype.kind not in "iu" or labels.shape != (n,):
        raise ValueError(f"labels must be {n} integer class ids, got {labels.dtype} {labels.shape}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must be in [0, {k})")
    dtype = _float(logits.dtype)
    z = logits.astype(dtype) - logits.max(axis=1, keepdims=True).astype(dtype)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -float(log_p[rows, labels].astype(np.float64).mean())
    grad = np.exp(log_p)
    grad[rows, labels] -= 1
    return loss, (grad / dtype.type(n)).astype(dtype)
