"""Grading spec for ``dropout.py`` (lecture 3.5), by properties only.

API.md leaves the way a mask is drawn from ``rng`` to the student, so no judge
compares with one particular random stream: every correct implementation gets
full marks. Statistical judges use Hoeffding bounds at ``FALSE_ALARM = 1e-9``.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ..compare import Difference, Kind, assert_matches
from ..failure import DTYPE, RAISED, TYPE, VALUES, any_of, negate
from ..judges import call_student, inputs_unchanged, rejects_only_bad_arguments, showing
from ..sandbox import RNG
from ..spec import Case, Concept, FunctionSpec, Hint, Mismatch
from ..strategies import FLOAT64, arrays, dtypes
from ..vocabulary import Text

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
    """``(out, keep_mask)`` from the student's result, checked for form (a TYPE or SHAPE mismatch)."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        text = Text("dropout은 (out, keep_mask) 쌍을 돌려줘야 합니다",
                    "dropout must return a pair (out, keep_mask)")
        raise Mismatch(text, expected="(out, keep_mask)", received=value,
                       difference=Difference(Kind.TYPE, text))
    out, mask = value
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_ or mask.shape != x.shape:
        text = Text(f"keep_mask는 {x.shape} 모양의 bool 배열이어야 합니다",
                    f"keep_mask must be a bool array of shape {x.shape}")
        raise Mismatch(text, expected=f"bool array of shape {x.shape}",
                       received=f"{type(mask).__name__} {getattr(mask, 'dtype', '')} "
                                f"{getattr(mask, 'shape', '')}",
                       difference=Difference(Kind.TYPE, text))
    if not isinstance(out, np.ndarray) or out.shape != x.shape:
        text = Text(f"out은 {x.shape} 모양의 배열이어야 합니다", f"out must be an array of shape {x.shape}")
        raise Mismatch(text, expected=x.shape, received=getattr(out, "shape", type(out).__name__),
                       difference=Difference(Kind.SHAPE, text))
    return out, mask


def _with(exc: Mismatch, ko: str, en: str, expected, received) -> Mismatch:
    """``exc``'s difference with a sentence added, for the values the judge compared."""
    text = Text(f"{exc.text.ko} ({ko})", f"{exc.text.en} ({en})")
    found = exc.difference
    return Mismatch(text, expected=expected, received=received,
                    difference=None if found is None else
                    Difference(found.kind, text, found.items, found.axes, found.index))


def judge_mask(case: Case, student, reference) -> None:
    """Judge: the result is ``(out, keep_mask)`` with ``out`` like ``x`` and a bool mask of ``x.shape``."""
    with showing(case):
        _unpack(call_student(student, case), case.args[0])


def judge_scaling(case: Case, student, reference) -> None:
    """Judge: ``out == x * keep_mask / (1 - rate)`` with the student's own mask (inverted dropout)."""
    x, rate = case.args
    with showing(case):
        out, mask = _unpack(call_student(student, case), x)
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
        expected = np.where(mask, x.astype(np.float64) / (1 - rate), 0.0).astype(dtype)
        try:
            assert_matches(expected, out, "out")
        except Mismatch as exc:
            raise _with(exc, "여러분의 마스크로 x * keep_mask / (1 - rate)를 기대했습니다",
                        "expected x * keep_mask / (1 - rate) with your own mask",
                        expected, out) from None


def judge_keep_rate(case: Case, student, reference) -> None:
    """Judge: on 40,000 elements the kept fraction is ``1 - rate`` within a Hoeffding margin."""
    rate = case.args[1]
    x = np.ones((200, 200))
    called = Case((x, rate), case.kwargs, ARGS)
    with showing(called):
        _, mask = _unpack(call_student(student, called), x)
        kept = float(mask.mean())
        margin = hoeffding_margin(mask.size)
        if abs(kept - (1 - rate)) > margin:
            raise Mismatch(Text(f"rate={rate}이면 남는 원소의 비율이 약 {1 - rate:.0%}여야 하는데 "
                                f"실제 비율은 {kept:.1%}입니다 (허용 범위 ±{margin:.1%})",
                                f"with rate={rate} about {1 - rate:.0%} of the elements should "
                                f"be kept, but {kept:.1%} were (allowed ±{margin:.1%})"),
                           expected=f"keep fraction {1 - rate:.3f}", received=f"{kept:.3f}")


