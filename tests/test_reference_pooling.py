"""The pooling references (solutions/pooling.py) against scipy, a loop and torch.

Padded cells never count (TensorFlow's rule, API.md). The oracles make that
explicit: max over input padded with -inf; average as a sum over zero-padded
input divided by a count over a ones mask padded with zeros.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from reference_strategies import (ALL_DTYPES, CROSS_CHECK, VALUE_STYLES, arrays, geometries,
                                  read_only)
from solutions.pooling import avg_pool2d, global_avg_pool2d, global_max_pool2d, max_pool2d

POOLS = {"max": max_pool2d, "avg": avg_pool2d}


def expected_dtype(kind: str, dtype: np.dtype) -> np.dtype:
    """API.md: max keeps the dtype; an average of integers is float64, floats keep theirs."""
    if kind == "max" or dtype.kind == "f":
        return dtype
    return np.dtype(np.float64)


@st.composite
def pool_cases(draw, max_channels: int = 5):
    """``(x, geometry)``: a batch of images and a pooling window that fits it."""
    g = draw(geometries(pooling=True))
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, max_channels))
    dtype = draw(st.sampled_from(ALL_DTYPES))
    return draw(arrays((n,) + g.size + (c,), dtype, styles=VALUE_STYLES)), g


def check_pool(kind: str, x: np.ndarray, g, oracle) -> None:
    """``max_pool2d``/``avg_pool2d`` against a float64 ``oracle(x, window, stride, pads)``."""
    pads = oracles.explicit_pads(g.padding, g.size, g.window, g.stride)
    out = POOLS[kind](x, pool_size=g.window_arg, stride=g.stride_arg, padding=g.padding)
    exact = oracle(x, g.window, g.stride, pads)
    assert out.dtype == expected_dtype(kind, x.dtype)
    assert out.shape == exact.shape
    if kind == "max":
        # The maximum is one of the inputs: equal exactly (float64 rounds monotonically).
        np.testing.assert_array_equal(out.astype(np.float64), exact)
    else:
        magnitude = oracle(np.abs(x.astype(np.float64)), g.window, g.stride, pads)
        oracles.assert_within_rounding(out, exact, magnitude, g.window[0] * g.window[1])


@pytest.mark.parametrize("kind", ["max", "avg"])
@CROSS_CHECK
@given(case=pool_cases())
def test_pool_matches_scipy_ndimage(generated_cases, kind, case):
    generated_cases[f"{kind}_pool2d vs scipy.ndimage"] += 1
    oracle = oracles.scipy_max_pool if kind == "max" else oracles.scipy_avg_pool
    check_pool(kind, *case, oracle)


@pytest.mark.parametrize("kind", ["max", "avg"])
@settings(CROSS_CHECK, max_examples=150)
@given(case=pool_cases(max_channels=3))
def test_pool_matches_loop(generated_cases, kind, case):
    generated_cases[f"{kind}_pool2d vs loop"] += 1
    reduce = {"max": lambda block: block.max(axis=(0, 1)),
              "avg": lambda block: block.mean(axis=(0, 1))}[kind]
    check_pool(kind, *case, lambda x, window, stride, pads:
               oracles.loop_pool(x, window, stride, pads, reduce))


@pytest.mark.torch
@pytest.mark.parametrize("kind", ["max", "avg"])
@CROSS_CHECK
@given(case=pool_cases())
def test_pool_matches_torch(generated_cases, kind, case):
    pytest.importorskip("torch")
    generated_cases[f"{kind}_pool2d vs torch"] += 1
    oracle = oracles.torch_max_pool if kind == "max" else oracles.torch_avg_pool
    check_pool(kind, *case, oracle)


def test_same_max_pool_ignores_padding_of_negative_images():
    # Zero padding would make every border maximum 0; TensorFlow keeps -1.
    x = -np.ones((1, 3, 3, 1))
    np.testing.assert_array_equal(max_pool2d(x, 2, padding="same"), -np.ones((1, 2, 2, 1)))


def test_same_avg_pool_divides_by_real_cells_only():
    # 3x3 of ones, pool 2, "same": corner windows hold 1, 2 or 4 real cells, all ones.
    out = avg_pool2d(np.ones((1, 3, 3, 1)), 2, padding="same")
    np.testing.assert_array_equal(out, np.ones((1, 2, 2, 1)))
    x = np.arange(9.0).reshape(1, 3, 3, 1)
    # Bottom-right window is the single real cell 8; bottom-left averages 6 and 7.
    np.testing.assert_array_equal(avg_pool2d(x, 2, padding="same")[0, :, :, 0],
                                  [[2.0, 3.5], [6.5, 8.0]])


def test_lecture_pooling_keeps_depth_halves_size():
    x = np.random.default_rng(0).standard_normal((2, 28, 28, 4))
    assert max_pool2d(x).shape == (2, 14, 14, 4)
    assert avg_pool2d(x).shape == (2, 14, 14, 4)


# --------------------------------------------------------------------------- global pools

@st.composite
def image_batches(draw):
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 9)), draw(st.integers(1, 9)),
             draw(st.integers(1, 16)))
    return draw(arrays(shape, draw(st.sampled_from(ALL_DTYPES)), styles=VALUE_STYLES))


@CROSS_CHECK
@given(x=image_batches())
def test_global_pools_match_loops(generated_cases, x):
    generated_cases["global pools vs loop"] += 1
    n, h, w, c = x.shape
    exact_max = np.array([[x[i, :, :, k].max() for k in range(c)] for i in range(n)])
    exact_sum = np.array([[math.fsum(float(v) for v in x[i, :, :, k].ravel()) for k in range(c)]
                          for i in range(n)])
    gmax, gavg = global_max_pool2d(x), global_avg_pool2d(x)
    assert gmax.shape == gavg.shape == (n, c)
    assert gmax.dtype == x.dtype
    assert gavg.dtype == expected_dtype("avg", x.dtype)
    np.testing.assert_array_equal(gmax, exact_max)
    magnitude = np.abs(x.astype(np.float64)).mean(axis=(1, 2))
    oracles.assert_within_rounding(gavg, exact_sum / (h * w), magnitude, h * w)


@pytest.mark.torch
@CROSS_CHECK
@given(x=image_batches())
def test_global_pools_match_torch(generated_cases, x):
    torch = pytest.importorskip("torch")
    generated_cases["global pools vs torch"] += 1
    t = oracles.to_nchw(x)
    exact_max = torch.nn.functional.adaptive_max_pool2d(t, 1)[:, :, 0, 0].numpy()
    exact_avg = torch.nn.functional.adaptive_avg_pool2d(t, 1)[:, :, 0, 0].numpy()
    np.testing.assert_array_equal(global_max_pool2d(x).astype(np.float64), exact_max)
    magnitude = np.abs(x.astype(np.float64)).mean(axis=(1, 2))
    oracles.assert_within_rounding(global_avg_pool2d(x), exact_avg, magnitude,
                                   x.shape[1] * x.shape[2])


@settings(CROSS_CHECK, max_examples=100)
@given(x=image_batches())
def test_global_pools_equal_pooling_with_the_whole_image(generated_cases, x):
    generated_cases["global pools vs whole-image window"] += 1
    whole = x.shape[1:3]
    np.testing.assert_array_equal(global_max_pool2d(x), max_pool2d(x, whole)[:, 0, 0])
    magnitude = np.abs(x.astype(np.float64)).mean(axis=(1, 2))
    oracles.assert_within_rounding(global_avg_pool2d(x),
                                   avg_pool2d(x, whole)[:, 0, 0].astype(np.float64),
                                   magnitude, x.shape[1] * x.shape[2])


# --------------------------------------------------------------------------- inputs unchanged

@pytest.mark.parametrize("function", [max_pool2d, avg_pool2d])
@settings(CROSS_CHECK, max_examples=50)
@given(case=pool_cases())
def test_pooling_does_not_modify_its_input(generated_cases, function, case):
    generated_cases[f"{function.__name__} inputs unchanged"] += 1
    x, g = case
    before = x.copy()
    function(x, g.window_arg, g.stride_arg, g.padding)
    np.testing.assert_array_equal(x, before)
    function(*read_only(x), g.window_arg, g.stride_arg, g.padding)  # a write would raise


@pytest.mark.parametrize("function", [global_max_pool2d, global_avg_pool2d])
@settings(CROSS_CHECK, max_examples=50)
@given(x=image_batches())
def test_global_pooling_does_not_modify_its_input(generated_cases, function, x):
    generated_cases[f"{function.__name__} inputs unchanged"] += 1
    before = x.copy()
    function(x)
    np.testing.assert_array_equal(x, before)
    function(*read_only(x))  # a write would raise


# --------------------------------------------------------------------------- bad arguments

X = np.zeros((1, 4, 4, 2))


@pytest.mark.parametrize("pool", [max_pool2d, avg_pool2d])
@pytest.mark.parametrize("kwargs, argument", [
    (dict(x=np.zeros((4, 4, 2))), "x"),
    (dict(x=np.zeros((1, 1, 4, 4, 2))), "x"),
    (dict(pool_size=0), "pool_size"),
    (dict(pool_size=(2, 0)), "pool_size"),
    (dict(pool_size=2.0), "pool_size"),
    (dict(stride=0), "stride"),
    (dict(stride=(1, -1)), "stride"),
    (dict(pool_size=5), "pool_size"),
    (dict(pool_size=(1, 5)), "pool_size"),
    (dict(pool_size=2, padding=2), "padding"),
    (dict(pool_size=2, padding=(0, 3)), "padding"),
    (dict(pool_size=3, padding=-1), "padding"),
    (dict(padding="full"), "padding"),
])
def test_bad_arguments_raise_value_error_naming_them(pool, kwargs, argument):
    kwargs = {"x": X, **kwargs}
    with pytest.raises(ValueError, match=argument):
        pool(**kwargs)


@pytest.mark.parametrize("pool", [global_max_pool2d, global_avg_pool2d])
@pytest.mark.parametrize("shape", [(4, 4, 2), (4, 4), (1, 1, 4, 4, 2)])
def test_global_pool_wrong_ndim_names_x(pool, shape):
    with pytest.raises(ValueError, match=r"\bx\b"):
        pool(np.zeros(shape))
