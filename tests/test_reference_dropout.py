"""The dropout reference (solutions/dropout.py): the properties API.md promises.

How the mask is drawn is free (API.md), so nothing here fixes a random stream:
only determinism per seed, the mask's type and shape, the inverted-dropout
formula, the test-time identity and the keep rate (with a Hoeffding bound).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from reference_strategies import ALL_DTYPES, CROSS_CHECK, arrays, read_only
from solutions.dropout import dropout

SEEDS = st.integers(0, 2**63 - 1)
RATES = st.floats(0.0, 0.99)


@st.composite
def inputs(draw, max_ndim: int = 4):
    """Any-shape array (0-D included) of any dtype."""
    shape = tuple(draw(st.lists(st.integers(1, 6), max_size=max_ndim)))
    return draw(arrays(shape, draw(st.sampled_from(ALL_DTYPES))))


def expected_dtype(dtype: np.dtype) -> np.dtype:
    """API.md: floats keep their dtype, integers give float64."""
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


@CROSS_CHECK
@given(x=inputs(), rate=RATES, seed=SEEDS)
def test_same_seed_gives_the_same_mask_and_output(generated_cases, x, rate, seed):
    generated_cases["dropout same seed"] += 1
    out1, mask1 = dropout(x, rate, rng=np.random.default_rng(seed))
    out2, mask2 = dropout(x, rate, rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(mask1, mask2)
    np.testing.assert_array_equal(out1, out2)


@CROSS_CHECK
@given(x=inputs(), rate=RATES, seed=SEEDS)
def test_inverted_dropout_formula_mask_and_dtype(generated_cases, x, rate, seed):
    generated_cases["dropout formula"] += 1
    out, mask = dropout(x, rate, rng=np.random.default_rng(seed))
    assert isinstance(mask, np.ndarray) and mask.dtype == np.bool_
    assert mask.shape == x.shape
    assert isinstance(out, np.ndarray) and out.shape == x.shape
    assert out.dtype == expected_dtype(x.dtype)
    exact = x.astype(np.float64) * mask / (1 - rate)
    oracles.assert_within_rounding(out, exact, np.abs(exact), 1)
    assert np.all(out[~mask] == 0)


@CROSS_CHECK
@given(x=inputs(), rate=RATES, seed=SEEDS)
def test_not_training_returns_x_and_an_all_true_mask(generated_cases, x, rate, seed):
    generated_cases["dropout not training"] += 1
    out, mask = dropout(x, rate, training=False, rng=np.random.default_rng(seed))
    assert mask.dtype == np.bool_ and mask.shape == x.shape and mask.all()
    assert out.dtype == expected_dtype(x.dtype)
    np.testing.assert_array_equal(out, x)


@CROSS_CHECK
@given(x=inputs(), seed=SEEDS)
def test_rate_zero_is_the_identity(generated_cases, x, seed):
    generated_cases["dropout rate 0"] += 1
    out, mask = dropout(x, 0.0, rng=np.random.default_rng(seed))
    assert mask.all()
    assert out.dtype == expected_dtype(x.dtype)
    np.testing.assert_array_equal(out, x)


# Hoeffding: the kept fraction of n independent elements, each kept with probability
# 1 - rate, strays more than t from 1 - rate with probability <= 2 exp(-2 n t^2).
# Each run makes KEEP_RATE_CHECKS such comparisons; the union bound keeps a correct
# implementation's chance of failing the whole test below FAILURE_PROBABILITY.
KEEP_RATE_EXAMPLES = 200
QUARTERS = 4
KEEP_RATE_CHECKS = KEEP_RATE_EXAMPLES * (1 + QUARTERS)
FAILURE_PROBABILITY = 1e-9
N_ELEMENTS = 100_000


def hoeffding_margin(n: int) -> float:
    """Deviation ``t`` of a mean of ``n`` Bernoulli draws exceeded with small probability."""
    delta = FAILURE_PROBABILITY / KEEP_RATE_CHECKS
    return math.sqrt(math.log(2 / delta) / (2 * n))


@settings(CROSS_CHECK, max_examples=KEEP_RATE_EXAMPLES)
@given(rate=RATES, seed=SEEDS, shape=st.sampled_from([(N_ELEMENTS,), (100, 1000),
                                                       (10, 50, 50, 4)]))
def test_keep_rate_is_one_minus_rate(generated_cases, rate, seed, shape):
    generated_cases["dropout keep rate"] += 1
    _, mask = dropout(np.ones(shape), rate, rng=np.random.default_rng(seed))
    flat = mask.ravel()
    assert abs(flat.mean() - (1 - rate)) <= hoeffding_margin(flat.size)
    # Every quarter too: a mask that keeps one block of the array would fail here.
    for part in np.array_split(flat, QUARTERS):
        assert abs(part.mean() - (1 - rate)) <= hoeffding_margin(part.size)


def test_hoeffding_margin_is_tight_enough_to_fail_a_wrong_rate():
    # Keeping with probability 1 - rate +- 0.05 must fall outside the bound.
    assert hoeffding_margin(N_ELEMENTS // QUARTERS) < 0.05


@settings(CROSS_CHECK, max_examples=100)
@given(rate=st.floats(0.05, 0.95), seeds=st.lists(SEEDS, min_size=2, max_size=2, unique=True))
def test_different_seeds_give_different_masks(generated_cases, rate, seeds):
    # Two independent masks of 1000 elements agree everywhere with probability
    # (p^2 + (1-p)^2)^1000 < 1e-40 for 0.05 <= p <= 0.95.
    generated_cases["dropout different seeds"] += 1
    masks = [dropout(np.ones(1000), rate, rng=np.random.default_rng(s))[1] for s in seeds]
    assert not np.array_equal(*masks)


def test_rng_none_uses_a_fresh_generator():
    x = np.ones((50, 50), np.float32)
    out, mask = dropout(x, 0.5)
    assert out.dtype == np.float32 and mask.shape == x.shape
    np.testing.assert_array_equal(out, np.where(mask, np.float32(2), np.float32(0)))
    assert 0 < mask.sum() < mask.size


def test_float32_stays_float32():
    x = np.linspace(-1, 1, 64, dtype=np.float32).reshape(8, 8)
    for training in (True, False):
        out, _ = dropout(x, 0.3, training=training, rng=np.random.default_rng(1))
        assert out.dtype == np.float32


@settings(CROSS_CHECK, max_examples=50)
@given(x=inputs(), rate=RATES, seed=SEEDS, training=st.booleans())
def test_dropout_does_not_modify_its_input(generated_cases, x, rate, seed, training):
    generated_cases["dropout inputs unchanged"] += 1
    before = x.copy()
    dropout(x, rate, training=training, rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(x, before)
    assert x.dtype == before.dtype
    dropout(*read_only(x), rate, training=training, rng=np.random.default_rng(seed))


@pytest.mark.parametrize("rate", [1.0, 1.5, -0.1, -1e-12, float("nan"), float("inf"), True,
                                  False, "0.5", None, np.array([0.5])])
@pytest.mark.parametrize("training", [True, False])
def test_rate_outside_0_1_raises_naming_rate(rate, training):
    with pytest.raises(ValueError, match="rate"):
        dropout(np.ones(4), rate, training=training)
