"""Six independently written correct solutions of seven student functions, in different styles.

Each author solves ``shapes.flatten``, ``shapes.conv_output_size``,
``params.dense_params``, ``params.conv2d_params``, ``conv.conv2d_single``,
``conv.conv2d`` and ``pooling.max_pool2d`` the way a different student would:
plain loops, per-window einsum, im2col, sliding windows, shift-and-add,
hand-made strides, with their own helpers and their own decomposition.
:mod:`tests.similarity_class` pastes them into the released stubs to build
synthetic classes; ``test_similarity.py`` checks every author against the
references, so they are correct solutions, not just different text.

``AUTHORS[author][module]`` is the source of that module's part: imports, the
graded functions (their bodies replace the stub's TODO) and helper functions
(appended to the module).
"""
from __future__ import annotations

LOOPS = {
    "shapes": '''
import math


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x needs a batch axis plus at least one more axis")
    size = 1
    for d in x.shape[1:]:
        size *= d
    return x.reshape(x.shape[0], size)


def conv_output_size(n, kernel_size, stride=1, padding=0):
    for name, value, low in (("n", n, 1), ("kernel_size", kernel_size, 1),
                             ("stride", stride, 1), ("padding", padding, 0)):
        if value < low:
            raise ValueError(f"{name} must be at least {low}")
    out = math.floor((n + 2 * padding - kernel_size) / stride) + 1
    if out < 1:
        raise ValueError("kernel_size does not fit")
    return int(out)
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    weights = n_in * units
    biases = units if use_bias else 0
    return weights + biases


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if isinstance(kernel_size, int):
        kh = kw = kernel_size
    else:
        kh, kw = kernel_size
    total = kh * kw * in_channels * filters
    if use_bias:
        total += filters
    return total
''',
    "conv": '''
def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D")
    H, W = image.shape
    KH, KW = kernel.shape
    if KH > H or KW > W:
        raise ValueError("kernel is bigger than the image")
    dtype = _out_dtype(image, kernel)
    out = np.zeros((H - KH + 1, W - KW + 1), dtype=dtype)
    for i in range(H - KH + 1):
        for j in range(W - KW + 1):
            total = 0
            for a in range(KH):
                for b in range(KW):
                    total += image[i + a, j + b] * kernel[a, b]
            out[i, j] = total
    return out


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError("x and w must be 4-D")
    if x.shape[3] != w.shape[2]:
        raise ValueError("w and x disagree on the input channels")
    sh, sw = _pair(stride)
    if sh < 1 or sw < 1:
        raise ValueError("stride must be >= 1")
    N, H, W, C = x.shape
    KH, KW, _, F = w.shape
    arrays = [x, w]
    if b is not None:
        b = np.asarray(b)
        if b.shape != (F,):
            raise ValueError("b must have one value per filter")
        arrays.append(b)
    top, bottom, left, right = _pads(padding, H, W, KH, KW, sh, sw)
    dtype = _out_dtype(*arrays)
    xp = np.zeros((N, H + top + bottom, W + left + right, C), dtype=dtype)
    xp[:, top:top + H, left:left + W, :] = x
    if KH > xp.shape[1] or KW > xp.shape[2]:
        raise ValueError("kernel is larger than the padded input")
    OH = (xp.shape[1] - KH) // sh + 1
    OW = (xp.shape[2] - KW) // sw + 1
    out = np.zeros((N, OH, OW, F), dtype=dtype)
    # 한 칸씩 직접 곱해서 더한다 (plain loops over every index)
    for n in range(N):
        for i in range(OH):
            for j in range(OW):
                for f in range(F):
                    acc = 0
                    for a in range(KH):
                        for c in range(KW):
                            for ch in range(C):
                                acc += xp[n, i * sh + a, j * sw + c, ch] * w[a, c, ch, f]
                    if b is not None:
                        acc += b[f]
                    out[n, i, j, f] = acc
    return out


def _out_dtype(*arrays):
    dtype = np.result_type(*arrays)
    if dtype.kind in "biu":
        return np.dtype(np.int64)
    return dtype


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _same_split(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _pads(padding, h, w, kh, kw, sh, sw):
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        top, bottom = _same_split(h, kh, sh)
        left, right = _same_split(w, kw, sw)
        return top, bottom, left, right
    ph, pw = _pair(padding)
    return ph, ph, pw, pw
''',
    "pooling": '''
def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    kh, kw = _pair(pool_size)
    sh, sw = (kh, kw) if stride is None else _pair(stride)
    N, H, W, C = x.shape
    top, bottom, left, right = _pads(padding, H, W, kh, kw, sh, sw)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError("padding must be smaller than the window")
    OH = (H + top + bottom - kh) // sh + 1
    OW = (W + left + right - kw) // sw + 1
    if OH < 1 or OW < 1:
        raise ValueError("window larger than the padded input")
    out = np.empty((N, OH, OW, C), dtype=x.dtype)
    for i in range(OH):
        # 패딩 칸은 빼고 실제 칸만 본다 (clip the window to the real cells)
        r0 = max(i * sh - top, 0)
        r1 = min(i * sh - top + kh, H)
        for j in range(OW):
            c0 = max(j * sw - left, 0)
            c1 = min(j * sw - left + kw, W)
            out[:, i, j, :] = x[:, r0:r1, c0:c1, :].max(axis=(1, 2))
    return out


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _same_split(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _pads(padding, h, w, kh, kw, sh, sw):
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        top, bottom = _same_split(h, kh, sh)
        left, right = _same_split(w, kw, sw)
        return top, bottom, left, right
    ph, pw = _pair(padding)
    return ph, ph, pw, pw
''',
}