def judge_independent(case: Case, student, reference) -> None:
    """Rows of the mask are independent draws: disjoint row pairs agree about half the time."""
    x = np.ones((400, 100))
    called = Case((x, 0.5), case.kwargs, ARGS)
    with showing(called):
        _, mask = _unpack(call_student(student, called), x)
        agree = float((mask[0::2] == mask[1::2]).mean())
        margin = hoeffding_margin(mask[0::2].size)
        if abs(agree - 0.5) > margin:
            raise Mismatch(Text(f"keep_mask의 두 행이 {agree:.1%}의 위치에서 같습니다. 원소를 따로 뽑으면 "
                                f"약 50%가 같아야 합니다 (±{margin:.1%})",
                                f"rows of keep_mask agree {agree:.1%} of the time; independent "
                                f"elements agree 50% (±{margin:.1%})"),
                           expected="independent mask elements", received=f"agreement {agree:.3f}")


def judge_inference(case: Case, student, reference) -> None:
    """Judge: with ``training=False`` nothing is dropped and ``out`` equals ``x``."""
    x, rate = case.args
    called = Case((x, rate), {**case.kwargs, "training": False}, ARGS)
    with showing(called):
        out, mask = _unpack(call_student(student, called), x)
        if not mask.all():
            raise Mismatch(Text("training=False이면 모든 원소를 남깁니다 (keep_mask가 모두 True)",
                                "with training=False every element is kept (keep_mask all True)"),
                           expected=np.ones(x.shape, bool), received=mask)
        try:
            assert_matches(x, out, "out")
        except Mismatch as exc:
            raise _with(exc, "training=False이면 out은 x와 같아야 합니다",
                        "with training=False out must equal x", x, out) from None


def judge_seeded(case: Case, student, reference) -> None:
    """Judge: the same seed gives the same mask, another seed another mask."""
    x = np.ones((16, 16))
    seed = case.kwargs["rng"].seed
    called = Case((x, 0.5), {"rng": RNG(seed)}, ARGS)
    with showing(called):
        first = _unpack(call_student(student, called), x)[1]
        again = _unpack(call_student(student, Case((x, 0.5), {"rng": RNG(seed)}, ARGS)), x)[1]
        if not np.array_equal(first, again):
            raise Mismatch(Text("같은 시드는 같은 마스크를 주어야 합니다: 인자로 받은 `rng`에서 뽑으세요 "
                                "(같은 호출을 두 번 했더니 마스크가 달랐습니다)",
                                "the same seed must give the same mask: draw it from the `rng` "
                                "argument (the same call twice gave two masks)"),
                           expected=first, received=again)
        other = _unpack(call_student(student, Case((x, 0.5), {"rng": RNG(seed + 1)}, ARGS)), x)[1]
        if np.array_equal(first, other):
            raise Mismatch(Text(f"다른 시드(seed={seed + 1})가 같은 마스크를 주었습니다",
                                f"another seed (seed={seed + 1}) gave the same mask"),
                           expected="a different mask", received=other)


def judge_rate_zero(case: Case, student, reference) -> None:
    """Judge: ``rate=0`` keeps every element and returns ``x`` unchanged (float64 for integers)."""
    x = case.args[0]
    called = Case((x, 0.0), case.kwargs, ARGS)
    with showing(called):
        out, mask = _unpack(call_student(student, called), x)
        if not mask.all():
            raise Mismatch(Text("rate=0이면 아무것도 버리지 않습니다 (keep_mask가 모두 True)",
                                "rate=0 drops nothing (keep_mask all True)"),
                           expected=np.ones(x.shape, bool), received=mask)
        assert_matches(x.astype(np.float64) if x.dtype.kind != "f" else x, out, "out")


def judge_dtype(case: Case, student, reference) -> None:
    """Judge: float inputs keep their dtype, integer inputs give float64."""
    x = case.args[0]
    with showing(case):
        out, _ = _unpack(call_student(student, case), x)
        want = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
        if out.dtype != want:
            text = Text(f"out의 dtype이 다릅니다: 기대 {want}, 받은 {out.dtype}",
                        f"out has dtype {out.dtype}, expected {want}")
            raise Mismatch(text, expected=str(want), received=str(out.dtype),
                           difference=Difference(Kind.DTYPE, text))


