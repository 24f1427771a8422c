"""The shape references (solutions/shapes.py): flatten and output-size arithmetic.

Every output-shape function is checked against the shape of the arrays that
conv2d / max_pool2d / avg_pool2d actually produce, and against the shapes torch
gives for the same window on explicitly padded input.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from reference_strategies import ALL_DTYPES, CROSS_CHECK, arrays, geometries, read_only
from solutions.conv import conv2d
from solutions.pooling import avg_pool2d, max_pool2d
from solutions.shapes import conv_output_shape, conv_output_size, flatten, pool_output_shape

# --------------------------------------------------------------------------- flatten


@st.composite
def batches(draw):
    """A batch ``(N, d1, ..., dk)`` with 1 <= k <= 4, any dtype."""
    shape = (draw(st.integers(1, 3)),) + tuple(
        draw(st.lists(st.integers(1, 5), min_size=1, max_size=4)))
    return draw(arrays(shape, draw(st.sampled_from(ALL_DTYPES))))


@CROSS_CHECK
@given(x=batches())
def test_flatten_keeps_the_batch_axis_in_row_major_order(generated_cases, x):
    generated_cases["flatten vs row-major loop"] += 1
    out = flatten(x)
    assert out.shape == (x.shape[0], int(np.prod(x.shape[1:])))
    assert out.dtype == x.dtype
    for i in range(x.shape[0]):
        np.testing.assert_array_equal(out[i], list(x[i].flat))


@pytest.mark.torch
@CROSS_CHECK
@given(x=batches())
def test_flatten_matches_torch(generated_cases, x):
    torch = pytest.importorskip("torch")
    generated_cases["flatten vs torch"] += 1
    expected = torch.flatten(torch.from_numpy(x.astype(np.float64)), start_dim=1).numpy()
    np.testing.assert_array_equal(flatten(x).astype(np.float64), expected)


def test_lecture_image_flattening_28x28_gives_784():
    img = np.arange(28 * 28).reshape(28, 28)
    out = flatten(img[None])
    assert out.shape == (1, 784)
    np.testing.assert_array_equal(out[0, 28:56], img[1])  # row after row


def test_lecture_feature_tube_5x5x40_flattens_to_1000():
    assert flatten(np.zeros((1, 5, 5, 40))).shape == (1, 1000)
    assert flatten(np.zeros((7, 5, 5, 40))).shape == (7, 1000)


@pytest.mark.parametrize("x", [np.float64(3.0), np.zeros(()), np.zeros(5)])
def test_flatten_without_a_batch_axis_raises_naming_x(x):
    with pytest.raises(ValueError, match=r"\bx\b"):
        flatten(x)


@settings(CROSS_CHECK, max_examples=50)
@given(x=batches())
def test_flatten_does_not_modify_its_input(generated_cases, x):
    generated_cases["flatten inputs unchanged"] += 1
    before = x.copy()
    flatten(x)
    np.testing.assert_array_equal(x, before)
    flatten(*read_only(x))  # a write would raise


# --------------------------------------------------------------------------- conv_output_size

SIZE_ARGS = dict(n=st.integers(1, 40), k=st.integers(1, 9), s=st.integers(1, 4),
                 p=st.integers(0, 4))


@CROSS_CHECK
@given(**SIZE_ARGS)
def test_conv_output_size_matches_conv2d(generated_cases, n, k, s, p):
    generated_cases["conv_output_size vs conv2d"] += 1
    x = np.zeros((1, n, 1, 1))
    w = np.zeros((k, 1, 1, 1))
    if n + 2 * p < k:
        with pytest.raises(ValueError, match="kernel_size"):
            conv_output_size(n, k, stride=s, padding=p)
        with pytest.raises(ValueError, match="kernel"):
            conv2d(x, w, stride=(s, 1), padding=(p, 0))
        return
    size = conv_output_size(n, k, stride=s, padding=p)
    assert type(size) is int
    assert size == (n + 2 * p - k) // s + 1  # API.md's formula
    assert size == conv2d(x, w, stride=(s, 1), padding=(p, 0)).shape[1]
    assert size == conv_output_shape((n, 1, 1), 1, (k, 1), (s, 1), (p, 0))[0]


@pytest.mark.torch
@CROSS_CHECK
@given(**SIZE_ARGS)
def test_conv_output_size_matches_torch(generated_cases, n, k, s, p):
    torch = pytest.importorskip("torch")
    generated_cases["conv_output_size vs torch"] += 1
    if n + 2 * p < k:
        with pytest.raises(RuntimeError):
            oracles.torch_output_hw((n, 1), (k, 1), (s, 1), ((p, p), (0, 0)))
        with pytest.raises(ValueError, match="kernel_size"):
            conv_output_size(n, k, stride=s, padding=p)
        return
    size = conv_output_size(n, k, stride=s, padding=p)
    assert (size, 1) == oracles.torch_output_hw((n, 1), (k, 1), (s, 1), ((p, p), (0, 0)))
    assert torch.nn.functional.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s,
                                      padding=p).shape[-1] == size


@pytest.mark.parametrize("args, argument", [
    ((0, 3), r"\bn\b"), ((-5, 3), r"\bn\b"), ((2.5, 1), r"\bn\b"), ((True, 1), r"\bn\b"),
    ((5, 0), "kernel_size"), ((5, 1.0), "kernel_size"),
    ((5, 3, 0), "stride"), ((5, 3, -2), "stride"), ((5, 3, 1.5), "stride"),
    ((5, 3, 1, -1), "padding"), ((5, 3, 1, 0.5), "padding"),
    ((2, 3), "kernel_size"), ((2, 7, 1, 2), "kernel_size"),
])
def test_conv_output_size_bad_arguments_raise_naming_them(args, argument):
    with pytest.raises(ValueError, match=argument):
        conv_output_size(*args)


# --------------------------------------------------------------------------- conv_output_shape

CONV_SHAPE_ARGS = dict(g=geometries(max_window=6, max_stride=4, max_size=16),
                       c=st.integers(1, 3), filters=st.integers(1, 5))


@CROSS_CHECK
@given(**CONV_SHAPE_ARGS)
def test_conv_output_shape_matches_conv2d(generated_cases, g, c, filters):
    generated_cases["conv_output_shape vs conv2d"] += 1
    shape = conv_output_shape(g.size + (c,), filters, g.window_arg, g.stride_arg, g.padding)
    actual = conv2d(np.zeros((1,) + g.size + (c,)), np.zeros(g.window + (c, filters)),
                    stride=g.stride_arg, padding=g.padding)
    assert shape == actual.shape[1:]
    if g.padding == "same":
        assert shape[:2] == (-(-g.size[0] // g.stride[0]), -(-g.size[1] // g.stride[1]))


@pytest.mark.torch
@CROSS_CHECK
@given(**CONV_SHAPE_ARGS)
def test_conv_output_shape_matches_torch(generated_cases, g, c, filters):
    pytest.importorskip("torch")
    generated_cases["conv_output_shape vs torch"] += 1
    shape = conv_output_shape(g.size + (c,), filters, g.window_arg, g.stride_arg, g.padding)
    pads = oracles.explicit_pads(g.padding, g.size, g.window, g.stride)
    assert shape == oracles.torch_output_hw(g.size, g.window, g.stride, pads) + (filters,)


def test_lecture_conv_28x28_4_filters_stride_1_padding_1_keeps_size():
    assert conv_output_shape((28, 28, 1), 4, 3, strides=1, padding=1) == (28, 28, 4)
    out = conv2d(np.ones((1, 28, 28, 1)), np.ones((3, 3, 1, 4)), stride=1, padding=1)
    assert out.shape == (1, 28, 28, 4)


@pytest.mark.parametrize("args, kwargs, argument", [
    (((28, 28), 4, 3), {}, "input_shape"),
    (((1, 28, 28, 1), 4, 3), {}, "input_shape"),
    (((28, 0, 1), 4, 3), {}, "input_shape"),
    (("28x28", 4, 3), {}, "input_shape"),
    (((28, 28, 1), 0, 3), {}, "filters"),
    (((28, 28, 1), 4, 0), {}, "kernel_size"),
    (((28, 28, 1), 4, (3, 3, 3)), {}, "kernel_size"),
    (((28, 28, 1), 4, 3), {"strides": 0}, "strides"),
    (((28, 28, 1), 4, 3), {"strides": (2, 0)}, "strides"),
    (((28, 28, 1), 4, 3), {"padding": "full"}, "padding"),
    (((28, 28, 1), 4, 3), {"padding": -1}, "padding"),
    (((2, 28, 1), 4, 3), {}, "kernel_size"),
    (((2, 28, 1), 4, 5), {"padding": 1}, "kernel_size"),
])
def test_conv_output_shape_bad_arguments_raise_naming_them(args, kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        conv_output_shape(*args, **kwargs)


# --------------------------------------------------------------------------- pool_output_shape

POOL_SHAPE_ARGS = dict(g=geometries(pooling=True, max_size=16), c=st.integers(1, 4))


@CROSS_CHECK
@given(**POOL_SHAPE_ARGS)
def test_pool_output_shape_matches_pooling(generated_cases, g, c):
    generated_cases["pool_output_shape vs pooling"] += 1
    shape = pool_output_shape(g.size + (c,), g.window_arg, g.stride_arg, g.padding)
    x = np.zeros((2,) + g.size + (c,))
    assert (2,) + shape == max_pool2d(x, g.window_arg, g.stride_arg, g.padding).shape
    assert (2,) + shape == avg_pool2d(x, g.window_arg, g.stride_arg, g.padding).shape


@pytest.mark.torch
@CROSS_CHECK
@given(**POOL_SHAPE_ARGS)
def test_pool_output_shape_matches_torch(generated_cases, g, c):
    pytest.importorskip("torch")
    generated_cases["pool_output_shape vs torch"] += 1
    shape = pool_output_shape(g.size + (c,), g.window_arg, g.stride_arg, g.padding)
    pads = oracles.explicit_pads(g.padding, g.size, g.window, g.stride)
    assert shape == oracles.torch_output_hw(g.size, g.window, g.stride, pads, op="pool") + (c,)


def test_pool_output_shape_defaults_follow_keras():
    assert pool_output_shape((28, 28, 4)) == (14, 14, 4)       # pool 2, strides = pool
    assert pool_output_shape((28, 28, 4), 3) == (9, 9, 4)      # strides default to 3
    assert pool_output_shape((28, 28, 4), 3, strides=1) == (26, 26, 4)
    assert pool_output_shape((5, 5, 40), 2, padding="same") == (3, 3, 40)


@pytest.mark.parametrize("args, kwargs, argument", [
    (((28, 28),), {}, "input_shape"),
    (((28, 28, 0),), {}, "input_shape"),
    (((28, 28, 4), 0), {}, "pool_size"),
    (((28, 28, 4), (2, 0)), {}, "pool_size"),
    (((28, 28, 4), 2), {"strides": 0}, "strides"),
    (((28, 28, 4), 2), {"padding": "full"}, "padding"),
    (((28, 28, 4), 2), {"padding": 2}, "padding"),
    (((28, 28, 4), 2), {"padding": (0, 3)}, "padding"),
    (((1, 28, 4), 2), {}, "pool_size"),
])
def test_pool_output_shape_bad_arguments_raise_naming_them(args, kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        pool_output_shape(*args, **kwargs)


# --------------------------------------------------------------------------- inputs unchanged

def test_shape_functions_do_not_modify_list_arguments():
    input_shape, kernel_size, strides, padding = [28, 27, 3], [3, 2], [2, 1], [1, 0]
    before = [list(a) for a in (input_shape, kernel_size, strides, padding)]
    conv_output_shape(input_shape, 4, kernel_size, strides, padding)
    pool_output_shape(input_shape, kernel_size, strides, padding)
    pool_output_shape(input_shape, kernel_size, None, "same")
    assert [input_shape, kernel_size, strides, padding] == before
