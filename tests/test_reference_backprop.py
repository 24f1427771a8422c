"""The backprop references (solutions/backprop.py) against torch autograd and finite differences.

Two independent judges, both in float64:

- torch autograd on the same forward computation (padding written out with
  ``F.pad`` in TensorFlow's split, so "same" with even kernels and stride 2 is
  covered; pooling pads with -inf for max and counts real cells for average);
- central differences of ``sum(forward(...) * dout)`` using the forward
  references, with no torch at all.

Max pooling ties are judged by a brute-force loop that applies the API's rule
(the first maximum in row-major order, padded cells never win) literally.
"""
from __future__ import annotations

import doctest
import itertools
import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import solutions.backprop
from solutions.backprop import (avg_pool2d_backward, conv2d_backward, dense_backward,
                                dense_forward, dropout_backward, max_pool2d_backward, relu,
                                relu_backward, softmax_cross_entropy)
from solutions.conv import conv2d
from solutions.pooling import avg_pool2d, max_pool2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - torch is an optional oracle
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
CASES = settings(derandomize=True, deadline=None, max_examples=40)
FEW_CASES = settings(derandomize=True, deadline=None, max_examples=20)


# --------------------------------------------------------------------------- geometry

def same_pads(n: int, k: int, s: int) -> tuple[int, int]:
    """API.md's "same": output ceil(n/s), total max((out-1)*s + k - n, 0), extra at the end."""
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def explicit_pads(padding, size, window, stride):
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        return tuple(same_pads(n, k, s) for n, k, s in zip(size, window, stride))
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    return (ph, ph), (pw, pw)


PADDINGS = st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 2),
                     st.tuples(st.integers(0, 2), st.integers(0, 2)))


@st.composite
def geometries(draw, pooling: bool = False, max_size: int = 8):
    """``(size, window, stride, padding)`` where the window fits the padded input.

    Pooling paddings are smaller than the window, as the pooling references require.
    """
    window = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = draw(PADDINGS)
    size = (draw(st.integers(1, max_size)), draw(st.integers(1, max_size)))
    pads = explicit_pads(padding, size, window, stride)
    for n, k, (p0, p1) in zip(size, window, pads):
        if n + p0 + p1 < k or (pooling and max(p0, p1) >= k):
            # Shrink to "valid" and a size the window fits rather than reject the draw.
            padding = "valid"
    if padding == "valid":
        size = (max(size[0], window[0]), max(size[1], window[1]))
    return size, window, stride, padding


def out_size(size, window, stride, padding):
    pads = explicit_pads(padding, size, window, stride)
    return tuple((n + p0 + p1 - k) // s + 1
                 for n, k, s, (p0, p1) in zip(size, window, stride, pads))


def read_only(*arrays):
    """The arrays, made unwritable: a reference that modifies an input fails loudly."""
    for a in arrays:
        a.setflags(write=False)
    return arrays


def distinct_values(rng, shape, gap: float = 0.01) -> np.ndarray:
    """Values at least ``gap`` apart (no ties), in random order, some negative."""
    n = int(np.prod(shape))
    values = (rng.permutation(n) - n / 2) * gap
    return values.reshape(shape)


# --------------------------------------------------------------------------- torch forward twins

def torch_conv(x, w, b, stride, padding):
    """``conv.conv2d`` in torch: channels-last in and out, TF padding by ``F.pad``."""
    (top, bottom), (left, right) = explicit_pads(padding, x.shape[1:3], w.shape[:2], stride)
    xc = F.pad(x.permute(0, 3, 1, 2), (left, right, top, bottom)).contiguous()
    out = F.conv2d(xc, w.permute(3, 2, 0, 1).contiguous(), b, stride=stride)
    return out.permute(0, 2, 3, 1)


def torch_max_pool(x, window, stride, padding):
    (top, bottom), (left, right) = explicit_pads(padding, x.shape[1:3], window, stride)
    xc = F.pad(x.permute(0, 3, 1, 2), (left, right, top, bottom), value=-math.inf)
    return F.max_pool2d(xc, window, stride).permute(0, 2, 3, 1)


