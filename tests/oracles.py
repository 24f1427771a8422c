"""Independent implementations that the reference solutions are checked against.

Nothing here imports ``solutions``: padding amounts, layout changes and the
"padded cells are ignored" rule of pooling are written again from API.md, and
the arithmetic is done by scipy (always) or torch (when installed). Arrays go
in and come out channels-last ``(N, H, W, C)`` as in the student API; torch
works in ``(N, C, H, W)`` and the wrappers convert both ways.

Every oracle computes in float64 (or int64 for exact integer convolution), so
its result is the exact answer up to float64 rounding and can judge a float32
reference with :func:`assert_within_rounding`.
"""
from __future__ import annotations

import math
from typing import Union

import numpy as np
import scipy.ndimage
import scipy.signal

Pair = tuple[int, int]
Pads = tuple[Pair, Pair]
PaddingArg = Union[str, int, Pair]


# --------------------------------------------------------------------------- padding

def same_pads(n: int, k: int, s: int) -> Pair:
    """TensorFlow's "same" split along one axis: ``(before, after)``.

    Output ``ceil(n / s)``; total ``max((out - 1) * s + k - n, 0)``; ``before =
    total // 2`` and the extra cell goes after (bottom/right).
    """
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def explicit_pads(padding: PaddingArg, size: Pair, window: Pair, stride: Pair) -> Pads:
    """``((top, bottom), (left, right))`` for a padding argument of the student API."""
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        return (same_pads(size[0], window[0], stride[0]),
                same_pads(size[1], window[1], stride[1]))
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    return (ph, ph), (pw, pw)


def sliding_length(n: int, k: int, s: int, before: int, after: int) -> int:
    """Number of window positions of a window ``k`` with stride ``s`` on a padded axis."""
    return (n + before + after - k) // s + 1


def pad_nhwc(x: np.ndarray, pads: Pads, value=0) -> np.ndarray:
    """Pad the two spatial axes of ``(N, H, W, C)`` images with ``value``."""
    return np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)


def real_cells(size: Pair, pads: Pads) -> np.ndarray:
    """``(1, Hp, Wp, 1)`` float64 mask: 1 on the image's own cells, 0 on padding."""
    return pad_nhwc(np.ones((1,) + tuple(size) + (1,)), pads)


# --------------------------------------------------------------------------- scipy

def scipy_conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: Pair,
                 pads: Pads) -> np.ndarray:
    """Multi-channel convolution as sums of per-channel 2-D correlations.

    ``x (N, H, W, C_in)``, ``w (KH, KW, C_in, C_out)`` -> ``(N, H', W', C_out)``:
    correlate every input channel with its kernel slice at stride 1, add the
    channels up, then keep every ``stride``-th position. Integer inputs stay
    int64 (exact), anything else is float64.
    """
    operands = [x, w] + ([] if b is None else [b])
    dtype = np.int64 if np.result_type(*operands).kind in "biu" else np.float64
    xp = pad_nhwc(x.astype(dtype), pads)
    w = w.astype(dtype)
    n, c_in, c_out = x.shape[0], w.shape[2], w.shape[3]
    full_h = xp.shape[1] - w.shape[0] + 1
    full_w = xp.shape[2] - w.shape[1] + 1
    out = np.zeros((n, full_h, full_w, c_out), dtype)
    for i in range(n):
        for o in range(c_out):
            for c in range(c_in):
                out[i, :, :, o] += scipy.signal.correlate2d(xp[i, :, :, c], w[:, :, c, o],
                                                            mode="valid")
    out = out[:, ::stride[0], ::stride[1]]
    if b is not None:
        out = out + b.astype(dtype)
    return out


