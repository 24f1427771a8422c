"""Grading spec for ``dropout.py`` (lecture 3.5), by properties only.

API.md leaves the way a mask is drawn from ``rng`` to the student, so no judge
compares with one particular random stream: every correct implementation gets
full marks. Statistical judges use Hoeffding bounds at ``FALSE_ALARM = 1e-9``.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ..judges import call_student, inputs_unchanged, rejects_only_bad_arguments
from ..compare import assert_matches
from ..sandbox import RNG
from ..spec import Case, Concept, FunctionSpec, Hint, Mismatch
from ..strategies import FLOAT64, arrays, dtypes

ARGS = ("x", "rate")
FALSE_ALARM = 1e-9
RATES = st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9])


def hoeffding_margin(n: int, false_alarm: float = FALSE_ALARM) -> float:
    """Deviation of a mean of ``n`` independent [0, 1] values exceeded with probability < ``false_alarm``."""
    return math.sqrt(math.log(2 / false_alarm) / (2 * n))


@st.composite
def dropout_cases(draw, *, dtype=st.just(FLOAT64), training=st.just(None), rates=RATES,
                  max_side: int = 5):
    """Cases for ``dropout(x, rate, training=..., rng=RNG(seed))``: ``x`` of 1-3 axes without zeros."""
    shape = tuple(draw(st.integers(1, max_side)) for _ in range(draw(st.integers(1, 3))))
    x = draw(arrays(shape, draw(dtype), low=1, high=9))  # no zeros: a kept 0 looks dropped
    kwargs = {"rng": RNG(draw(st.integers(0, 2**32 - 1)))}
    t = draw(training)
    if t is not None:
        kwargs["training"] = t
    return Case((x, draw(rates)), kwargs, ARGS)


def _unpack(value, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise Mismatch("dropout must return a pair (out, keep_mask)", expected="(out, keep_mask)",
                       received=value)
    out, mask = value
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_ or mask.shape != x.shape:
        raise Mismatch(f"keep_mask must be a bool array of shape {x.shape}",
                       expected=f"bool array of shape {x.shape}",
                       received=f"{type(mask).__name__} {getattr(mask, 'dtype', '')} "
                                f"{getattr(mask, 'shape', '')}")
    if not isinstance(out, np.ndarray) or out.shape != x.shape:
        raise Mismatch(f"out must be an array of shape {x.shape}", expected=x.shape,
                       received=getattr(out, "shape", type(out).__name__))
    return out, mask


def judge_mask(case: Case, student, reference) -> None:
    """Judge: the result is ``(out, keep_mask)`` with ``out`` like ``x`` and a bool mask of ``x.shape``."""
    _unpack(call_student(student, case), case.args[0])


def judge_scaling(case: Case, student, reference) -> None:
    """Judge: ``out == x * keep_mask / (1 - rate)`` with the student's own mask (inverted dropout)."""
    x, rate = case.args
    out, mask = _unpack(call_student(student, case), x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    expected = np.where(mask, x.astype(np.float64) / (1 - rate), 0.0).astype(dtype)
    try:
        assert_matches(expected, out, "out")
    except Mismatch as exc:
        raise Mismatch(exc.detail + " (expected x * keep_mask / (1 - rate) with your own mask)",
                       expected=expected, received=out) from None


def judge_keep_rate(case: Case, student, reference) -> None:
    """Judge: on 40,000 elements the kept fraction is ``1 - rate`` within a Hoeffding margin."""
    rate = case.args[1]
    x = np.ones((200, 200))
    _, mask = _unpack(call_student(student, Case((x, rate), case.kwargs, ARGS)), x)
    kept = float(mask.mean())
    margin = hoeffding_margin(mask.size)
    if abs(kept - (1 - rate)) > margin:
        raise Mismatch(f"with rate={rate} about {1 - rate:.0%} of the elements should be kept, "
                       f"but {kept:.1%} were (allowed ±{margin:.1%})",
                       expected=f"keep fraction {1 - rate:.3f}", received=f"{kept:.3f}")


def judge_independent(case: Case, student, reference) -> None:
    """Rows of the mask are independent draws: disjoint row pairs agree about half the time."""
    x = np.ones((400, 100))
    _, mask = _unpack(call_student(student, Case((x, 0.5), case.kwargs, ARGS)), x)
    agree = float((mask[0::2] == mask[1::2]).mean())
    margin = hoeffding_margin(mask[0::2].size)
    if abs(agree - 0.5) > margin:
        raise Mismatch(f"rows of keep_mask agree {agree:.1%} of the time; independent elements "
                       f"agree 50% (±{margin:.1%})", expected="independent mask elements",
                       received=f"agreement {agree:.3f}")


def judge_inference(case: Case, student, reference) -> None:
    """Judge: with ``training=False`` nothing is dropped and ``out`` equals ``x``."""
    x, rate = case.args
    out, mask = _unpack(call_student(student, Case((x, rate), {**case.kwargs, "training": False},
                                                   ARGS)), x)
    if not mask.all():
        raise Mismatch("with training=False every element is kept (keep_mask all True)",
                       expected=np.ones(x.shape, bool), received=mask)
    try:
        assert_matches(x, out, "out")
    except Mismatch as exc:
        raise Mismatch(exc.detail + " (with training=False out must equal x)", expected=x,
                       received=out) from None


def judge_seeded(case: Case, student, reference) -> None:
    """Judge: the same seed gives the same mask, another seed another mask."""
    x = np.ones((16, 16))
    seed = case.kwargs["rng"].seed
    first = _unpack(call_student(student, Case((x, 0.5), {"rng": RNG(seed)}, ARGS)), x)[1]
    again = _unpack(call_student(student, Case((x, 0.5), {"rng": RNG(seed)}, ARGS)), x)[1]
    if not np.array_equal(first, again):
        raise Mismatch("the same seed must give the same mask: draw it from the `rng` argument",
                       expected=first, received=again)
    other = _unpack(call_student(student, Case((x, 0.5), {"rng": RNG(seed + 1)}, ARGS)), x)[1]
    if np.array_equal(first, other):
        raise Mismatch("different seeds gave the same mask", expected="a different mask",
                       received=other)


def judge_rate_zero(case: Case, student, reference) -> None:
    """Judge: ``rate=0`` keeps every element and returns ``x`` unchanged (float64 for integers)."""
    x = case.args[0]
    out, mask = _unpack(call_student(student, Case((x, 0.0), case.kwargs, ARGS)), x)
    if not mask.all():
        raise Mismatch("rate=0 drops nothing", expected=np.ones(x.shape, bool), received=mask)
    assert_matches(x.astype(np.float64) if x.dtype.kind != "f" else x, out, "out")


def judge_dtype(case: Case, student, reference) -> None:
    """Judge: float inputs keep their dtype, integer inputs give float64."""
    x = case.args[0]
    out, _ = _unpack(call_student(student, case), x)
    want = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    if out.dtype != want:
        raise Mismatch(f"out has dtype {out.dtype}, expected {want}", expected=str(want),
                       received=str(out.dtype))


def _bad_rates():
    return st.builds(lambda x, rate: Case((x, rate), {"rng": RNG(0)}, ARGS),
                     arrays((2, 3)), st.sampled_from([1.0, -0.1, 1.5, 2.0]))


DROPOUT = FunctionSpec("dropout", "dropout", (
    Concept("mask", 1, dropout_cases(),
            Hint("(out, keep_mask)를 돌려주세요: keep_mask는 x와 같은 모양의 bool 배열입니다.",
                 "Return (out, keep_mask): keep_mask is a bool array of x's shape."),
            judge=judge_mask, max_examples=10),
    Concept("scaling", 2, dropout_cases(),
            Hint("역 드롭아웃(inverted dropout): 남긴 값은 1/(1-rate)배 하고 버린 값은 0입니다. 그래야 기댓값이 x와 같습니다.",
                 "Inverted dropout: scale kept values by 1/(1-rate) and zero the dropped ones, "
                 "so the expected output equals x."),
            judge=judge_scaling, max_examples=20),
    Concept("keep rate", 2, dropout_cases(),
            Hint("rate는 버릴 확률입니다: 각 원소는 1-rate의 확률로 남아야 합니다 (rate와 1-rate를 바꾸지 마세요).",
                 "rate is the probability to DROP: each element is kept with probability "
                 "1 - rate (don't swap rate and 1 - rate)."),
            judge=judge_keep_rate, max_examples=5),
    Concept("independent elements", 1, dropout_cases(),
            Hint("원소마다 따로 뽑아야 합니다: x.shape 모양 전체에 대해 난수를 뽑으세요 (한 행을 복사하지 마세요).",
                 "Draw every element independently: random numbers of x's full shape (don't "
                 "broadcast one row)."),
            judge=judge_independent, max_examples=3),
    Concept("test time", 2, dropout_cases(),
            Hint("training=False(테스트 단계)에서는 아무것도 버리지도, 다시 스케일하지도 않습니다: out은 x와 같습니다.",
                 "With training=False (test time) nothing is dropped or rescaled: out equals x."),
            judge=judge_inference, max_examples=10),
    Concept("uses rng", 2, dropout_cases(),
            Hint("마스크는 인자로 받은 rng에서 뽑아야 같은 시드가 같은 마스크를 줍니다 (np.random 전역 함수 대신 rng.random 등).",
                 "Draw the mask from the `rng` argument so the same seed gives the same mask "
                 "(rng.random, not the global np.random)."),
            judge=judge_seeded, max_examples=5),
    Concept("rate zero", 1, dropout_cases(),
            Hint("rate=0이면 아무것도 버리지 않고 out은 x와 같습니다.",
                 "rate=0 drops nothing and out equals x."),
            judge=judge_rate_zero, max_examples=5),
    Concept("dtype", 1, dropout_cases(dtype=dtypes("float32", "int64")),
            Hint("float32는 float32로, 정수 입력은 float64로 돌려주세요.",
                 "Keep float32 as float32; integer input gives float64."),
            judge=judge_dtype, max_examples=8),
    Concept("errors", 1, _bad_rates(),
            Hint("rate가 [0, 1) 밖이면 ValueError를 발생시키세요 (rate=1이면 0으로 나누게 됩니다). [0, 1) 안의 rate에는 발생시키지 마세요.",
                 "Raise ValueError for rate outside [0, 1) (rate=1 would divide by zero), and "
                 "only then."),
            judge=rejects_only_bad_arguments, max_examples=6,
            examples=(Case((np.ones((2, 3)), 0.5), {"rng": RNG(0)}, ARGS),)),
    Concept("inputs unchanged", 1, dropout_cases(),
            Hint("입력 x를 수정하지 마세요 (x *= mask 같은 제자리 연산 금지).",
                 "Do not modify x (no in-place x *= mask)."),
            judge=inputs_unchanged, max_examples=5),
), (), ARGS)

SPECS = (DROPOUT,)
