"""The convolution references (solutions/conv.py) against scipy and torch.

scipy always runs: ``correlate2d`` for one image, per-channel sums of
``correlate2d`` for multi-channel batches. torch runs when installed:
``torch.nn.functional.conv2d`` on input padded explicitly with the "same"
split written again in tests/oracles.py, so no check relies on the
reference's own padding code.
"""
from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from reference_strategies import (ALL_DTYPES, CROSS_CHECK, arrays, geometries, make_values,
                                  read_only)
from solutions.conv import conv2d, conv2d_single

LECTURE_PATCH = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])


def expected_dtype(*dtypes) -> np.dtype:
    """API.md: floats keep their dtype (numpy promotion); integer inputs give exact int64."""
    dt = np.result_type(*dtypes)
    return dt if dt.kind == "f" else np.dtype(np.int64)


def assert_matches(actual: np.ndarray, exact: np.ndarray, magnitude: np.ndarray,
                   n_terms: int, dtype: np.dtype) -> None:
    """Exact equality for integer results; float results within their rounding bound."""
    assert actual.dtype == dtype
    assert actual.shape == exact.shape
    if dtype.kind == "f":
        oracles.assert_within_rounding(actual, exact, magnitude, n_terms)
    else:
        np.testing.assert_array_equal(actual, exact)


@st.composite
def dtype_pairs(draw) -> tuple[np.dtype, np.dtype]:
    """(image dtype, kernel dtype): often equal, sometimes mixed (a uint8 image, a float kernel)."""
    first = draw(st.sampled_from(ALL_DTYPES))
    second = first if draw(st.booleans()) else draw(st.sampled_from(ALL_DTYPES))
    return first, second


@st.composite
def single_cases(draw):
    """One image ``(H, W)`` and a kernel ``(KH, KW)`` no larger than it."""
    dt_x, dt_k = draw(dtype_pairs())
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    kh, kw = draw(st.integers(1, min(h, 5))), draw(st.integers(1, min(w, 5)))
    return draw(arrays((h, w), dt_x)), draw(arrays((kh, kw), dt_k))


@st.composite
def batch_cases(draw, max_channels: int = 4, max_batch: int = 3, max_size: int = 11):
    """``(x, w, b, geometry)`` for conv2d; ``b`` is None half of the time."""
    g = draw(geometries(max_size=max_size))
    n = draw(st.integers(1, max_batch))
    c_in, c_out = draw(st.integers(1, max_channels)), draw(st.integers(1, max_channels))
    dt_x, dt_w = draw(dtype_pairs())
    x = draw(arrays((n,) + g.size + (c_in,), dt_x))
    w = draw(arrays(g.window + (c_in, c_out), dt_w))
    b = draw(arrays((c_out,), dt_w)) if draw(st.booleans()) else None
    return x, w, b, g


def check_conv2d(x, w, b, g, oracle) -> None:
    """conv2d(x, w, b, ...) against ``oracle`` (scipy_conv2d or torch_conv2d)."""
    pads = oracles.explicit_pads(g.padding, g.size, g.window, g.stride)
    out = conv2d(x, w, b, stride=g.stride_arg, padding=g.padding)
    exact = oracle(x, w, b, g.stride, pads)
    magnitude = oracle(np.abs(x.astype(np.float64)), np.abs(w.astype(np.float64)),
                       None if b is None else np.abs(b.astype(np.float64)), g.stride, pads)
    dtypes = [x.dtype, w.dtype] + ([] if b is None else [b.dtype])
    assert_matches(out, exact, magnitude, w.shape[0] * w.shape[1] * w.shape[2] + 1,
                   expected_dtype(*dtypes))


# --------------------------------------------------------------------------- lecture

def test_lecture_worked_example_is_261_not_243():
    out = conv2d_single(LECTURE_PATCH, SOBEL_X)
    assert out.shape == (1, 1)
    assert out.dtype == np.int64
    # The slide's nine products, added up again term by term.
    assert int(out[0, 0]) == int((LECTURE_PATCH * SOBEL_X).sum()) == 261
    assert int(out[0, 0]) != 243
    assert scipy.signal.correlate2d(LECTURE_PATCH, SOBEL_X, mode="valid")[0, 0] == 261


def test_lecture_worked_example_through_conv2d():
    x = LECTURE_PATCH.reshape(1, 3, 3, 1)
    w = SOBEL_X.reshape(3, 3, 1, 1)
    np.testing.assert_array_equal(conv2d(x, w), [[[[261]]]])


def test_kernel_is_not_flipped():
    # A true convolution would flip the Sobel kernel and give -261.
    flipped = SOBEL_X[::-1, ::-1]
    assert conv2d_single(LECTURE_PATCH, flipped)[0, 0] == -261


# --------------------------------------------------------------------------- conv2d_single