EINSUM = {
    "shapes": '''
def flatten(x):
    arr = np.asarray(x)
    if arr.ndim <= 1:
        raise ValueError(f"flatten: x has shape {arr.shape}, need (N, ...)")
    return arr.reshape(arr.shape[0], -1)


def conv_output_size(n, kernel_size, stride=1, padding=0):
    if n < 1 or kernel_size < 1 or stride < 1 or padding < 0:
        raise ValueError("n, kernel_size and stride must be positive, padding non-negative")
    span = n + 2 * padding - kernel_size
    if span < 0:
        raise ValueError("the kernel_size window does not fit")
    return span // stride + 1
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    return (n_in + (1 if use_bias else 0)) * units


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    k = np.broadcast_to(np.asarray(kernel_size), (2,))
    per_filter = int(k[0]) * int(k[1]) * in_channels
    return (per_filter + int(bool(use_bias))) * filters
''',
    "conv": '''
def conv2d_single(image, kernel):
    img, ker = np.asarray(image), np.asarray(kernel)
    if img.ndim != 2:
        raise ValueError("image must be (H, W)")
    if ker.ndim != 2:
        raise ValueError("kernel must be (KH, KW)")
    rows = img.shape[0] - ker.shape[0] + 1
    cols = img.shape[1] - ker.shape[1] + 1
    if rows < 1 or cols < 1:
        raise ValueError("kernel does not fit in the image")
    kind = np.result_type(img, ker)
    kind = np.int64 if np.issubdtype(kind, np.integer) or kind == bool else kind
    result = np.empty((rows, cols), dtype=kind)
    for r in range(rows):
        for c in range(cols):
            patch = img[r:r + ker.shape[0], c:c + ker.shape[1]]
            result[r, c] = np.einsum("ab,ab->", patch.astype(kind), ker.astype(kind))
    return result


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C_in)")
    if w.ndim != 4:
        raise ValueError("w must be (KH, KW, C_in, C_out)")
    if w.shape[2] != x.shape[-1]:
        raise ValueError("the input channels of w and x differ")
    strides = _two(stride, "stride")
    kernel = w.shape[:2]
    kind = np.result_type(x, w) if b is None else np.result_type(x, w, np.asarray(b))
    if kind.kind != "f":
        kind = np.dtype("int64")
    if b is not None and np.shape(b) != (w.shape[3],):
        raise ValueError("b must have shape (C_out,)")
    padded = _zero_pad(x.astype(kind), padding, kernel, strides)
    out_h = (padded.shape[1] - kernel[0]) // strides[0] + 1
    out_w = (padded.shape[2] - kernel[1]) // strides[1] + 1
    if out_h < 1 or out_w < 1:
        raise ValueError("the kernel is larger than the padded input")
    y = np.zeros((x.shape[0], out_h, out_w, w.shape[3]), dtype=kind)
    wk = w.astype(kind)
    for r in range(out_h):
        top = r * strides[0]
        for c in range(out_w):
            left = c * strides[1]
            window = padded[:, top:top + kernel[0], left:left + kernel[1], :]
            y[:, r, c, :] = np.einsum("nhwc,hwcf->nf", window, wk)
    if b is not None:
        y = y + np.asarray(b).astype(kind)
    return y


def _two(value, name):
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or min(pair) < 1:
        raise ValueError(f"{name} must be a positive int or a pair")
    return int(pair[0]), int(pair[1])


def _zero_pad(x, padding, kernel, strides):
    """Pads rows and columns with zeros following Keras' rules."""
    if isinstance(padding, str):
        if padding.lower() == "valid":
            return x
        if padding.lower() != "same":
            raise ValueError("unknown padding")
        widths = [(0, 0)]
        for size, k, s in zip(x.shape[1:3], kernel, strides):
            need = max((-(-size // s) - 1) * s + k - size, 0)
            widths.append((need // 2, need - need // 2))
        widths.append((0, 0))
    else:
        ph, pw = (padding, padding) if np.isscalar(padding) else padding
        widths = [(0, 0), (ph, ph), (pw, pw), (0, 0)]
    return np.pad(x, widths)
''',
    "pooling": '''
def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("max_pool2d expects x of shape (N, H, W, C)")
    win = (pool_size, pool_size) if np.isscalar(pool_size) else tuple(pool_size)
    step = win if stride is None else ((stride, stride) if np.isscalar(stride) else tuple(stride))
    if min(step) < 1 or min(win) < 1:
        raise ValueError("pool_size and stride must be >= 1")
    widths = _pool_padding(padding, x.shape[1:3], win, step)
    if any(p >= k for (lo, hi), k in zip(widths, win) for p in (lo, hi)):
        raise ValueError("padding must be smaller than pool_size")
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    xp = np.pad(x, [(0, 0), widths[0], widths[1], (0, 0)], constant_values=low)
    oh = (xp.shape[1] - win[0]) // step[0] + 1
    ow = (xp.shape[2] - win[1]) // step[1] + 1
    if oh < 1 or ow < 1:
        raise ValueError("pool_size is larger than the padded input")
    result = np.empty((x.shape[0], oh, ow, x.shape[3]), dtype=x.dtype)
    for r in range(oh):
        for c in range(ow):
            block = xp[:, r * step[0]:r * step[0] + win[0], c * step[1]:c * step[1] + win[1]]
            result[:, r, c] = np.max(block, axis=(1, 2))
    return result


def _pool_padding(padding, size, win, step):
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0), (0, 0)]
        widths = []
        for n, k, s in zip(size, win, step):
            need = max((-(-n // s) - 1) * s + k - n, 0)
            widths.append((need // 2, need - need // 2))
        return widths
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    return [(ph, ph), (pw, pw)]
''',
}