def torch_avg_pool(x, window, stride, padding):
    """Average over real cells only: a zero-padded window sum divided by its real-cell count."""
    (top, bottom), (left, right) = explicit_pads(padding, x.shape[1:3], window, stride)
    pads = (left, right, top, bottom)
    xc = F.pad(x.permute(0, 3, 1, 2), pads)
    ones = F.pad(torch.ones((1, 1) + tuple(x.shape[1:3]), dtype=x.dtype), pads)
    total = F.avg_pool2d(xc, window, stride, divisor_override=1)
    count = F.avg_pool2d(ones, window, stride, divisor_override=1)
    return (total / count).permute(0, 2, 3, 1)


def torch_grads(forward, dout, *inputs):
    """Gradients of ``sum(forward(*inputs) * dout)`` with respect to each input (numpy in/out)."""
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in inputs]
    out = forward(*tensors)
    out.backward(torch.tensor(dout, dtype=torch.float64))
    return [t.grad.numpy() for t in tensors]


def close(actual, expected, rtol=1e-9, atol=1e-10):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


# --------------------------------------------------------------------------- conv2d_backward

@st.composite
def conv_cases(draw):
    size, window, stride, padding = draw(geometries())
    # c_out of 4 and 8 reach the few-input-channels path (4 * c_in <= c_out).
    n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.sampled_from([1, 2, 3, 4, 8]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n,) + size + (c_in,))
    w = rng.standard_normal(window + (c_in, c_out))
    dout = rng.standard_normal((n,) + out_size(size, window, stride, padding) + (c_out,))
    return x, w, dout, stride, padding


# Even kernels with stride 2 and "same": the extra padded row/column is at the bottom/right.
SAME_EVEN = [((5, 6), (2, 2), (2, 2)), ((7, 4), (4, 2), (2, 2)), ((6, 6), (4, 4), (2, 2)),
             ((3, 3), (2, 2), (1, 1))]


def conv_example(size, window, stride, padding="same", seed=0, channels=(2, 3)):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2,) + size + (channels[0],))
    w = rng.standard_normal(window + channels)
    dout = rng.standard_normal((2,) + out_size(size, window, stride, padding) + (channels[1],))
    return x, w, dout, stride, padding


@needs_torch
@pytest.mark.torch
@CASES
@given(case=conv_cases())
@example(case=conv_example(*SAME_EVEN[0]))
@example(case=conv_example(*SAME_EVEN[1]))
@example(case=conv_example(*SAME_EVEN[2]))
@example(case=conv_example((6, 5), (3, 3), (2, 1), channels=(2, 8)))  # few input channels
def test_conv2d_backward_matches_torch(generated_cases, case):
    generated_cases["conv2d_backward vs torch"] += 1
    x, w, dout, stride, padding = case
    b = np.random.default_rng(1).standard_normal(w.shape[3])
    read_only(x, w, dout)
    dx, dw, db = conv2d_backward(dout, x, w, stride=stride, padding=padding)
    tx, tw, tb = torch_grads(lambda x_, w_, b_: torch_conv(x_, w_, b_, stride, padding),
                             dout, x, w, b)
    assert (dx.shape, dw.shape, db.shape) == (x.shape, w.shape, b.shape)
    assert dx.dtype == dw.dtype == db.dtype == np.float64
    close(dx, tx)
    close(dw, tw)
    close(db, tb)


