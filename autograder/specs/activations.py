"""Grading spec for ``activations.py``: ``softmax`` (lecture 3.3, the FC layer's activation)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..failure import DTYPE, RAISED, SHAPE, TYPE, VALUES, any_of, negate
from ..judges import inputs_unchanged, looks_like, rejects_only_bad_arguments
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint
from ..strategies import FLOAT64, arrays, dtypes

ARGS = ("logits",)
WRONG_ANSWER = any_of(VALUES, SHAPE)


@st.composite
def softmax_cases(draw, rows=st.integers(1, 3), classes=st.integers(1, 5), dtype=st.just(FLOAT64),
                  offset=st.just(0), leading=None):
    """Cases for ``softmax(logits)``: ``logits (N, K)``, or ``leading`` axes before ``K``.

    ``offset`` is added to every score of a row (large offsets overflow a naive ``exp``).
    """
    shape = draw(leading) if leading is not None else (draw(rows),)
    k, dt = draw(classes), draw(dtype)
    logits = draw(arrays(tuple(shape) + (k,), dt))
    shift = np.asarray([draw(offset) for _ in range(int(np.prod(shape, dtype=int)))],
                       dtype=np.float64).reshape(tuple(shape) + (1,))
    if np.any(shift):
        logits = (logits + shift).astype(dt)
    return Case((logits,), {}, ARGS)


def _mistake(make):
    """A diagnoser test: ``got`` is what ``make(logits as float64)`` gives."""
    def matches(case: Case, got, ref) -> bool:
        z = np.asarray(case.args[0], dtype=np.float64)
        with np.errstate(all="ignore"):
            mistaken = make(z)
        return looks_like(got, mistaken, ref(*case.args))
    return matches


def _over_axis0(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _unstable(case: Case, got, ref) -> bool:
    """Infinite or NaN probabilities where the right answer is finite: exp overflowed."""
    return (isinstance(got, np.ndarray) and got.dtype.kind == "f"
            and bool(np.any(~np.isfinite(got))) and bool(np.all(np.isfinite(ref(*case.args)))))


SOFTMAX = FunctionSpec("activations", "softmax", (
    Concept("probabilities", 2, softmax_cases(),
            Hint("softmax(z)_k = exp(z_k) / Σ_j exp(z_j): 모두 0 이상이고 합이 1 인 확률이 되며, 가장 큰 점수가 "
                 "가장 큰 확률을 받습니다.",
                 "softmax(z)_k = exp(z_k) / Σ_j exp(z_j): non-negative probabilities summing to 1, "
                 "the largest score getting the largest probability.", fits=WRONG_ANSWER),
            examples=(Case((np.array([[1.0, 2.0, 3.0]]),), {}, ARGS),), title_ko="확률"),
    Concept("one row per example", 2, softmax_cases(rows=st.integers(2, 4), classes=st.integers(2, 5)),
            Hint("배치 (N, K) 에서는 예마다 (행마다, 마지막 축으로) 따로 정규화합니다: 각 행의 합이 1 입니다.",
                 "In a batch (N, K) each example (row, the last axis) is normalised on its own: every "
                 "row sums to 1.", fits=WRONG_ANSWER), title_ko="예마다 한 행"),
    Concept("large logits", 2, softmax_cases(rows=st.integers(1, 3), classes=st.integers(2, 4),
                                             offset=st.sampled_from([800, -800, 1000])),
            Hint("점수가 크면 exp 가 넘칩니다 (exp(1000) = inf). 각 행의 최댓값을 먼저 빼세요: 결과는 같고 "
                 "넘치지 않습니다.",
                 "Large scores overflow exp (exp(1000) = inf). Subtract each row's maximum first: "
                 "the result is the same and nothing overflows.", fits=VALUES),
            examples=(Case((np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),), {},
                           ARGS),), title_ko="큰 logit"),
    Concept("any leading axes", 1, softmax_cases(leading=st.sampled_from([(), (2, 2), (1, 3)])),
            Hint("예 하나 (K,) 도, 앞 축이 여러 개인 (..., K) 도 마지막 축으로 계산합니다.",
                 "One example (K,) and more leading axes (..., K) work too, along the last axis.", fits=any_of(WRONG_ANSWER, RAISED)), title_ko="앞 축이 몇 개든"),
    Concept("dtype", 1, softmax_cases(dtype=dtypes("float32", "int64")),
            Hint("float32 입력은 float32 결과를, 정수 입력은 float64 결과를 돌려주세요.",
                 "float32 in, float32 out; integer input gives float64.", fits=DTYPE), title_ko="자료형"),
    Concept("errors", 1, st.sampled_from([Case((np.array(3.0),), {}, ARGS),
                                          Case((np.zeros((2, 0)),), {}, ARGS)]),
            Hint("스칼라 (0차원) logits 나 마지막 축이 비어 있는 logits 에는 ValueError 를 발생시키세요. "
                 "올바른 입력에는 발생시키지 마세요.",
                 "Raise ValueError for scalar (0-D) logits or an empty last axis, and only then."),
            judge=rejects_only_bad_arguments, max_examples=2,
            examples=(Case((np.array([[1.0, 2.0, 3.0]]),), {}, ARGS),), title_ko="잘못된 입력"),
    Concept("inputs unchanged", 1, softmax_cases(rows=st.integers(1, 3)),
            Hint("입력 logits 를 수정하지 마세요 (예: logits -= logits.max(...) 는 입력을 바꿉니다).",
                 "Do not modify logits (logits -= logits.max(...) changes the input).", fits=negate(any_of(RAISED, TYPE))),
            judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
), (
    Diagnoser("normalised over the batch",
              Hint("배치 축 (axis=0)으로 정규화한 것 같습니다. 확률은 예마다, 마지막 축 (axis=-1)으로 구합니다.",
                   "You normalise over the batch axis (axis=0); probabilities are per example, "
                   "along the last axis (axis=-1)."),
              _mistake(_over_axis0)),
    Diagnoser("exp overflow",
              Hint("exp 가 넘쳐 inf 나 nan 이 나왔습니다. 최댓값을 뺀 뒤 exp 를 구하세요.",
                   "exp overflowed to inf or nan; subtract the maximum before exp."),
              _unstable),
    Diagnoser("no exponential",
              Hint("exp 없이 점수를 합으로 나눈 것 같습니다: z / Σz 가 아니라 exp(z) / Σ exp(z) 입니다.",
                   "You divide the scores by their sum without exp: exp(z) / Σ exp(z), not z / Σz."),
              _mistake(lambda z: z / z.sum(axis=-1, keepdims=True))),
    Diagnoser("sigmoid",
              Hint("원소마다 시그모이드 1 / (1 + exp(-z)) 를 쓴 것 같습니다. softmax 는 행 전체로 나눕니다.",
                   "You apply the sigmoid 1 / (1 + exp(-z)) element by element; softmax divides by "
                   "the whole row."),
              _mistake(lambda z: 1 / (1 + np.exp(-z)))),
    Diagnoser("log-probabilities",
              Hint("log-softmax (로그 확률)을 돌려준 것 같습니다. 확률 그 자체를 돌려주세요.",
                   "You return log-softmax (log-probabilities); return the probabilities."),
              _mistake(lambda z: np.log(_over_last(z)))),
), ARGS)


def _over_last(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


SPECS = (SOFTMAX,)