IM2COL = {
    "shapes": '''
def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("flatten needs x.ndim >= 2")
    rows = [sample.ravel() for sample in x]
    if not rows:
        return x.reshape(0, int(np.prod(x.shape[1:])))
    return np.stack(rows)


def conv_output_size(n, kernel_size, stride=1, padding=0):
    _check_positive(n=n, kernel_size=kernel_size, stride=stride)
    if padding < 0:
        raise ValueError("padding < 0")
    count, start = 0, 0
    while start + kernel_size <= n + 2 * padding:
        count += 1
        start += stride
    if count == 0:
        raise ValueError("kernel_size larger than the padded input")
    return count


def _check_positive(**values):
    for key, val in values.items():
        if val < 1:
            raise ValueError(f"{key} must be >= 1, got {val}")
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    count = n_in * units
    if use_bias:
        count = count + units
    return count


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = _hw(kernel_size)
    weights = kh * kw * in_channels * filters
    return weights + filters * bool(use_bias)


def _hw(k):
    try:
        kh, kw = k
    except TypeError:
        kh = kw = k
    return kh, kw
''',
    "conv": '''
def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("expected a 2-D image and a 2-D kernel")
    out = conv2d(image[None, :, :, None], kernel[:, :, None, None])
    return out[0, :, :, 0]


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError("x must be (N,H,W,C) and w (KH,KW,C,F)")
    n_img, _, _, ch = x.shape
    kh, kw, wc, nf = w.shape
    if wc != ch:
        raise ValueError(f"w expects {wc} channels, x has {ch}")
    if b is not None:
        b = np.asarray(b)
        if b.shape != (nf,):
            raise ValueError("b has the wrong shape")
    sy, sx = _strides(stride)
    common = np.result_type(x, w, *([] if b is None else [b]))
    if common.kind in "iub":
        common = np.dtype(np.int64)
    xp = _pad(x.astype(common), padding, kh, kw, sy, sx)
    cols, oh, ow = _im2col(xp, kh, kw, sy, sx)
    out = cols @ w.astype(common).reshape(kh * kw * ch, nf)
    if b is not None:
        out += b.astype(common)
    return out.reshape(n_img, oh, ow, nf)


def _strides(stride):
    sy, sx = stride if isinstance(stride, (tuple, list)) else (stride, stride)
    if sy < 1 or sx < 1:
        raise ValueError("stride must be >= 1")
    return sy, sx


def _pad(x, padding, kh, kw, sy, sx):
    if padding == "valid":
        return x
    if padding == "same":
        amounts = []
        for size, k, s in ((x.shape[1], kh, sy), (x.shape[2], kw, sx)):
            total = max((int(np.ceil(size / s)) - 1) * s + k - size, 0)
            amounts.append((total // 2, total - total // 2))
        (t, bt), (l, r) = amounts
    else:
        py, px = padding if isinstance(padding, (tuple, list)) else (padding, padding)
        t, bt, l, r = py, py, px, px
    out = np.zeros((x.shape[0], x.shape[1] + t + bt, x.shape[2] + l + r, x.shape[3]), x.dtype)
    out[:, t:t + x.shape[1], l:l + x.shape[2]] = x
    return out


def _im2col(xp, kh, kw, sy, sx):
    """Every window as one row: (N*OH*OW, KH*KW*C)."""
    n, hp, wp, c = xp.shape
    if kh > hp or kw > wp:
        raise ValueError("kernel larger than the padded input")
    oh = (hp - kh) // sy + 1
    ow = (wp - kw) // sx + 1
    cols = np.empty((n, oh, ow, kh, kw, c), dtype=xp.dtype)
    for dy in range(kh):
        for dx in range(kw):
            cols[:, :, :, dy, dx, :] = xp[:, dy:dy + sy * oh:sy, dx:dx + sx * ow:sx, :]
    return cols.reshape(n * oh * ow, kh * kw * c), oh, ow
''',
    "pooling": '''
def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be 4-D")
    ky, kx = pool_size if isinstance(pool_size, (tuple, list)) else (pool_size, pool_size)
    sy, sx = (ky, kx) if stride is None else (
        stride if isinstance(stride, (tuple, list)) else (stride, stride))
    if min(ky, kx, sy, sx) < 1:
        raise ValueError("pool_size and stride must be positive")
    (t, bt), (l, r) = _pool_pads(padding, x.shape[1], x.shape[2], ky, kx, sy, sx)
    if max(t, bt) >= ky or max(l, r) >= kx:
        raise ValueError("padding must be smaller than pool_size")
    fill = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
    hp, wp = x.shape[1] + t + bt, x.shape[2] + l + r
    if ky > hp or kx > wp:
        raise ValueError("pool_size larger than the padded input")
    xp = np.full((x.shape[0], hp, wp, x.shape[3]), fill, dtype=x.dtype)
    xp[:, t:t + x.shape[1], l:l + x.shape[2]] = x
    oh, ow = (hp - ky) // sy + 1, (wp - kx) // sx + 1
    # 창 안의 각 위치마다 최댓값을 갱신 (running maximum over window offsets)
    best = xp[:, 0:sy * oh:sy, 0:sx * ow:sx].copy()
    for dy in range(ky):
        for dx in range(kx):
            np.maximum(best, xp[:, dy:dy + sy * oh:sy, dx:dx + sx * ow:sx], out=best)
    return best


def _pool_pads(padding, h, w, ky, kx, sy, sx):
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        th = max((-(-h // sy) - 1) * sy + ky - h, 0)
        tw = max((-(-w // sx) - 1) * sx + kx - w, 0)
        return (th // 2, th - th // 2), (tw // 2, tw - tw // 2)
    py, px = padding if isinstance(padding, (tuple, list)) else (padding, padding)
    return (py, py), (px, px)
''',
}