@FEW_CASES
@given(case=conv_cases())
@example(case=conv_example(*SAME_EVEN[0]))
@example(case=conv_example(*SAME_EVEN[3]))
def test_conv2d_backward_matches_finite_differences(generated_cases, case):
    generated_cases["conv2d_backward vs finite differences"] += 1
    x, w, dout, stride, padding = case
    b = np.random.default_rng(1).standard_normal(w.shape[3])
    dx, dw, db = conv2d_backward(dout, x, w, stride=stride, padding=padding)
    loss = lambda: float(np.sum(conv2d(x, w, b, stride=stride, padding=padding) * dout))  # noqa: E731
    close(dx, numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    close(dw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    close(db, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


def numeric_grad(loss, array: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of ``loss()`` with respect to every element of ``array`` (changed in place, restored)."""
    grad = np.zeros_like(array)
    flat = array.reshape(-1)
    assert np.shares_memory(flat, array)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = loss()
        flat[i] = old - h
        down = loss()
        flat[i] = old
        grad.flat[i] = (up - down) / (2 * h)
    return grad


def test_conv2d_backward_worked_example():
    """Each pixel's gradient counts the windows that read it (ones everywhere)."""
    dx, dw, db = conv2d_backward(np.ones((1, 2, 2, 1)), np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    np.testing.assert_array_equal(dw[:, :, 0, 0], [[4, 4], [4, 4]])
    np.testing.assert_array_equal(db, [4])


def test_conv2d_backward_drops_the_padded_border_and_skipped_pixels():
    """"same" pads are cut off; pixels that a stride skips get exactly zero."""
    x = np.ones((1, 5, 5, 1))
    w = np.ones((2, 2, 1, 1))
    dx, _, _ = conv2d_backward(np.ones((1, 2, 2, 1)), x, w, stride=3)   # reads rows/cols 0,1,3,4
    np.testing.assert_array_equal(dx[0, :, :, 0] == 0, np.add.outer([0, 0, 1, 0, 0], [0, 0, 1, 0, 0]) > 0)
    dx, _, _ = conv2d_backward(np.ones((1, 3, 3, 1)), x, w, stride=2, padding="same")
    assert dx.shape == x.shape                     # total padding 1, all of it bottom/right
    np.testing.assert_array_equal(dx[0, :, :, 0], np.ones((5, 5)))


def brute_force_conv_backward(dout, x, w, stride, padding):
    """The chain rule one window at a time, with the arrays' own (exact, for integers) arithmetic."""
    (top, _), (left, _) = explicit_pads(padding, x.shape[1:3], w.shape[:2], stride)
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), dout.sum(axis=(0, 1, 2))
    for n, i, j, a, b in itertools.product(range(x.shape[0]), range(dout.shape[1]),
                                           range(dout.shape[2]), range(w.shape[0]),
                                           range(w.shape[1])):
        r, q = i * stride[0] + a - top, j * stride[1] + b - left
        if 0 <= r < x.shape[1] and 0 <= q < x.shape[2]:              # padded cells hold zeros
            dx[n, r, q] += w[a, b] @ dout[n, i, j]
            dw[a, b] += np.outer(x[n, r, q], dout[n, i, j])
    return dx, dw, db


@pytest.mark.parametrize("c_in, c_out", [(1, 4), (2, 8), (3, 3)])     # both dx paths
@pytest.mark.parametrize("stride, padding", [((1, 1), "valid"), ((2, 2), "same"), ((1, 2), (2, 1))])
def test_conv2d_backward_of_integers_is_exact(c_in, c_out, stride, padding):
    """Integer inputs give int64 gradients, exactly those of the window-by-window chain rule."""
    rng = np.random.default_rng(c_in * 10 + c_out)
    x = rng.integers(-9, 10, (3, 7, 6, c_in))
    w = rng.integers(-9, 10, (3, 2, c_in, c_out))
    dout = rng.integers(-9, 10, (3,) + out_size((7, 6), (3, 2), stride, padding) + (c_out,))
    got = conv2d_backward(dout, x, w.astype(np.int32), stride=stride, padding=padding)
    for array, want in zip(got, brute_force_conv_backward(dout, x, w, stride, padding)):
        assert array.dtype == np.int64
        np.testing.assert_array_equal(array, want)


# --------------------------------------------------------------------------- pooling

@st.composite
def pool_cases(draw, distinct: bool = True):
    size, window, stride, padding = draw(geometries(pooling=True))
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (n,) + size + (c,)
    x = distinct_values(rng, shape) if distinct else rng.integers(-1, 2, shape).astype(float)
    dout = rng.standard_normal((n,) + out_size(size, window, stride, padding) + (c,))
    return x, dout, window, stride, padding


def pool_example(size, window, stride, padding, seed=0):
    rng = np.random.default_rng(seed)
    x = distinct_values(rng, (1,) + size + (2,))
    dout = rng.standard_normal((1,) + out_size(size, window, stride, padding) + (2,))
    return x, dout, window, stride, padding


@needs_torch
@pytest.mark.torch
@CASES
@given(case=pool_cases())
@example(case=pool_example((5, 6), (2, 2), (2, 2), "same"))
@example(case=pool_example((7, 7), (3, 3), (1, 1), "same"))       # overlapping windows
def test_max_pool2d_backward_matches_torch(generated_cases, case):
    generated_cases["max_pool2d_backward vs torch"] += 1
    x, dout, window, stride, padding = case
    read_only(x, dout)
    dx = max_pool2d_backward(dout, x, pool_size=window, stride=stride, padding=padding)
    (tx,) = torch_grads(lambda x_: torch_max_pool(x_, window, stride, padding), dout, x)
    assert dx.shape == x.shape and dx.dtype == np.float64
    close(dx, tx)


@needs_torch
@pytest.mark.torch
@CASES
@given(case=pool_cases(distinct=False))
@example(case=pool_example((5, 6), (2, 2), (2, 2), "same"))
@example(case=pool_example((4, 4), (3, 3), (1, 1), 1))
def test_avg_pool2d_backward_matches_torch(generated_cases, case):
    generated_cases["avg_pool2d_backward vs torch"] += 1
    x, dout, window, stride, padding = case
    read_only(x, dout)
    dx = avg_pool2d_backward(dout, x.shape, pool_size=window, stride=stride, padding=padding)
    (tx,) = torch_grads(lambda x_: torch_avg_pool(x_, window, stride, padding), dout, x)
    assert dx.shape == x.shape and dx.dtype == np.float64
    close(dx, tx)


@FEW_CASES
@given(case=pool_cases())
def test_pool_backward_matches_finite_differences(generated_cases, case):
    """Distinct values 0.01 apart: a 1e-6 step never changes which cell is the maximum."""
    generated_cases["pool backward vs finite differences"] += 1
    x, dout, window, stride, padding = case
    x = x.copy()
    kw = dict(pool_size=window, stride=stride, padding=padding)
    max_loss = lambda: float(np.sum(max_pool2d(x, **kw) * dout))    # noqa: E731
    avg_loss = lambda: float(np.sum(avg_pool2d(x, **kw) * dout))    # noqa: E731
    close(max_pool2d_backward(dout, x, **kw), numeric_grad(max_loss, x), rtol=1e-6, atol=1e-7)
    close(avg_pool2d_backward(dout, x.shape, **kw), numeric_grad(avg_loss, x),
          rtol=1e-6, atol=1e-7)


def brute_force_max_pool_backward(dout, x, window, stride, padding):
    """API.md's rule, one window at a time: the first maximal real cell in row-major order."""
    (top, _), (left, _) = explicit_pads(padding, x.shape[1:3], window, stride)
    n_, h, w, c_ = x.shape
    dx = np.zeros(x.shape)
    for n, i, j, c in itertools.product(range(n_), range(dout.shape[1]), range(dout.shape[2]),
                                        range(c_)):
        best = None
        for a, b in itertools.product(range(window[0]), range(window[1])):
            r, q = i * stride[0] + a - top, j * stride[1] + b - left
            if 0 <= r < h and 0 <= q < w and (best is None or x[n, r, q, c] > x[n, best[0], best[1], c]):
                best = (r, q)
        dx[n, best[0], best[1], c] += dout[n, i, j, c]
    return dx


@CASES
@given(case=pool_cases(distinct=False), fill=st.sampled_from([None, -np.inf, -1.0]))
@example(case=pool_example((3, 3), (2, 2), (1, 1), "valid"), fill=0.0)
@example(case=pool_example((3, 3), (3, 3), (2, 2), "same"), fill=-np.inf)
def test_max_pool2d_backward_ties_go_to_the_first_maximum(generated_cases, case, fill):
    """Values from {-1, 0, 1} (many ties), or all equal; padded cells never win, even over -inf."""
    generated_cases["max_pool2d_backward ties vs brute force"] += 1
    x, dout, window, stride, padding = case
    if fill is not None:
        x = np.full_like(x, fill)
    dx = max_pool2d_backward(dout, x, pool_size=window, stride=stride, padding=padding)
    np.testing.assert_allclose(dx, brute_force_max_pool_backward(dout, x, window, stride, padding),
                               rtol=1e-12, atol=0)


@pytest.mark.parametrize("cache_bytes", [1, 3 * 6 * 5 * 2 * 8, 1 << 30])   # 1, 3, all images
@pytest.mark.parametrize("window, stride, padding", [((2, 2), (2, 2), "valid"),
                                                     ((3, 3), (2, 2), "same"),
                                                     ((2, 2), (1, 1), 1)])
def test_max_pool2d_backward_in_batch_slices(monkeypatch, cache_bytes, window, stride, padding):
    """The batch is routed a few images at a time: slices of 1 or 3 of 7 images, or all at once."""
    monkeypatch.setattr(solutions.backprop, "_CACHE_BYTES", cache_bytes)
    rng = np.random.default_rng(7)
    x = rng.integers(-1, 2, (7, 6, 5, 2)).astype(float)                  # many ties
    dout = rng.standard_normal((7,) + out_size((6, 5), window, stride, padding) + (2,))
    dx = max_pool2d_backward(dout, x, pool_size=window, stride=stride, padding=padding)
    np.testing.assert_allclose(dx, brute_force_max_pool_backward(dout, x, window, stride, padding),
                               rtol=1e-12, atol=0)


def test_backward_passes_of_an_empty_batch():
    x = np.zeros((0, 4, 4, 3))
    assert max_pool2d_backward(np.zeros((0, 2, 2, 3)), x).shape == x.shape
    dx, dw, db = conv2d_backward(np.zeros((0, 2, 2, 16)), x, np.ones((3, 3, 3, 16)))
    assert dx.shape == x.shape and not dw.any() and not db.any()
    dx, dw, db = conv2d_backward(np.zeros((0, 4, 4, 2)), x, np.ones((3, 3, 3, 2)), padding="same")
    assert dx.shape == x.shape and dw.shape == (3, 3, 3, 2) and db.shape == (2,)


def test_max_pool2d_backward_overlapping_windows_add_up():
    x = np.array([[0., 0., 0.], [0., 9., 0.], [0., 0., 0.]]).reshape(1, 3, 3, 1)
    dx = max_pool2d_backward(np.ones((1, 2, 2, 1)), x, pool_size=2, stride=1)
    assert dx[0, 1, 1, 0] == 4 and dx.sum() == 4


def test_avg_pool2d_backward_same_counts_real_cells_only():
    """5 wide, window 2, stride 2, "same": the last window holds one real cell and one pad."""
    dx = avg_pool2d_backward(np.ones((1, 1, 3, 1)), (1, 1, 5, 1), pool_size=(1, 2), padding="same")
    np.testing.assert_allclose(dx[0, 0, :, 0], [0.5, 0.5, 0.5, 0.5, 1.0])


# --------------------------------------------------------------------------- dense, relu, dropout

@st.composite
def dense_cases(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    lead = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    n_in, units = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return (rng.standard_normal(lead + (n_in,)), rng.standard_normal((n_in, units)),
            rng.standard_normal(units), rng.standard_normal(lead + (units,)))


@needs_torch
@pytest.mark.torch
@CASES
@given(case=dense_cases())
def test_dense_backward_matches_torch(generated_cases, case):
    generated_cases["dense_backward vs torch"] += 1
    x, w, b, dout = read_only(*case)
    close(dense_forward(x, w, b), x @ w + b)
    dx, dw, db = dense_backward(dout, x, w)
    tx, tw, tb = torch_grads(lambda x_, w_, b_: F.linear(x_, w_.T, b_), dout, x, w, b)
    close(dx, tx)
    close(dw, tw)
    close(db, tb)


@FEW_CASES
@given(case=dense_cases())
def test_dense_backward_matches_finite_differences(generated_cases, case):
    generated_cases["dense_backward vs finite differences"] += 1
    x, w, b, dout = (a.copy() for a in case)
    loss = lambda: float(np.sum(dense_forward(x, w, b) * dout))    # noqa: E731
    dx, dw, db = dense_backward(dout, x, w)
    for grad, wrt in ((dx, x), (dw, w), (db, b)):
        close(grad, numeric_grad(loss, wrt), rtol=1e-6, atol=1e-7)


@needs_torch
@pytest.mark.torch
@CASES
@given(seed=st.integers(0, 2**32 - 1), rate=st.sampled_from([0.0, 0.25, 0.5, 0.9]))
def test_relu_and_dropout_backward_match_torch(generated_cases, seed, rate):
    generated_cases["relu/dropout backward vs torch"] += 1
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, 4, 5))
    x[0, 0, :2] = 0.0                                  # the kink: gradient 0, as torch has it
    dout = rng.standard_normal(x.shape)
    keep = rng.random(x.shape) >= rate
    read_only(x, dout, keep)
    close(relu(x), np.maximum(x, 0))
    (tx,) = torch_grads(F.relu, dout, x)
    close(relu_backward(dout, x), tx)
    mask = torch.tensor(keep)
    (tx,) = torch_grads(lambda x_: x_ * mask / (1 - rate), dout, x)
    close(dropout_backward(dout, keep, rate), tx)


def test_relu_and_dropout_backward_match_finite_differences():
    rng = np.random.default_rng(0)
    x = distinct_values(rng, (2, 3, 4), gap=0.1) + 0.05     # no element within 0.05 of the kink
    dout = rng.standard_normal(x.shape)
    keep = rng.random(x.shape) >= 0.3
    close(relu_backward(dout, x), numeric_grad(lambda: float(np.sum(relu(x) * dout)), x),
          rtol=1e-6, atol=1e-7)
    dropped = lambda: float(np.sum(x * keep / (1 - 0.3) * dout))    # noqa: E731
    close(dropout_backward(dout, keep, 0.3), numeric_grad(dropped, x), rtol=1e-6, atol=1e-7)


# --------------------------------------------------------------------------- softmax cross-entropy

@st.composite
def logit_cases(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n, k = draw(st.integers(1, 6)), draw(st.integers(1, 7))
    scale = draw(st.sampled_from([1.0, 30.0, 1e4]))          # 1e4 overflows a naive exp
    shift = draw(st.sampled_from([0.0, -1e3, 1e3]))
    return rng.standard_normal((n, k)) * scale + shift, rng.integers(0, k, n)


@needs_torch
@pytest.mark.torch
@CASES
@given(case=logit_cases())
def test_softmax_cross_entropy_matches_torch(generated_cases, case):
    generated_cases["softmax_cross_entropy vs torch"] += 1
    logits, labels = read_only(*case)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    t = torch.tensor(logits, requires_grad=True)
    expected = F.cross_entropy(t, torch.tensor(labels))
    expected.backward()
    assert isinstance(loss, float) and math.isfinite(loss)
    assert np.isfinite(dlogits).all()
    assert loss == pytest.approx(expected.item(), rel=1e-9, abs=1e-12)
    close(dlogits, t.grad.numpy())


@FEW_CASES
@given(case=logit_cases())
def test_softmax_cross_entropy_matches_finite_differences(generated_cases, case):
    generated_cases["softmax_cross_entropy vs finite differences"] += 1
    logits, labels = case
    logits = logits / np.maximum(1.0, np.abs(logits).max() / 10)  # moderate: a smooth region
    _, dlogits = softmax_cross_entropy(logits, labels)
    numeric = numeric_grad(lambda: softmax_cross_entropy(logits, labels)[0], logits, h=1e-5)
    close(dlogits, numeric, rtol=1e-5, atol=1e-8)


def test_softmax_cross_entropy_worked_example():
    loss, dlogits = softmax_cross_entropy(np.zeros((1, 4)), np.array([2]))
    assert loss == pytest.approx(math.log(4))
    np.testing.assert_allclose(dlogits, [[0.25, 0.25, -0.75, 0.25]])


# --------------------------------------------------------------------------- dtypes, errors, docs

def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 6, 6, 3)).astype(np.float32)
    w = rng.standard_normal((3, 3, 3, 4)).astype(np.float32)
    dout = rng.standard_normal((2, 3, 3, 4)).astype(np.float32)
    assert all(g.dtype == np.float32 for g in conv2d_backward(dout, x, w, 2, "same"))
    pooled = rng.standard_normal((2, 3, 3, 3)).astype(np.float32)
    assert max_pool2d_backward(pooled, x).dtype == np.float32
    assert avg_pool2d_backward(pooled, x.shape).dtype == np.float32
    assert relu(x).dtype == relu_backward(x, x).dtype == np.float32
    assert dropout_backward(x, x > 0, 0.5).dtype == np.float32
    d2 = rng.standard_normal((2, 5)).astype(np.float32)
    w2 = rng.standard_normal((5, 3)).astype(np.float32)
    assert dense_forward(d2, w2, np.zeros(3, np.float32)).dtype == np.float32
    assert all(g.dtype == np.float32 for g in dense_backward(d2 @ w2, d2, w2))
    assert softmax_cross_entropy(d2, np.array([0, 4]))[1].dtype == np.float32


X, W = np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 2, 4))
BAD_CALLS = {
    "conv dout shape": (lambda: conv2d_backward(np.zeros((1, 3, 3, 3)), X, W), "dout"),
    "conv channels": (lambda: conv2d_backward(np.zeros((1, 3, 3, 4)), X, np.zeros((3, 3, 1, 4))), "w"),
    "conv x ndim": (lambda: conv2d_backward(np.zeros((3, 3, 4)), X[0], W), "x"),
    "conv stride": (lambda: conv2d_backward(np.zeros((1, 3, 3, 4)), X, W, stride=0), "stride"),
    "conv kernel too big": (lambda: conv2d_backward(np.zeros((1, 1, 1, 4)), X, np.zeros((7, 7, 2, 4))), "kernel"),
    "conv padding": (lambda: conv2d_backward(np.zeros((1, 3, 3, 4)), X, W, padding="full"), "padding"),
    "max dout shape": (lambda: max_pool2d_backward(np.zeros((1, 3, 3, 2)), X), "dout"),
    "max pool size": (lambda: max_pool2d_backward(np.zeros((1, 2, 2, 2)), X, pool_size=0), "pool_size"),
    "max padding too big": (lambda: max_pool2d_backward(np.zeros((1, 4, 4, 2)), X, 2, 2, 2), "padding"),
    "avg x_shape": (lambda: avg_pool2d_backward(np.zeros((1, 2, 2, 2)), (5, 5, 2)), "x_shape"),
    "avg dout shape": (lambda: avg_pool2d_backward(np.zeros((1, 2, 2, 3)), X.shape), "dout"),
    "dropout rate": (lambda: dropout_backward(np.zeros(3), np.ones(3, bool), 1.0), "rate"),
    "dropout mask": (lambda: dropout_backward(np.zeros(3), np.ones(4, bool), 0.5), "keep_mask"),
    "relu shapes": (lambda: relu_backward(np.zeros(3), np.zeros(4)), "dout"),
    "dense w": (lambda: dense_backward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((5, 3))), "w"),
    "dense dout": (lambda: dense_backward(np.zeros((2, 2)), np.zeros((2, 4)), np.zeros((4, 3))), "dout"),
    "dense b": (lambda: dense_forward(np.zeros((2, 4)), np.zeros((4, 3)), np.zeros(2)), "b"),
    "labels range": (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])), "labels"),
    "labels dtype": (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0])), "labels"),
    "logits ndim": (lambda: softmax_cross_entropy(np.zeros(3), np.array([0])), "logits"),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_arguments_raise_value_error_naming_them(name):
    call, argument = BAD_CALLS[name]
    with pytest.raises(ValueError, match=argument):
        call()


def test_docstring_examples_run():
    result = doctest.testmod(solutions.backprop, extraglobs={"np": np})
    assert result.attempted >= 8 and result.failed == 0