@CROSS_CHECK
@given(case=single_cases())
def test_conv2d_single_matches_scipy(generated_cases, case):
    generated_cases["conv2d_single vs scipy"] += 1
    image, kernel = case
    out = conv2d_single(image, kernel)
    dtype = expected_dtype(image.dtype, kernel.dtype)
    exact_type = np.int64 if dtype.kind == "i" else np.float64
    image_, kernel_ = image.astype(exact_type), kernel.astype(exact_type)
    magnitude = scipy.signal.correlate2d(np.abs(image.astype(np.float64)),
                                         np.abs(kernel.astype(np.float64)), mode="valid")
    # correlate2d and the n-dimensional direct correlate are two separate implementations.
    for exact in (scipy.signal.correlate2d(image_, kernel_, mode="valid"),
                  scipy.signal.correlate(image_, kernel_, mode="valid", method="direct")):
        assert_matches(out, exact, magnitude, kernel.size, dtype)


@pytest.mark.torch
@CROSS_CHECK
@given(case=single_cases())
def test_conv2d_single_matches_torch(generated_cases, case):
    pytest.importorskip("torch")
    generated_cases["conv2d_single vs torch"] += 1
    image, kernel = case
    out = conv2d_single(image, kernel)
    as_batch = image[None, :, :, None]
    as_bank = kernel[:, :, None, None]
    no_pads = ((0, 0), (0, 0))
    exact = oracles.torch_conv2d(as_batch, as_bank, None, (1, 1), no_pads)[0, :, :, 0]
    magnitude = oracles.torch_conv2d(np.abs(as_batch.astype(float)),
                                     np.abs(as_bank.astype(float)), None, (1, 1),
                                     no_pads)[0, :, :, 0]
    assert_matches(out, exact, magnitude, kernel.size,
                   expected_dtype(image.dtype, kernel.dtype))


# --------------------------------------------------------------------------- conv2d

@CROSS_CHECK
@given(case=batch_cases())
def test_conv2d_matches_scipy_channel_sums(generated_cases, case):
    generated_cases["conv2d vs scipy"] += 1
    check_conv2d(*case, oracles.scipy_conv2d)


@pytest.mark.torch
@CROSS_CHECK
@given(case=batch_cases())
def test_conv2d_matches_torch(generated_cases, case):
    pytest.importorskip("torch")
    generated_cases["conv2d vs torch"] += 1
    check_conv2d(*case, oracles.torch_conv2d)


@pytest.mark.torch
@settings(CROSS_CHECK, max_examples=100)
@given(case=batch_cases(max_channels=32, max_batch=2, max_size=7))
def test_conv2d_many_channels_matches_torch(generated_cases, case):
    pytest.importorskip("torch")
    generated_cases["conv2d many channels vs torch"] += 1
    check_conv2d(*case, oracles.torch_conv2d)