def scipy_max_pool(x: np.ndarray, window: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """Max pooling with ``scipy.ndimage.maximum_filter``; padded cells never win.

    Padding is -inf, so the maximum is over the real cells only. Returns float64.
    """
    xp = pad_nhwc(x.astype(np.float64), pads, value=-np.inf)
    return _window_starts(scipy.ndimage.maximum_filter(xp, **_filter_args(window)),
                          xp.shape, window, stride)


def scipy_avg_pool(x: np.ndarray, window: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """Average over the real cells of each window, with ``scipy.ndimage`` box sums.

    The window sum of the zero-padded input divided by the window sum of a ones
    mask is the sum over real cells divided by their count. ``ndimage.correlate``
    with a box of ones adds each window directly (``uniform_filter``'s running
    sum would carry rounding from far-away cells). Returns float64.
    """
    xp = pad_nhwc(x.astype(np.float64), pads)
    args = _filter_args(window)
    box = np.ones(args.pop("size"))
    total = scipy.ndimage.correlate(xp, box, **args)
    count = scipy.ndimage.correlate(real_cells(x.shape[1:3], pads), box, **args)
    total = _window_starts(total, xp.shape, window, stride)
    count = _window_starts(count, (1,) + xp.shape[1:3] + (1,), window, stride)
    return total / count


def _filter_args(window: Pair) -> dict:
    # origin -(k // 2) moves the filter so that output j covers cells j .. j + k - 1.
    return dict(size=(1, window[0], window[1], 1),
                origin=(0, -(window[0] // 2), -(window[1] // 2), 0), mode="nearest")


def _window_starts(filtered: np.ndarray, padded_shape, window: Pair, stride: Pair) -> np.ndarray:
    """Keep the positions where a whole window fits, every ``stride``-th one."""
    oh = (padded_shape[1] - window[0]) // stride[0] + 1
    ow = (padded_shape[2] - window[1]) // stride[1] + 1
    return filtered[:, :(oh - 1) * stride[0] + 1:stride[0], :(ow - 1) * stride[1] + 1:stride[1]]


def loop_pool(x: np.ndarray, window: Pair, stride: Pair, pads: Pads, reduce) -> np.ndarray:
    """Brute-force pooling: ``reduce`` over the real cells of each window, one by one.

    ``reduce(block)`` gets a ``(h, w, C)`` block clipped to the image and returns ``(C,)``.
    """
    (top, bottom), (left, right) = pads
    n, h, w, c = x.shape
    oh = sliding_length(h, window[0], stride[0], top, bottom)
    ow = sliding_length(w, window[1], stride[1], left, right)
    out = np.empty((n, oh, ow, c), np.float64)
    for i in range(oh):
        r0 = i * stride[0] - top
        rows = slice(max(r0, 0), min(r0 + window[0], h))
        for j in range(ow):
            c0 = j * stride[1] - left
            cols = slice(max(c0, 0), min(c0 + window[1], w))
            for k in range(n):
                out[k, i, j] = reduce(x[k, rows, cols].astype(np.float64))
    return out


# --------------------------------------------------------------------------- torch

def _torch():
    import torch
    # The oracles' tensors are tiny: torch's thread pool only adds contention,
    # which made these checks several times slower on a busy 2-core machine.
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)
    return torch


def to_nchw(x: np.ndarray):
    """Channels-last numpy ``(N, H, W, C)`` -> float64 torch ``(N, C, H, W)``."""
    torch = _torch()
    return torch.from_numpy(np.ascontiguousarray(x, dtype=np.float64)).permute(0, 3, 1, 2)


def to_nhwc(t) -> np.ndarray:
    """Torch ``(N, C, H, W)`` -> numpy ``(N, H, W, C)``."""
    return t.permute(0, 2, 3, 1).detach().numpy()


def torch_pad(t, pads: Pads, value: float = 0.0):
    """``F.pad`` of an ``(N, C, H, W)`` tensor; torch lists the last axis first."""
    (top, bottom), (left, right) = pads
    return _torch().nn.functional.pad(t, (left, right, top, bottom), value=value)


def torch_conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: Pair,
                 pads: Pads) -> np.ndarray:
    """``torch.nn.functional.conv2d`` in float64 on explicitly padded input.

    ``w (KH, KW, C_in, C_out)`` becomes torch's ``(C_out, C_in, KH, KW)``.
    """
    torch = _torch()
    weight = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float64)).permute(3, 2, 0, 1)
    bias = None if b is None else torch.from_numpy(np.asarray(b, dtype=np.float64))
    out = torch.nn.functional.conv2d(torch_pad(to_nchw(x), pads), weight, bias, stride=stride)
    return to_nhwc(out)


def torch_max_pool(x: np.ndarray, window: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """``max_pool2d`` on input padded with -inf, so padded cells never win. float64."""
    t = torch_pad(to_nchw(x), pads, value=-math.inf)
    return to_nhwc(_torch().nn.functional.max_pool2d(t, window, stride))


def torch_avg_pool(x: np.ndarray, window: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """Average over real cells: sum-pool of zero-padded input / count-pool of a ones mask."""
    torch = _torch()
    functional = torch.nn.functional
    total = functional.avg_pool2d(torch_pad(to_nchw(x), pads), window, stride,
                                  divisor_override=1)
    mask = torch.ones((1, 1) + tuple(x.shape[1:3]), dtype=torch.float64)
    count = functional.avg_pool2d(torch_pad(mask, pads), window, stride, divisor_override=1)
    return to_nhwc(total / count)


def torch_output_hw(size: Pair, window: Pair, stride: Pair, pads: Pads,
                    op: str = "conv") -> Pair:
    """Output ``(H', W')`` that torch gives for a conv (``op="conv"``) or a max pool.

    Shapes only, on the "meta" device: nothing is computed or allocated.
    """
    torch = _torch()
    x = torch_pad(torch.empty((1, 1) + tuple(size), device="meta"), pads)
    if op == "conv":
        out = torch.nn.functional.conv2d(x, torch.empty((1, 1) + tuple(window), device="meta"),
                                         stride=stride)
    else:
        out = torch.nn.functional.max_pool2d(x, window, stride)
    return tuple(out.shape[2:])


def torch_summary(layers: list, input_shape: tuple[int, ...]) -> list[tuple[tuple, int]]:
    """``(output_shape, parameter_count)`` per layer of a model, found with torch modules.

    Each ``cnnlab.layers`` description becomes the torch module(s) Keras' layer
    corresponds to, built on the "meta" device (shapes only, no memory);
    explicit and "same" padding become a ``ZeroPad2d`` with the split of
    :func:`explicit_pads`. Shapes are reported channels-last without the batch
    axis, as Keras prints them. ``Dense`` is supported on flat inputs only.
    """
    torch = _torch()
    nn = torch.nn
    if len(input_shape) == 3:
        h, w, c = input_shape
        t = torch.empty((1, c, h, w), device="meta")
    else:
        t = torch.empty((1,) + tuple(input_shape), device="meta")
    rows = []
    for layer in layers:
        module = _torch_module(nn, type(layer).__name__, layer.kwargs(), t.shape)
        t = module(t)
        shape = (t.shape[2], t.shape[3], t.shape[1]) if t.dim() == 4 else tuple(t.shape[1:])
        rows.append((tuple(int(v) for v in shape), sum(p.numel() for p in module.parameters())))
    return rows


def _torch_module(nn, kind: str, args: dict, in_shape):
    """The torch module of one Keras-named layer for an ``(N, C, H, W)`` or ``(N, F)`` input."""
    def pair(v):
        return (v, v) if isinstance(v, int) else tuple(v)

    def padded(window, stride, body):
        (top, bottom), (left, right) = explicit_pads(args["padding"], tuple(in_shape[2:]),
                                                     window, stride)
        return nn.Sequential(nn.ZeroPad2d((left, right, top, bottom)), body)

    if kind == "Conv2D":
        k, s = pair(args["kernel_size"]), pair(args["strides"])
        return padded(k, s, nn.Conv2d(in_shape[1], args["filters"], k, stride=s,
                                      bias=args["use_bias"], device="meta"))
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        k = pair(args["pool_size"])
        s = k if args["strides"] is None else pair(args["strides"])
        pool = nn.MaxPool2d(k, s) if kind == "MaxPooling2D" else nn.AvgPool2d(k, s)
        return padded(k, s, pool)
    if kind == "GlobalAveragePooling2D":
        return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
    if kind == "GlobalMaxPooling2D":
        return nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten())
    if kind == "Flatten":
        return nn.Flatten()
    if kind == "Dense":
        return nn.Linear(in_shape[1], args["units"], bias=args["use_bias"], device="meta")
    if kind == "Dropout":
        return nn.Dropout(args["rate"])
    if kind == "ReLU":
        return nn.ReLU()
    raise ValueError(f"no torch module for {kind}")


# --------------------------------------------------------------------------- comparison

def assert_within_rounding(actual: np.ndarray, exact: np.ndarray, magnitude: np.ndarray,
                           n_terms: int) -> None:
    """Assert ``actual`` is ``exact`` up to the rounding of a sum of ``n_terms`` products.

    The classic bound for a floating-point sum in ``actual.dtype`` is
    ``|error| <= n * eps * sum(|terms|)``; ``magnitude`` is that sum of
    absolute values (broadcastable to ``actual``). A factor 2 covers the
    final rounding of each operand and of the result.
    """
    eps = np.finfo(actual.dtype).eps
    tolerance = 2 * (n_terms + 2) * eps * np.asarray(magnitude, np.float64) + np.finfo(
        actual.dtype).tiny
    assert actual.shape == np.shape(exact)
    if actual.size == 0:
        return
    error = np.abs(actual.astype(np.float64) - exact)
    worst = np.unravel_index(np.argmax(error - tolerance), error.shape)
    assert np.all(error <= tolerance), (
        f"off by {error[worst]:.3g} > tolerance {np.broadcast_to(tolerance, error.shape)[worst]:.3g}"
        f" at {worst}: got {actual[worst]!r}, expected {exact[worst]!r}")