WINDOWS = {
    "shapes": '''
def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x must be a batch (N, ...)")
    return x.reshape((x.shape[0], int(np.prod(x.shape[1:]))))


def conv_output_size(n, kernel_size, stride=1, padding=0):
    if min(n, kernel_size, stride) <= 0 or padding < 0:
        raise ValueError("invalid n, kernel_size, stride or padding")
    positions = range(0, n + 2 * padding - kernel_size + 1, stride)
    if len(positions) == 0:
        raise ValueError("kernel_size is too large")
    return len(positions)
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    return n_in * units + use_bias * units


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    shape = tuple(np.atleast_1d(kernel_size)) * (2 if np.ndim(kernel_size) == 0 else 1)
    return int(np.prod(shape)) * in_channels * filters + (filters if use_bias else 0)
''',
    "conv": '''
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_single(image, kernel):
    image, kernel = np.asarray(image), np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("2-D inputs only")
    if any(k > s for k, s in zip(kernel.shape, image.shape)):
        raise ValueError("kernel larger than image")
    dt = _acc_type(image.dtype, kernel.dtype)
    views = sliding_window_view(image.astype(dt), kernel.shape)
    return np.einsum("ijab,ab->ij", views, kernel.astype(dt))


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if (x.ndim, w.ndim) != (4, 4):
        raise ValueError("x and w must both be 4-D")
    if x.shape[-1] != w.shape[-2]:
        raise ValueError("channel mismatch")
    step = np.broadcast_to(stride, (2,)).astype(int)
    if (step < 1).any():
        raise ValueError("stride < 1")
    dt = _acc_type(x.dtype, w.dtype, *(() if b is None else (np.asarray(b).dtype,)))
    x = _pad_same_or_fixed(x.astype(dt), padding, w.shape[:2], step)
    if x.shape[1] < w.shape[0] or x.shape[2] < w.shape[1]:
        raise ValueError("kernel larger than padded input")
    windows = sliding_window_view(x, w.shape[:2], axis=(1, 2))[:, ::step[0], ::step[1]]
    out = np.einsum("nijcab,abcf->nijf", windows, w.astype(dt))
    if b is not None:
        if np.shape(b) != (w.shape[3],):
            raise ValueError("b must be (C_out,)")
        out += np.asarray(b, dtype=dt)
    return out


def _acc_type(*dtypes):
    dt = np.result_type(*dtypes)
    return dt if dt.kind == "f" else np.dtype(np.int64)


def _pad_same_or_fixed(x, padding, kernel, step):
    if isinstance(padding, str) and padding == "same":
        pads = []
        for axis in (0, 1):
            size = x.shape[1 + axis]
            out = int(np.ceil(size / step[axis]))
            need = max((out - 1) * step[axis] + kernel[axis] - size, 0)
            pads.append((need // 2, need - need // 2))
    elif isinstance(padding, str):
        return x
    else:
        p = np.broadcast_to(padding, (2,))
        pads = [(int(p[0]), int(p[0])), (int(p[1]), int(p[1]))]
    return np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
''',
    "pooling": '''
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x: expected 4 dimensions")
    k = np.broadcast_to(pool_size, (2,)).astype(int)
    s = k if stride is None else np.broadcast_to(stride, (2,)).astype(int)
    if (k < 1).any() or (s < 1).any():
        raise ValueError("pool_size/stride must be positive")
    pads = _pads_for(padding, x.shape[1:3], k, s)
    if any(max(p) >= kk for p, kk in zip(pads, k)):
        raise ValueError("padding must be smaller than pool_size")
    lowest = np.finfo(x.dtype).min if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    if x.dtype.kind == "f":
        lowest = -np.inf
    xp = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)], constant_values=lowest)
    if xp.shape[1] < k[0] or xp.shape[2] < k[1]:
        raise ValueError("pool_size larger than the padded input")
    views = sliding_window_view(xp, tuple(k), axis=(1, 2))[:, ::s[0], ::s[1]]
    return views.max(axis=(-2, -1))


def _pads_for(padding, hw, k, s):
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0), (0, 0)]
        result = []
        for n, kk, ss in zip(hw, k, s):
            need = max((int(np.ceil(n / ss)) - 1) * ss + kk - n, 0)
            result.append((need // 2, need - need // 2))
        return result
    p = np.broadcast_to(padding, (2,))
    return [(int(p[0]),) * 2, (int(p[1]),) * 2]
''',
}