def _bad_rates():
    return st.builds(lambda x, rate: Case((x, rate), {"rng": RNG(0)}, ARGS),
                     arrays((2, 3)), st.sampled_from([1.0, -0.1, 1.5, 2.0]))


DROPOUT = FunctionSpec("dropout", "dropout", (
    Concept("mask", 1, dropout_cases(),
            Hint("(out, keep_mask)를 돌려주세요: keep_mask는 x와 같은 모양의 bool 배열입니다.",
                 "Return (out, keep_mask): keep_mask is a bool array of x's shape.", fits=negate(RAISED)),
            judge=judge_mask, max_examples=10, title_ko="마스크"),
    Concept("scaling", 2, dropout_cases(),
            Hint("역 드롭아웃(inverted dropout): 남긴 값은 1/(1-rate)배 하고 버린 값은 0입니다. 그래야 기댓값이 x와 같습니다.",
                 "Inverted dropout: scale kept values by 1/(1-rate) and zero the dropped ones, "
                 "so the expected output equals x.", fits=VALUES),
            judge=judge_scaling, max_examples=20, title_ko="스케일 조정"),
    Concept("keep rate", 2, dropout_cases(),
            Hint("rate는 버릴 확률입니다: 각 원소는 1-rate의 확률로 남아야 합니다 (rate와 1-rate를 바꾸지 마세요).",
                 "rate is the probability to DROP: each element is kept with probability "
                 "1 - rate (don't swap rate and 1 - rate).", fits=VALUES),
            judge=judge_keep_rate, max_examples=5, title_ko="남기는 비율"),
    Concept("independent elements", 1, dropout_cases(),
            Hint("원소마다 따로 뽑아야 합니다: x.shape 모양 전체에 대해 난수를 뽑으세요 (한 행을 복사하지 마세요).",
                 "Draw every element independently: random numbers of x's full shape (don't "
                 "broadcast one row).", fits=VALUES),
            judge=judge_independent, max_examples=3, title_ko="원소마다 따로"),
    Concept("test time", 2, dropout_cases(),
            Hint("training=False(테스트 단계)에서는 아무것도 버리지도, 다시 스케일하지도 않습니다: out은 x와 같습니다.",
                 "With training=False (test time) nothing is dropped or rescaled: out equals x.", fits=VALUES),
            judge=judge_inference, max_examples=10, title_ko="테스트 단계"),
    Concept("uses rng", 2, dropout_cases(),
            Hint("마스크는 인자로 받은 rng에서 뽑아야 같은 시드가 같은 마스크를 줍니다 (np.random 전역 함수 대신 rng.random 등).",
                 "Draw the mask from the `rng` argument so the same seed gives the same mask "
                 "(rng.random, not the global np.random).", fits=VALUES),
            judge=judge_seeded, max_examples=5, title_ko="rng 사용"),
    Concept("rate zero", 1, dropout_cases(),
            Hint("rate=0이면 아무것도 버리지 않고 out은 x와 같습니다.",
                 "rate=0 drops nothing and out equals x.", fits=VALUES),
            judge=judge_rate_zero, max_examples=5, title_ko="rate가 0일 때"),
    Concept("dtype", 1, dropout_cases(dtype=dtypes("float32", "int64")),
            Hint("float32는 float32로, 정수 입력은 float64로 돌려주세요.",
                 "Keep float32 as float32; integer input gives float64.", fits=DTYPE),
            judge=judge_dtype, max_examples=8, title_ko="자료형"),
    Concept("errors", 1, _bad_rates(),
            Hint("rate가 [0, 1) 밖이면 ValueError를 발생시키세요 (rate=1이면 0으로 나누게 됩니다). [0, 1) 안의 rate에는 발생시키지 마세요.",
                 "Raise ValueError for rate outside [0, 1) (rate=1 would divide by zero), and "
                 "only then."),
            judge=rejects_only_bad_arguments, max_examples=6,
            examples=(Case((np.ones((2, 3)), 0.5), {"rng": RNG(0)}, ARGS),), title_ko="잘못된 입력"),
    Concept("inputs unchanged", 1, dropout_cases(),
            Hint("입력 x를 수정하지 마세요 (x *= mask 같은 제자리 연산 금지).",
                 "Do not modify x (no in-place x *= mask).", fits=negate(any_of(RAISED, TYPE))),
            judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
), (), ARGS)

SPECS = (DROPOUT,)