@pytest.mark.torch
@pytest.mark.parametrize("axis", [0, 1])
def test_conv2d_same_padding_every_size_kernel_stride(axis):
    """Every (n, k, s) with n <= 9, k <= 6 (odd and even), s <= 3, along each axis, vs torch."""
    pytest.importorskip("torch")
    for n in range(1, 10):
        for k in range(1, 7):
            for s in range(1, 4):
                size = (n, 3) if axis == 0 else (3, n)
                window = (k, 2) if axis == 0 else (2, k)
                stride = (s, 1) if axis == 0 else (1, s)
                x = make_values((2,) + size + (2,), np.float64, seed=n * 100 + k * 10 + s,
                                style="spread")
                w = make_values(window + (2, 3), np.float64, seed=k, style="spread")
                out = conv2d(x, w, stride=stride, padding="same")
                assert out.shape[1 + axis] == -(-n // s), (n, k, s)
                pads = oracles.explicit_pads("same", size, window, stride)
                exact = oracles.torch_conv2d(x, w, None, stride, pads)
                np.testing.assert_allclose(out, exact, rtol=1e-12, atol=1e-12,
                                           err_msg=f"n={n} k={k} s={s}")


def test_same_padding_puts_the_extra_row_at_the_bottom():
    # n=4, k=2, s=1: one padded row, after the image (TensorFlow), not before it.
    x = np.arange(1.0, 5.0).reshape(1, 4, 1, 1)
    w = np.ones((2, 1, 1, 1))
    np.testing.assert_array_equal(conv2d(x, w, padding="same")[0, :, 0, 0], [3, 5, 7, 4])


@settings(CROSS_CHECK, max_examples=100)
@given(case=single_cases())
def test_conv2d_with_one_channel_equals_conv2d_single(generated_cases, case):
    generated_cases["conv2d vs conv2d_single"] += 1
    image, kernel = case
    single = conv2d_single(image, kernel)
    batched = conv2d(image[None, :, :, None], kernel[:, :, None, None])
    assert batched.dtype == single.dtype
    # Summation order may differ: equal up to rounding (exactly, for integers).
    magnitude = conv2d_single(np.abs(image.astype(np.float64)), np.abs(kernel.astype(np.float64)))
    assert_matches(batched[0, :, :, 0], single.astype(np.float64), magnitude, kernel.size,
                   single.dtype)


# --------------------------------------------------------------------------- inputs unchanged

@settings(CROSS_CHECK, max_examples=50)
@given(case=single_cases())
def test_conv2d_single_does_not_modify_its_inputs(generated_cases, case):
    generated_cases["conv2d_single inputs unchanged"] += 1
    image, kernel = case
    copies = [a.copy() for a in case]
    conv2d_single(image, kernel)
    for before, after in zip(copies, case):
        np.testing.assert_array_equal(before, after)
        assert before.dtype == after.dtype
    conv2d_single(*read_only(image, kernel))  # a write would raise


@settings(CROSS_CHECK, max_examples=50)
@given(case=batch_cases())
def test_conv2d_does_not_modify_its_inputs(generated_cases, case):
    generated_cases["conv2d inputs unchanged"] += 1
    x, w, b, g = case
    arrays_ = [x, w] + ([] if b is None else [b])
    copies = [a.copy() for a in arrays_]
    conv2d(x, w, b, stride=g.stride_arg, padding=g.padding)
    for before, after in zip(copies, arrays_):
        np.testing.assert_array_equal(before, after)
        assert before.dtype == after.dtype
    frozen = read_only(*arrays_) + [None] * (b is None)
    conv2d(*frozen, stride=g.stride_arg, padding=g.padding)  # a write would raise


# --------------------------------------------------------------------------- bad arguments

X = np.zeros((1, 5, 5, 3))
W = np.zeros((3, 3, 3, 2))


@pytest.mark.parametrize("call, argument", [
    (lambda: conv2d_single(np.zeros((5, 5, 1)), np.zeros((3, 3))), "image"),
    (lambda: conv2d_single(np.zeros(5), np.zeros((3, 3))), "image"),
    (lambda: conv2d_single(np.zeros((5, 5)), np.zeros(3)), "kernel"),
    (lambda: conv2d_single(np.zeros((5, 5)), np.zeros((3, 3, 1))), "kernel"),
    (lambda: conv2d_single(np.zeros((2, 5)), np.zeros((3, 3))), "kernel"),
    (lambda: conv2d_single(np.zeros((5, 2)), np.zeros((3, 3))), "kernel"),
    (lambda: conv2d(np.zeros((5, 5, 3)), W), "x"),
    (lambda: conv2d(np.zeros((1, 1, 5, 5, 3)), W), "x"),
    (lambda: conv2d(X, np.zeros((3, 3, 3))), "w"),
    (lambda: conv2d(X, np.zeros((3, 3, 1, 2))), "channels"),
    (lambda: conv2d(X, W, b=np.zeros(3)), "b"),
    (lambda: conv2d(X, W, b=np.zeros((1, 2))), "b"),
    (lambda: conv2d(X, W, stride=0), "stride"),
    (lambda: conv2d(X, W, stride=(1, 0)), "stride"),
    (lambda: conv2d(X, W, stride=-1), "stride"),
    (lambda: conv2d(X, W, stride=(1, 2, 3)), "stride"),
    (lambda: conv2d(X, W, stride=1.5), "stride"),
    (lambda: conv2d(X, np.zeros((6, 3, 3, 2))), "kernel"),
    (lambda: conv2d(X, np.zeros((8, 3, 3, 2)), padding=1), "kernel"),
    (lambda: conv2d(X, W, padding="full"), "padding"),
    (lambda: conv2d(X, W, padding=-1), "padding"),
    (lambda: conv2d(X, W, padding=(0, -1)), "padding"),
])
def test_bad_arguments_raise_value_error_naming_them(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_mismatched_channels_message_names_both_arrays():
    with pytest.raises(ValueError, match=r"\bw\b.*\bx\b"):
        conv2d(X, np.zeros((3, 3, 1, 2)))


def test_integer_convolution_is_exact_beyond_float64():
    # (2**31 + 1) * (2**31 - 1) = 2**62 - 1 needs 62 bits: float64 would round it.
    image, kernel = np.array([[2**31 + 1]]), np.array([[2**31 - 1]])
    assert conv2d_single(image, kernel)[0, 0] == 2**62 - 1
    assert conv2d(image[None, :, :, None], kernel[:, :, None, None])[0, 0, 0, 0] == 2**62 - 1
    assert conv2d(image[None, :, :, None].astype(np.uint32),
                  kernel[:, :, None, None].astype(np.uint32))[0, 0, 0, 0] == 2**62 - 1