SHIFT_ADD = {
    "shapes": '''
import math


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"expected at least 2 axes, got {x.ndim}")
    batch, *rest = x.shape
    return np.ascontiguousarray(x).reshape(batch, math.prod(rest))


def conv_output_size(n, kernel_size, stride=1, padding=0):
    if not (n >= 1 and kernel_size >= 1 and stride >= 1 and padding >= 0):
        raise ValueError("conv_output_size: argument out of range")
    q, _ = divmod(n + 2 * padding - kernel_size, stride)
    if q < 0:
        raise ValueError("window larger than input")
    return q + 1
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    return units * (n_in + int(bool(use_bias)))


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if not isinstance(kernel_size, (tuple, list)):
        kernel_size = (kernel_size, kernel_size)
    fan_in = kernel_size[0] * kernel_size[1] * in_channels
    return filters * fan_in + (filters if use_bias else 0)
''',
    "conv": '''
def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("need 2-D image and kernel")
    kh, kw = kernel.shape
    oh, ow = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    if oh <= 0 or ow <= 0:
        raise ValueError("kernel does not fit")
    kind = np.result_type(image, kernel)
    if kind.kind != "f":
        kind = np.dtype(np.int64)
    acc = np.zeros((oh, ow), kind)
    # 커널의 각 칸마다 이미지를 밀어서 더한다 (shift the image under each kernel cell)
    for a in range(kh):
        for c in range(kw):
            acc += kernel[a, c].astype(kind) * image[a:a + oh, c:c + ow].astype(kind)
    return acc


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4:
        raise ValueError("x must have 4 axes")
    if w.ndim != 4:
        raise ValueError("w must have 4 axes")
    kh, kw, cin, cout = w.shape
    if cin != x.shape[3]:
        raise ValueError("w.shape[2] must equal x.shape[3]")
    if isinstance(stride, int):
        stride = (stride, stride)
    s0, s1 = stride
    if s0 < 1 or s1 < 1:
        raise ValueError("stride must be positive")
    kind = np.result_type(x, w)
    if b is not None:
        b = np.asarray(b)
        if b.shape != (cout,):
            raise ValueError("b must have shape (C_out,)")
        kind = np.result_type(kind, b)
    if kind.kind != "f":
        kind = np.dtype(np.int64)
    rows, cols = _padding_rows_cols(padding, x.shape[1], x.shape[2], kh, kw, s0, s1)
    xp = np.pad(x.astype(kind), ((0, 0), rows, cols, (0, 0)))
    oh = (xp.shape[1] - kh) // s0 + 1
    ow = (xp.shape[2] - kw) // s1 + 1
    if kh > xp.shape[1] or kw > xp.shape[2]:
        raise ValueError("kernel bigger than padded input")
    out = np.zeros((x.shape[0], oh, ow, cout), kind)
    for a in range(kh):
        for c in range(kw):
            shifted = xp[:, a:a + s0 * (oh - 1) + 1:s0, c:c + s1 * (ow - 1) + 1:s1, :]
            out += shifted @ w[a, c].astype(kind)
    if b is not None:
        out += b.astype(kind)
    return out


def _padding_rows_cols(padding, h, w, kh, kw, s0, s1):
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        def split(n, k, s):
            total = max(((n + s - 1) // s - 1) * s + k - n, 0)
            return total // 2, total - total // 2
        return split(h, kh, s0), split(w, kw, s1)
    if isinstance(padding, int):
        return (padding, padding), (padding, padding)
    return (padding[0], padding[0]), (padding[1], padding[1])
''',
    "pooling": '''
from numpy.lib.stride_tricks import as_strided


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be (N, H, W, C)")
    if isinstance(pool_size, int):
        pool_size = (pool_size, pool_size)
    if stride is None:
        stride = pool_size
    elif isinstance(stride, int):
        stride = (stride, stride)
    if min(pool_size) < 1 or min(stride) < 1:
        raise ValueError("pool_size and stride must be >= 1")
    xp = _pad_with_lowest(x, padding, pool_size, stride)
    n, hp, wp, c = xp.shape
    if pool_size[0] > hp or pool_size[1] > wp:
        raise ValueError("pool_size bigger than padded input")
    oh = (hp - pool_size[0]) // stride[0] + 1
    ow = (wp - pool_size[1]) // stride[1] + 1
    sn, sh, sw, sc = xp.strides
    windows = as_strided(xp, shape=(n, oh, ow, c, pool_size[0], pool_size[1]),
                         strides=(sn, sh * stride[0], sw * stride[1], sc, sh, sw),
                         writeable=False)
    return windows.max(axis=(4, 5))


def _pad_with_lowest(x, padding, pool_size, stride):
    if padding == "valid":
        return np.ascontiguousarray(x)
    if padding == "same":
        amounts = []
        for n, k, s in zip(x.shape[1:3], pool_size, stride):
            total = max(((n + s - 1) // s - 1) * s + k - n, 0)
            amounts.append((total // 2, total - total // 2))
    elif isinstance(padding, int):
        amounts = [(padding, padding)] * 2
    else:
        amounts = [(padding[0], padding[0]), (padding[1], padding[1])]
    for (before, after), k in zip(amounts, pool_size):
        if before >= k or after >= k:
            raise ValueError("padding must be smaller than the pool_size")
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    return np.pad(x, [(0, 0), amounts[0], amounts[1], (0, 0)], constant_values=low)
''',
}

INDEXED = {
    "shapes": '''
def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("flatten: x.ndim must be >= 2")
    if x.shape[0] == 0:
        return x.reshape(0, int(np.prod(x.shape[1:], dtype=np.int64)))
    return x.reshape(x.shape[0], x.size // x.shape[0])


def conv_output_size(n, kernel_size, stride=1, padding=0):
    checks = {"n": n >= 1, "kernel_size": kernel_size >= 1,
              "stride": stride >= 1, "padding": padding >= 0}
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise ValueError("out of range: " + ", ".join(bad))
    result = int(np.floor((n + 2 * padding - kernel_size) / stride)) + 1
    if result < 1:
        raise ValueError("kernel_size larger than the padded input")
    return result
''',
    "params": '''
def dense_params(n_in, units, use_bias=True):
    parts = [n_in * units]
    if use_bias:
        parts.append(units)
    return sum(parts)


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kernel = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    per_filter = in_channels
    for k in kernel:
        per_filter *= k
    if use_bias:
        per_filter += 1
    return per_filter * filters
''',
    "conv": '''
def conv2d_single(image, kernel):
    image = np.asarray(image)
    kernel = np.asarray(kernel)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError("image and kernel must be 2-D arrays")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError("kernel must fit inside the image")
    rows, cols = _window_index(image.shape[0], image.shape[1], *kernel.shape, 1, 1)
    patches = image[rows, cols]          # (OH, OW, KH, KW)
    target = np.float64 if image.dtype.kind == "f" or kernel.dtype.kind == "f" else np.int64
    target = np.result_type(image, kernel) if target is np.float64 else target
    return np.tensordot(patches.astype(target), kernel.astype(target), axes=2)


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError("conv2d: x and w must be 4-D")
    if x.shape[3] != w.shape[2]:
        raise ValueError("conv2d: channels of x and w differ")
    sy, sx = (stride, stride) if np.ndim(stride) == 0 else stride
    if sy < 1 or sx < 1:
        raise ValueError("conv2d: stride must be >= 1")
    if b is not None and np.shape(b) != (w.shape[3],):
        raise ValueError("conv2d: b must be (C_out,)")
    inputs = [x, w] if b is None else [x, w, np.asarray(b)]
    target = np.result_type(*inputs)
    if target.kind != "f":
        target = np.dtype(np.int64)
    top, bottom, left, right = _explicit_padding(padding, x.shape[1], x.shape[2],
                                                 w.shape[0], w.shape[1], sy, sx)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0))).astype(target)
    if w.shape[0] > xp.shape[1] or w.shape[1] > xp.shape[2]:
        raise ValueError("conv2d: kernel larger than the padded input")
    rows, cols = _window_index(xp.shape[1], xp.shape[2], w.shape[0], w.shape[1], sy, sx)
    patches = xp[:, rows, cols, :]       # (N, OH, OW, KH, KW, C)
    out = np.tensordot(patches, w.astype(target), axes=([3, 4, 5], [0, 1, 2]))
    return out if b is None else out + np.asarray(b).astype(target)


def _window_index(h, w, kh, kw, sy, sx):
    """Fancy-index arrays picking every window: (OH, OW, KH, KW) each."""
    oh = (h - kh) // sy + 1
    ow = (w - kw) // sx + 1
    r = (np.arange(oh) * sy)[:, None, None, None] + np.arange(kh)[None, None, :, None]
    c = (np.arange(ow) * sx)[None, :, None, None] + np.arange(kw)[None, None, None, :]
    return np.broadcast_to(r, (oh, ow, kh, kw)), np.broadcast_to(c, (oh, ow, kh, kw))


def _explicit_padding(padding, h, w, kh, kw, sy, sx):
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        need_h = max((-(-h // sy) - 1) * sy + kh - h, 0)
        need_w = max((-(-w // sx) - 1) * sx + kw - w, 0)
        return need_h // 2, need_h - need_h // 2, need_w // 2, need_w - need_w // 2
    py, px = (padding, padding) if np.ndim(padding) == 0 else padding
    return py, py, px, px
''',
    "pooling": '''
def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("max_pool2d: x must be 4-D")
    kh, kw = (pool_size, pool_size) if np.ndim(pool_size) == 0 else pool_size
    sy, sx = (kh, kw) if stride is None else (
        (stride, stride) if np.ndim(stride) == 0 else stride)
    if min(kh, kw, sy, sx) < 1:
        raise ValueError("max_pool2d: sizes must be >= 1")
    if isinstance(padding, str) and padding == "same":
        need_h = max((-(-x.shape[1] // sy) - 1) * sy + kh - x.shape[1], 0)
        need_w = max((-(-x.shape[2] // sx) - 1) * sx + kw - x.shape[2], 0)
        pads = (need_h // 2, need_h - need_h // 2, need_w // 2, need_w - need_w // 2)
    elif isinstance(padding, str):
        pads = (0, 0, 0, 0)
    else:
        py, px = (padding, padding) if np.ndim(padding) == 0 else padding
        pads = (py, py, px, px)
    if max(pads[:2]) >= kh or max(pads[2:]) >= kw:
        raise ValueError("max_pool2d: padding must be smaller than pool_size")
    hp, wp = x.shape[1] + pads[0] + pads[1], x.shape[2] + pads[2] + pads[3]
    if kh > hp or kw > wp:
        raise ValueError("max_pool2d: pool_size larger than the padded input")
    # 패딩 칸의 인덱스를 실제 칸으로 되돌린다: 창 안의 가장 가까운 실제 칸은 최댓값을 바꾸지 않는다
    oh, ow = (hp - kh) // sy + 1, (wp - kw) // sx + 1
    rows = (np.arange(oh) * sy)[:, None] + np.arange(kh)[None, :] - pads[0]
    cols = (np.arange(ow) * sx)[:, None] + np.arange(kw)[None, :] - pads[2]
    rows = np.clip(rows, 0, x.shape[1] - 1)
    cols = np.clip(cols, 0, x.shape[2] - 1)
    patches = x[:, rows[:, None, :, None], cols[None, :, None, :], :]  # (N, OH, OW, KH, KW, C)
    return patches.max(axis=(3, 4))
''',
}

AUTHORS: dict[str, dict[str, str]] = {
    "loops": LOOPS,
    "einsum": EINSUM,
    "im2col": IM2COL,
    "windows": WINDOWS,
    "shift_add": SHIFT_ADD,
    "indexed": INDEXED,
}

# The functions every author solves, as ``module.function``.
SOLVED = ("shapes.flatten", "shapes.conv_output_size", "params.dense_params",
          "params.conv2d_params", "conv.conv2d_single", "conv.conv2d", "pooling.max_pool2d")
