"""Grading specs for ``backprop.py`` (training the lecture's networks with your own layers).

Backward functions are compared with the reference and, independently, with
central-difference numerical gradients of the reference forward functions in
float64: ``dL/dx ~ (L(x + h) - L(x - h)) / 2h`` with ``L = sum(dout * forward(x))``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from hypothesis import strategies as st

from ..compare import Difference, Kind, assert_matches, difference
from ..failure import DTYPE, RAISED, SHAPE, TYPE, VALUES, any_of, negate
from ..judges import (call_student, inputs_unchanged, looks_like, rejects_only_bad_arguments,
                      same_dtypes, widened_to_float64)
from ..reference import call_reference
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint, Mismatch, Raised
from ..strategies import FLOAT64, arrays, dtypes, pairs_or_ints, window_geometry
from ..vocabulary import Text

WRONG_ANSWER = any_of(VALUES, SHAPE)      # an array of the wrong values or the wrong shape
UNCHANGED = negate(any_of(RAISED, TYPE))

EPS = 1e-6


def numerical_gradient(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                       dout: np.ndarray) -> np.ndarray:
    """Central differences of ``L(x) = sum(dout * f(x))`` with respect to every element of ``x``."""
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + EPS
        up = np.sum(dout * f(x))
        flat[i] = keep - EPS
        down = np.sum(dout * f(x))
        flat[i] = keep
        g[i] = (up - down) / (2 * EPS)
    return grad


def _assert_close_numeric(expected: np.ndarray, received, name: str) -> None:
    if not isinstance(received, np.ndarray) or received.shape != expected.shape:
        found = difference(expected, received, name)
        text = Text(f"{name}: {expected.shape} 모양의 배열이어야 합니다",
                    f"{name} should be an array of shape {expected.shape}")
        raise Mismatch(text, expected=expected, received=received,
                       difference=Difference(found.kind if found else Kind.TYPE, text,
                                             axes=found.axes if found else ()))
    scale = max(1.0, float(np.abs(expected).max(initial=0)))
    if not np.allclose(received, expected, rtol=1e-4, atol=1e-4 * scale):
        bad = tuple(int(i) for i in np.argwhere(~np.isclose(received, expected, rtol=1e-4,
                                                             atol=1e-4 * scale))[0])
        where = "[" + ", ".join(map(str, bad)) + "]"
        got = received[bad].item()
        text = Text(f"{name}: 위치 {where}에서 수치 미분과 다릅니다: 기대 약 {expected[bad]:.6g}, 받은 값 {got!r}",
                    f"{name} disagrees with the numerical gradient at index {where}: "
                    f"expected about {expected[bad]:.6g}, got {got!r}")
        raise Mismatch(text, expected=expected, received=received,
                       difference=Difference(Kind.VALUE, text, index=bad))


def component(index: int, name: str):
    """Check one item of a tuple result (dx, dw or db) against the reference's."""
    def judge(case: Case, student, reference) -> None:
        expected = reference(*case.args, **case.kwargs)[index]
        received = call_student(student, case)
        if not isinstance(received, (tuple, list)) or len(received) <= index:
            text = Text("(dx, dw, db) 튜플을 돌려주세요", "return a tuple (dx, dw, db)")
            raise Mismatch(text, expected="(dx, dw, db)", received=received,
                           difference=Difference(Kind.TYPE, text))
        assert_matches(expected, received[index], name)
    return judge


def numeric_judge(forward: str, wrt: dict[str, int], split: Callable[[Case], tuple]):
    """Compare the student's gradients with numerical ones of the reference ``forward``.

    ``split(case)`` gives ``(dout, inputs, kwargs)``; ``wrt`` maps a gradient name to
    its position in the student's result (``None`` for a single array result).
    """
    def judge(case: Case, student, reference) -> None:
        dout, inputs, kwargs = split(case)
        received = call_student(student, case)
        for name, (arg_index, out_index) in wrt.items():
            def f(v, arg_index=arg_index):
                args = list(inputs)
                args[arg_index] = v
                return call_reference(forward, tuple(args), kwargs)
            expected = numerical_gradient(f, inputs[arg_index], dout)
            got = received if out_index is None else (
                received[out_index] if isinstance(received, (tuple, list))
                and len(received) > out_index else None)
            _assert_close_numeric(expected, got, name)
    return judge


def _widened(case: Case, got, ref) -> bool:
    return widened_to_float64(case, got, ref(*case.args, **case.kwargs))


FLOAT64_BUFFER = Diagnoser(
    "float64 buffer",
    Hint("float32 입력에 float64 결과입니다: dtype= 없이 만든 배열(np.zeros(shape), np.eye(k), mask.astype(float))은 "
         "float64이고 닿는 값을 모두 float64로 바꿉니다. dtype=dout.dtype을 주거나 np.zeros_like를 쓰세요.",
         "float32 in, float64 out: an array made without dtype= (np.zeros(shape), np.eye(k), "
         "mask.astype(float)) is float64 and widens everything it touches; pass "
         "dtype=dout.dtype or use np.zeros_like."),
    _widened)
# For dense_backward and conv2d_backward: sums of products, exact for integers.
DTYPE_HINT = Hint("float32 입력의 기울기는 float32입니다. 정수 입력은 정확한 정수(int64)로 계산하세요.",
                  "Float gradients keep the dtype of dout (float32 in, float32 out); integer "
                  "input gives exact integers (int64).", fits=DTYPE)


def _errors(cases, valid: Case, what_ko: str, what_en: str, count: int) -> Concept:
    """An "errors" concept: ``cases`` must raise ValueError, the ``valid`` call must not."""
    return Concept("errors", 1, st.sampled_from(cases),
                   Hint(f"{what_ko}에는 ValueError를 발생시키세요. 올바른 인자에는 발생시키지 마세요.",
                        f"Raise ValueError for {what_en}, and only then."),
                   judge=rejects_only_bad_arguments, max_examples=count, examples=(valid,),
                   title_ko="잘못된 입력")


# ---------------------------------------------------------------- relu

def _nonzero(shape, dtype=FLOAT64):
    """Whole numbers without 0, where relu's derivative is a matter of convention."""
    return arrays(shape, dtype, low=1, high=9).flatmap(
        lambda a: arrays(shape, FLOAT64, low=0, high=1).map(
            lambda s: (a * np.where(s > 0, 1, -1)).astype(a.dtype)))


@st.composite
def relu_cases(draw, dtype=st.just(FLOAT64), backward=False):
    """Cases for ``relu(x)`` (or ``relu_backward(dout, x)`` with ``backward=True``): any shape of 1-4 axes, ``x`` without zeros."""
    shape = tuple(draw(st.integers(1, 4)) for _ in range(draw(st.integers(1, 4))))
    dt = draw(dtype)
    x = draw(_nonzero(shape, dt))
    if backward:
        return Case((draw(arrays(shape, dt)), x), {}, ("dout", "x"))
    return Case((x,), {}, ("x",))


RELU = FunctionSpec("backprop", "relu", (
    Concept("values", 2, relu_cases(), Hint("ReLU는 max(x, 0)입니다: 음수는 0, 양수는 그대로.",
                                            "ReLU is max(x, 0): negatives become 0, positives stay.", fits=WRONG_ANSWER), title_ko="값"),
    Concept("dtype", 1, relu_cases(dtype=dtypes("float32", "int64")),
            Hint("ReLU는 dtype을 바꾸지 않습니다.", "ReLU keeps the dtype.", fits=DTYPE), title_ko="자료형"),
    Concept("inputs unchanged", 1, relu_cases(), Hint("x를 제자리에서 바꾸지 마세요 (x[x < 0] = 0 금지).",
                                                      "Do not change x in place (no x[x < 0] = 0).", fits=UNCHANGED),
            judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
), (), ("x",))


@st.composite
def relu_zero_cases(draw):
    """Cases for ``relu_backward(dout, x)`` where ``x`` holds zeros and ``dout`` has none there."""
    shape = tuple(draw(st.integers(1, 4)) for _ in range(draw(st.integers(1, 3))))
    x = draw(arrays(shape, low=-2, high=2))
    x.flat[draw(st.integers(0, x.size - 1))] = 0.0
    return Case((draw(_nonzero(shape)), x), {}, ("dout", "x"))


RELU_ARGS = ("dout", "x")
RELU_BACKWARD = FunctionSpec("backprop", "relu_backward", (
    Concept("gradient", 2, relu_cases(backward=True),
            Hint("ReLU의 기울기는 x > 0인 곳에서 dout, 나머지는 0입니다 (x가 아니라 dout을 통과시킵니다).",
                 "ReLU's gradient is dout where x > 0 and 0 elsewhere (pass dout, not x).", fits=WRONG_ANSWER), title_ko="기울기"),
    Concept("at zero", 1, relu_zero_cases(),
            Hint("x == 0에서 기울기는 0입니다 (torch, Keras와 같이): x >= 0이 아니라 x > 0인 곳만 dout을 통과시킵니다.",
                 "At x == 0 the gradient is 0 (as in torch and Keras): pass dout only where "
                 "x > 0, not where x >= 0.", fits=VALUES), max_examples=10, title_ko="x = 0에서"),
    Concept("dtype", 1, relu_cases(dtype=dtypes("float32"), backward=True),
            Hint("float32는 float32로 돌려주세요.", "Keep float32 as float32.", fits=DTYPE), title_ko="자료형"),
    _errors([Case((np.ones((2, 3)), np.ones((3, 2))), {}, RELU_ARGS),
             Case((np.ones(3), np.ones((3, 1))), {}, RELU_ARGS)],
            Case((np.ones(3), np.array([-1.0, 0.0, 2.0])), {}, RELU_ARGS),
            "dout과 x의 모양이 다를 때", "dout and x of different shapes", 2),
), (
    Diagnoser("x >= 0",
              Hint("x == 0에서도 dout을 통과시켰습니다 (x >= 0). torch와 Keras처럼 x > 0만 통과시키세요.",
                   "dout also passed where x == 0 (x >= 0); pass it only where x > 0, as torch "
                   "and Keras do."),
              mistaken=lambda c, ref: np.where(c.args[1] >= 0, c.args[0], 0)),
    FLOAT64_BUFFER,
), RELU_ARGS)

# ---------------------------------------------------------------- dense

@st.composite
def dense_cases(draw, backward=False, dtype=st.just(FLOAT64), leading=False):
    """Cases for ``dense_forward(x, w, b)`` (or ``dense_backward(dout, x, w)``): ``x (N, n_in)``, ``w (n_in, units)``.

    ``leading=True`` gives ``x`` one more leading axis, ``(N, T, n_in)``, with ``N, T >= 2``.
    """
    n, n_in, units, dt = (draw(st.integers(1, 4)), draw(st.integers(1, 5)),
                          draw(st.integers(1, 5)), draw(dtype))
    lead = (n + 1, draw(st.integers(2, 3))) if leading else (n,)
    x = draw(arrays(lead + (n_in,), dt))
    w = draw(arrays((n_in, units), dt, low=-3, high=3))
    if backward:
        return Case((draw(arrays(lead + (units,), dt)), x, w), {}, ("dout", "x", "w"))
    return Case((x, w, draw(arrays((units,), dt))), {}, ("x", "w", "b"))


def _two_dimensional(case: Case, got, ref) -> bool:
    """The mistakes of the 2-D formulas on an ``(N, T, n_in)`` input.

    The call raised (``x.T @ dout`` and ``einsum("ni,io->no")`` need 2-D arrays), or
    ``db`` was summed over axis 0 only.
    """
    backward = case.arg_names[0] == "dout"
    x = case.args[1] if backward else case.args[0]
    if x.ndim <= 2:
        return False
    if isinstance(got, Raised):  # the student's exception, as a Mismatch receives it
        return True
    if not backward or not isinstance(got, (tuple, list)) or len(got) != 3:
        return False
    return looks_like(got[2], case.args[0].sum(axis=0), ref(*case.args)[2])


TWO_DIMENSIONAL = Diagnoser(
    "two-dimensional formula",
    Hint("2차원 공식만 쓴 것 같습니다: x가 (N, T, n_in)이면 x를 (-1, n_in)으로, dout을 (-1, units)로 바꾼 뒤 "
         "같은 공식을 쓰세요. dw와 db는 모든 앞쪽 축에 대해 더합니다 (dout.sum(axis=0)만으로는 부족합니다).",
         "Only the 2-D formulas seem to be used: for x of shape (N, T, n_in) reshape x to "
         "(-1, n_in) and dout to (-1, units), then apply them; dw and db sum over every "
         "leading axis (dout.sum(axis=0) is not enough)."),
    _two_dimensional)
DENSE_ARGS = ("x", "w", "b")
DENSE_BACKWARD_ARGS = ("dout", "x", "w")


DENSE_FORWARD = FunctionSpec("backprop", "dense_forward", (
    Concept("x @ w + b", 2, dense_cases(),
            Hint("전결합층: x (N, n_in)와 w (n_in, units)의 행렬곱에 b를 더합니다 (Keras처럼 w는 (n_in, units)).",
                 "Fully connected: x (N, n_in) @ w (n_in, units) + b (w is (n_in, units), as in Keras).", fits=WRONG_ANSWER), title_ko="x @ w + b"),
    Concept("leading axes", 1, dense_cases(leading=True),
            Hint("x는 앞쪽 축이 더 있을 수 있습니다 (N, T, n_in): 층은 마지막 축에만 작용하고 결과는 (N, T, units)입니다.",
                 "x may have more leading axes, (N, T, n_in): the layer acts on the last axis "
                 "and gives (N, T, units).", fits=any_of(WRONG_ANSWER, RAISED)), max_examples=8,
            title_ko="앞쪽 축"),
    Concept("dtype", 1, dense_cases(dtype=dtypes("float32", "int64")),
            Hint("float32는 float32로, 정수 입력은 정확한 정수(int64)로 돌려주세요.",
                 "Keep float32 as float32; integer input gives an exact integer result (int64).",
                 fits=DTYPE), title_ko="자료형"),
    _errors([Case((np.ones(3), np.ones((3, 2)), np.ones(2)), {}, DENSE_ARGS),
             Case((np.ones((2, 3)), np.ones(3), np.ones(2)), {}, DENSE_ARGS),
             Case((np.ones((2, 3)), np.ones((4, 2)), np.ones(2)), {}, DENSE_ARGS),
             Case((np.ones((2, 3)), np.ones((3, 2)), np.ones(3)), {}, DENSE_ARGS)],
            Case((np.ones((2, 3)), np.ones((3, 2)), np.ones(2)), {}, DENSE_ARGS),
            "1차원 x, 2차원이 아닌 w, x의 마지막 축과 맞지 않는 w, (units,)가 아닌 b",
            "a 1-D x, a w that is not 2-D or does not match x's last axis, or b not of shape "
            "(units,)", 6),
), (TWO_DIMENSIONAL,), DENSE_ARGS)


def _dense_split(case: Case):
    dout, x, w = case.args
    return dout, (x, w, np.zeros(w.shape[1])), {}


DENSE_BACKWARD = FunctionSpec("backprop", "dense_backward", (
    Concept("dx", 2, dense_cases(backward=True), Hint("dx = dout @ w.T (모양 (N, n_in)).",
                                                      "dx = dout @ w.T (shape (N, n_in)).", fits=WRONG_ANSWER),
            judge=component(0, "dx"), title_ko="dx"),
    Concept("dw", 2, dense_cases(backward=True), Hint("dw = x.T @ dout (모양 (n_in, units)).",
                                                      "dw = x.T @ dout (shape (n_in, units)).", fits=WRONG_ANSWER),
            judge=component(1, "dw"), title_ko="dw"),
    Concept("db", 1, dense_cases(backward=True),
            Hint("db = dout을 배치 축으로 더한 것 (모양 (units,)). 평균이 아니라 합입니다.",
                 "db = dout summed over the batch axis (shape (units,)); a sum, not a mean.", fits=WRONG_ANSWER),
            judge=component(2, "db"), title_ko="db"),
    Concept("numerical gradient", 1, dense_cases(backward=True),
            Hint("수치 미분과 맞지 않습니다: 전치(transpose)와 곱의 순서를 확인하세요.",
                 "Disagrees with the numerical gradient: check transposes and the order of products.", fits=WRONG_ANSWER),
            judge=numeric_judge("backprop.dense_forward", {"dx": (0, 0), "dw": (1, 1)},
                                _dense_split), max_examples=8, offline=False, title_ko="수치 미분"),
    Concept("leading axes", 1, dense_cases(backward=True, leading=True),
            Hint("x (N, T, n_in)와 dout (N, T, units)이면 dx는 x의 모양, dw와 db는 모든 앞쪽 축(N과 T)에 대해 더합니다.",
                 "For x (N, T, n_in) and dout (N, T, units), dx has x's shape and dw and db "
                 "sum over every leading axis (N and T).", fits=any_of(WRONG_ANSWER, RAISED)),
            max_examples=8, title_ko="앞쪽 축"),
    Concept("dtype", 1, dense_cases(backward=True, dtype=dtypes("float32", "int64")),
            DTYPE_HINT, judge=same_dtypes, max_examples=8, title_ko="자료형"),
    _errors([Case((np.ones(2), np.ones(3), np.ones((3, 2))), {}, DENSE_BACKWARD_ARGS),
             Case((np.ones((2, 2)), np.ones((2, 3)), np.ones(3)), {}, DENSE_BACKWARD_ARGS),
             Case((np.ones((2, 2)), np.ones((2, 3)), np.ones((4, 2))), {}, DENSE_BACKWARD_ARGS),
             Case((np.ones((2, 5)), np.ones((2, 3)), np.ones((3, 2))), {}, DENSE_BACKWARD_ARGS)],
            Case((np.ones((2, 2)), np.ones((2, 3)), np.ones((3, 2))), {}, DENSE_BACKWARD_ARGS),
            "1차원 x, 2차원이 아닌 w, x와 맞지 않는 w, 층의 출력 모양이 아닌 dout",
            "a 1-D x, a w that is not 2-D or does not match x, or dout not of the layer's "
            "output shape", 6),
), (TWO_DIMENSIONAL, FLOAT64_BUFFER), DENSE_BACKWARD_ARGS)

# ---------------------------------------------------------------- conv2d_backward

@st.composite
def conv_backward_cases(draw, strides=st.just(None), paddings=st.just(None), c_in=st.integers(1, 2),
                        c_out=st.integers(1, 2), windows=st.integers(1, 3), dtype=st.just(FLOAT64)):
    """Cases for ``conv2d_backward(dout, x, w, ...)``: ``x (N, H, W, C_in)``, ``w (KH, KW, C_in, C_out)``
    and ``dout`` of the forward output's shape. ``None`` for strides/paddings leaves the
    argument at its default."""
    stride_given, padding_given = draw(strides), draw(paddings)
    size, window, stride, padding = draw(window_geometry(
        windows=windows, strides=st.just(1 if stride_given is None else stride_given),
        paddings=st.just("valid" if padding_given is None else padding_given), max_size=6))
    kh, kw = (window, window) if isinstance(window, int) else window
    n, ci, co, dt = draw(st.integers(1, 2)), draw(c_in), draw(c_out), draw(dtype)
    x = draw(arrays((n, size[0], size[1], ci), dt))
    w = draw(arrays((kh, kw, ci, co), dt, low=-3, high=3))
    kwargs = {}
    if stride_given is not None:
        kwargs["stride"] = stride
    if padding_given is not None:
        kwargs["padding"] = padding
    out_shape = call_reference("conv.conv2d", (x, w), kwargs).shape
    dout = draw(arrays(out_shape, dt, low=-3, high=3))
    return Case((dout, x, w), kwargs, CONV_BACKWARD_ARGS)


def _conv_split(case: Case):
    dout, x, w = case.args
    return dout, (x, w), case.kwargs


CONV_BACKWARD_ARGS = ("dout", "x", "w")
CONV_PADDINGS = st.one_of(st.just("same"), pairs_or_ints(1, 2))
_X4, _W4 = np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 1))
CONV2D_BACKWARD = FunctionSpec("backprop", "conv2d_backward", (
    Concept("dx", 2, conv_backward_cases(),
            Hint("dx: 각 출력 위치의 dout에 커널을 곱해 그 창(window)이 읽은 입력 위치에 더합니다 (겹치는 창은 더해집니다).",
                 "dx: each output position sends dout times the kernel back to the inputs its "
                 "window read (overlapping windows add up).", fits=WRONG_ANSWER), judge=component(0, "dx"), title_ko="dx"),
    Concept("dw", 2, conv_backward_cases(),
            Hint("dw[a, b, c, o]는 모든 위치에서 입력 xp[n, i+a, j+b, c]와 dout[n, i, j, o]의 곱의 합입니다.",
                 "dw[a, b, c, o] sums xp[n, i+a, j+b, c] * dout[n, i, j, o] over every position.", fits=WRONG_ANSWER),
            judge=component(1, "dw"), title_ko="dw"),
    Concept("db", 1, conv_backward_cases(),
            Hint("db[o]는 dout[..., o]를 배치와 모든 위치에 대해 더한 값입니다.",
                 "db[o] sums dout[..., o] over the batch and every position.", fits=WRONG_ANSWER),
            judge=component(2, "db"), title_ko="db"),
    Concept("stride", 2, conv_backward_cases(strides=pairs_or_ints(2, 3)),
            Hint("스트라이드 s이면 출력 (i, j)의 창은 입력 (i*s, j*s)에서 시작합니다. 어떤 창도 읽지 않은 입력의 기울기는 0입니다.",
                 "With stride s the window of output (i, j) starts at input (i*s, j*s); inputs "
                 "no window reads get zero gradient.", fits=WRONG_ANSWER), judge=component(0, "dx"), title_ko="스트라이드"),
    Concept("padding", 2, conv_backward_cases(paddings=CONV_PADDINGS, strides=st.sampled_from([None, 2])),
            Hint('패딩한 입력에 대해 기울기를 구한 뒤 덧붙인 테두리를 잘라내세요 ("same"은 아래/오른쪽이 더 깁니다).',
                 'Compute the gradient of the padded input, then cut the padded border off '
                 '("same" puts the extra row/column at the bottom/right).', fits=WRONG_ANSWER),
            judge=component(0, "dx"), title_ko="패딩"),
    Concept("numerical gradient", 2, conv_backward_cases(paddings=st.sampled_from([None, "same"]),
                                                         strides=st.sampled_from([None, 2])),
            Hint("수치 미분과 맞지 않습니다: 커널을 뒤집지 않았는지, 채널 축을 올바르게 더했는지 확인하세요.",
                 "Disagrees with the numerical gradient: check you did not flip the kernel and "
                 "summed over the right channel axes.", fits=WRONG_ANSWER),
            judge=numeric_judge("conv.conv2d", {"dx": (0, 0), "dw": (1, 1)}, _conv_split),
            max_examples=6, offline=False, title_ko="수치 미분"),
    Concept("dtype", 1, conv_backward_cases(dtype=dtypes("float32", "int64"),
                                            paddings=st.sampled_from([None, "same"])),
            DTYPE_HINT, judge=same_dtypes, max_examples=8, title_ko="자료형"),
    _errors([Case((np.ones((1, 2, 2, 1)), _X4[0], _W4), {}, CONV_BACKWARD_ARGS),
             Case((np.ones((1, 2, 2, 1)), _X4, np.ones((3, 3, 3, 1))), {}, CONV_BACKWARD_ARGS),
             Case((np.ones((1, 2, 2, 1)), _X4, _W4), {"stride": 0}, CONV_BACKWARD_ARGS),
             Case((np.ones((1, 1, 1, 1)), _X4, np.ones((5, 5, 2, 1))), {}, CONV_BACKWARD_ARGS),
             Case((np.ones((1, 3, 3, 1)), _X4, _W4), {}, CONV_BACKWARD_ARGS)],
            Case((np.ones((1, 2, 2, 1)), _X4, _W4), {}, CONV_BACKWARD_ARGS),
            "잘못된 차원, 채널 수 불일치, stride < 1, 패딩한 입력보다 큰 커널, 순전파 출력 모양이 아닌 dout",
            "wrong ndim, mismatched channels, stride < 1, a kernel larger than the padded "
            "input, or dout not of the forward output's shape", 8),
), (FLOAT64_BUFFER,), CONV_BACKWARD_ARGS)

# ---------------------------------------------------------------- pooling backward

@st.composite
def pool_backward_cases(draw, strides=st.just(None), paddings=st.just(None), unique=False,
                        max_pool=True, pools=st.integers(2, 3), dtype=st.just(FLOAT64)):
    """Cases for ``max_pool2d_backward(dout, x, ...)`` or ``avg_pool2d_backward(dout, x_shape, ...)``.

    ``x (N, H, W, C)``; ``unique=True`` draws distinct values (no ties); ``dout`` has
    the forward output's shape and ``dtype`` (``x`` too, when it is a float dtype)."""
    stride_given, padding_given = draw(strides), draw(paddings)
    size, pool, stride, padding = draw(window_geometry(
        windows=pools, strides=st.just(stride_given),
        paddings=st.just("valid" if padding_given is None else padding_given), max_size=6,
        padding_below_window=True))
    n, c, dt = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(dtype)
    x = draw(arrays((n, size[0], size[1], c), dt if dt.kind == "f" else FLOAT64, unique=unique,
                    low=-20))
    kwargs = {"pool_size": pool}
    if stride_given is not None:
        kwargs["stride"] = stride
    if padding_given is not None:
        kwargs["padding"] = padding
    forward = "pooling.max_pool2d" if max_pool else "pooling.avg_pool2d"
    out_shape = call_reference(forward, (x,), kwargs).shape
    dout = draw(arrays(out_shape, dt, low=-3, high=3))
    first = x if max_pool else x.shape
    return Case((dout, first), kwargs, ("dout", "x" if max_pool else "x_shape"))


def _pool_backward_errors(max_pool: bool) -> Concept:
    """Bad pooling arguments, and a valid call with every default."""
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    first, names = (x, ("dout", "x")) if max_pool else ((1, 4, 4, 1), ("dout", "x_shape"))
    dout = np.ones((1, 2, 2, 1))
    bad = [Case((dout, first), {"pool_size": 0}, names),
           Case((dout, first), {"stride": 0}, names),
           Case((dout, first), {"pool_size": 2, "padding": 2}, names),
           Case((dout, first), {"pool_size": 5}, names),
           Case((np.ones((1, 3, 3, 1)), first), {}, names),
           Case((dout, x[0] if max_pool else (4, 4, 1)), {}, names)]
    what_ko = "4차원이 아닌 x" if max_pool else "네 개의 양의 정수가 아닌 x_shape"
    what_en = "a non-4-D x" if max_pool else "an x_shape that is not four positive ints"
    return _errors(bad, Case((dout, first), {}, names),
                   f"{what_ko}, 0 이하의 pool_size/stride, 창보다 작지 않은 패딩, 입력보다 큰 창, "
                   "풀링 출력 모양이 아닌 dout",
                   f"{what_en}, pool_size/stride < 1, a padding not smaller than the window, "
                   "a window larger than the input, or dout not of the pooled output's shape", 10)


def _pool_split(case: Case):
    dout, x = case.args
    return dout, (x,), case.kwargs


OVERLAP = st.sampled_from([1, (1, 2)])
POOLS = pairs_or_ints(2, 3)
INT_PADDINGS = pairs_or_ints(1, 2)
# Left at every default: pool_size 2, stride 2, no padding; distinct values.
_DEFAULT_X = np.array([[3., 1., 0., 5.], [2., 7., 4., 6.]]).reshape(1, 2, 4, 1)
_DEFAULT_DOUT = np.array([1., -2.]).reshape(1, 1, 2, 1)
MAX_POOL2D_BACKWARD = FunctionSpec("backprop", "max_pool2d_backward", (
    Concept("routes to the max", 2, pool_backward_cases(unique=True, pools=POOLS),
            Hint("각 창의 기울기는 그 창의 최댓값 위치 하나로만 갑니다. 나머지는 0입니다.",
                 "Each window's gradient goes only to the position of its maximum; the rest get 0.", fits=WRONG_ANSWER),
            examples=(Case((_DEFAULT_DOUT, _DEFAULT_X), {}, ("dout", "x")),), title_ko="최댓값으로 전달"),
    Concept("ties: first max", 1, pool_backward_cases(),
            Hint("같은 최댓값이 여러 개면 행 우선 순서로 첫 번째 것만 기울기를 받습니다 (np.argmax처럼).",
                 "On ties only the first maximum in row-major order gets the gradient (like np.argmax).", fits=WRONG_ANSWER), title_ko="같은 최댓값: 첫 번째"),
    Concept("overlapping windows", 2, pool_backward_cases(strides=OVERLAP, unique=True),
            Hint("stride < pool_size이면 창이 겹칩니다: 한 입력이 여러 창의 최댓값이면 기울기를 더합니다 (= 대신 +=).",
                 "With stride < pool_size windows overlap: an input that is the max of several "
                 "windows adds their gradients (+=, not =).", fits=WRONG_ANSWER), title_ko="겹치는 창"),
    Concept("same padding", 1, pool_backward_cases(paddings=st.just("same"),
                                                   strides=st.sampled_from([None, 1, 2]), unique=True),
            Hint('"same"에서 덧붙인 칸은 최댓값이 될 수 없고 잘라낸 뒤 돌려줍니다.',
                 'Padded cells of "same" never win the max and are cut off from dx.', fits=WRONG_ANSWER), title_ko="same 패딩"),
    Concept("numerical gradient", 1, pool_backward_cases(unique=True, strides=OVERLAP),
            Hint("수치 미분과 맞지 않습니다.", "Disagrees with the numerical gradient.", fits=WRONG_ANSWER),
            judge=numeric_judge("pooling.max_pool2d", {"dx": (0, None)}, _pool_split),
            max_examples=5, offline=False, title_ko="수치 미분"),
    Concept("integer padding", 1, pool_backward_cases(paddings=INT_PADDINGS, unique=True,
                                                      strides=st.sampled_from([None, 1, 2])),
            Hint("정수 패딩도 \"same\"처럼: 덧붙인 칸은 최댓값이 될 수 없고, 기울기는 실제 칸으로만 가며 테두리를 잘라낸 뒤 돌려줍니다.",
                 'Integer padding works as "same": padded cells never win the max, the gradient '
                 "goes to real cells only and the border is cut off from dx.", fits=WRONG_ANSWER),
            max_examples=10, title_ko="정수 패딩"),
    Concept("dtype", 1, pool_backward_cases(dtype=dtypes("float32")),
            Hint("dx는 dout과 같은 dtype입니다 (float32 입력이면 float32).",
                 "dx has the dtype of dout (float32 in, float32 out).", fits=DTYPE),
            judge=same_dtypes, max_examples=8, title_ko="자료형"),
    _pool_backward_errors(max_pool=True),
), (FLOAT64_BUFFER,), ("dout", "x"))

AVG_POOL2D_BACKWARD = FunctionSpec("backprop", "avg_pool2d_backward", (
    Concept("spreads evenly", 2, pool_backward_cases(max_pool=False, pools=POOLS),
            Hint("평균 풀링의 기울기는 창의 모든 칸에 dout / (창의 칸 수)씩 고르게 나눠 줍니다.",
                 "Average pooling spreads dout / (cells in the window) evenly over the window.", fits=WRONG_ANSWER),
            examples=(Case((_DEFAULT_DOUT, _DEFAULT_X.shape), {}, ("dout", "x_shape")),),
            title_ko="고르게 나누기"),
    Concept("overlapping windows", 2, pool_backward_cases(max_pool=False, strides=OVERLAP),
            Hint("창이 겹치면 각 칸은 자신을 포함한 모든 창의 몫을 더해 받습니다.",
                 "With overlapping windows each cell adds up its share from every window it is in.", fits=WRONG_ANSWER), title_ko="겹치는 창"),
    Concept("same padding", 1, pool_backward_cases(max_pool=False, paddings=st.just("same"),
                                                   strides=st.sampled_from([None, 1, 2])),
            Hint('"same"에서는 실제 칸의 개수로 나눕니다 (순전파와 같게).',
                 'With "same" divide by the number of real cells (as in the forward pass).', fits=WRONG_ANSWER), title_ko="same 패딩"),
    Concept("integer padding", 1, pool_backward_cases(max_pool=False, paddings=INT_PADDINGS,
                                                      strides=st.sampled_from([None, 1, 2])),
            Hint("정수 패딩도 \"same\"처럼 실제 칸의 개수로 나누고, 덧붙인 테두리는 잘라낸 뒤 돌려줍니다.",
                 'Integer padding works as "same": divide by the number of real cells and cut '
                 "the padded border off from dx.", fits=WRONG_ANSWER), max_examples=10,
            title_ko="정수 패딩"),
    Concept("dtype", 1, pool_backward_cases(max_pool=False, dtype=dtypes("float32", "int64")),
            Hint("float32 dout은 float32로, 정수 dout은 float64로 돌려주세요 (평균은 정수가 아닙니다).",
                 "float32 dout gives float32; integer dout gives float64 (a share of a window "
                 "is not an integer).", fits=DTYPE), judge=same_dtypes, max_examples=8,
            title_ko="자료형"),
    _pool_backward_errors(max_pool=False),
), (FLOAT64_BUFFER,), ("dout", "x_shape"))

# ---------------------------------------------------------------- dropout / softmax

DROPOUT_ARGS = ("dout", "keep_mask", "rate")


@st.composite
def dropout_backward_cases(draw, dtype=st.just(FLOAT64)):
    """Cases for ``dropout_backward(dout, keep_mask, rate)``: any shape of 1-3 axes."""
    shape = tuple(draw(st.integers(1, 4)) for _ in range(draw(st.integers(1, 3))))
    dout = draw(arrays(shape, draw(dtype)))
    mask = draw(arrays(shape, np.dtype(bool)))
    return Case((dout, mask, draw(st.sampled_from([0.0, 0.25, 0.5, 0.75]))), {}, DROPOUT_ARGS)


_MASK = np.array([[True, False, True], [False, True, True]])
DROPOUT_BACKWARD = FunctionSpec("backprop", "dropout_backward", (
    Concept("mask and scale", 2, dropout_backward_cases(),
            Hint("순전파와 똑같이: 남긴 원소에만 dout / (1 - rate)를, 버린 원소는 0을 돌려줍니다.",
                 "As in the forward pass: dout / (1 - rate) where kept, 0 where dropped.", fits=WRONG_ANSWER), title_ko="마스크와 스케일"),
    Concept("dtype", 1, dropout_backward_cases(dtype=dtypes("float32", "int64")),
            Hint("float32 dout은 float32로, 정수 dout은 float64로 돌려주세요 (마스크를 astype(float)로 바꾸면 float64가 됩니다).",
                 "float32 dout gives float32 and integer dout float64 (a mask turned into "
                 "astype(float) makes everything float64).", fits=DTYPE), judge=same_dtypes,
            max_examples=8, title_ko="자료형"),
    _errors([Case((np.ones((2, 3)), _MASK, 1.0), {}, DROPOUT_ARGS),
             Case((np.ones((2, 3)), _MASK, -0.5), {}, DROPOUT_ARGS),
             Case((np.ones((2, 3)), _MASK[:, :2], 0.5), {}, DROPOUT_ARGS)],
            Case((np.ones((2, 3)), _MASK, 0.5), {}, DROPOUT_ARGS),
            "[0, 1) 밖의 rate, dout과 모양이 다른 keep_mask",
            "a rate outside [0, 1) or a keep_mask of another shape than dout", 3),
), (FLOAT64_BUFFER,), DROPOUT_ARGS)


@st.composite
def softmax_cases(draw, scale: int = 1, dtype=st.just(FLOAT64)):
    """Cases for ``softmax_cross_entropy(logits, labels)``: ``logits (N, K)`` times ``scale``, int labels ``(N,)``."""
    n, k = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    logits = draw(arrays((n, k), draw(dtype))) * scale
    labels = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)), dtype=np.int64)
    return Case((logits, labels), {}, ("logits", "labels"))


def _softmax_part(index: int, name: str):
    def judge(case: Case, student, reference) -> None:
        expected = reference(*case.args)[index]
        received = call_student(student, case)
        if not isinstance(received, (tuple, list)) or len(received) != 2:
            text = Text("(loss, dlogits)를 돌려주세요", "return (loss, dlogits)")
            raise Mismatch(text, expected="(loss, dlogits)", received=received,
                           difference=Difference(Kind.TYPE, text))
        got = received[index]
        if index == 0:
            if not isinstance(got, (float, np.floating)):
                text = Text(f"loss는 float이어야 하는데 받은 값의 자료형은 {type(got).__name__}입니다",
                            f"loss should be a float, got {type(got).__name__}")
                raise Mismatch(text, expected=expected, received=got,
                               difference=Difference(Kind.TYPE, text))
            if not np.isclose(got, expected, rtol=1e-6, atol=1e-9):
                assert_matches(float(expected), float(got), "loss")
            return
        assert_matches(expected, got, name)
    return judge


SOFTMAX = FunctionSpec("backprop", "softmax_cross_entropy", (
    Concept("loss", 2, softmax_cases(),
            Hint("손실은 배치 평균 -log(softmax(logits)[n, labels[n]])입니다 (합이 아니라 평균).",
                 "The loss is the batch mean of -log softmax(logits)[n, labels[n]] (a mean, not a sum).", fits=VALUES),
            judge=_softmax_part(0, "loss"), title_ko="손실"),
    Concept("gradient", 2, softmax_cases(),
            Hint("dlogits = (softmax - one_hot(labels)) / N 입니다.",
                 "dlogits = (softmax - one_hot(labels)) / N.", fits=WRONG_ANSWER), judge=_softmax_part(1, "dlogits"), title_ko="기울기"),
    Concept("large logits", 1, softmax_cases(scale=200),
            Hint("exp 전에 각 행의 최댓값을 빼야 큰 logit에서도 넘치지 않습니다 (결과는 같습니다).",
                 "Subtract each row's maximum before exp so large logits do not overflow (the "
                 "result is unchanged).", fits=VALUES), judge=_softmax_part(0, "loss"), title_ko="큰 logit"),
    Concept("dtype", 1, softmax_cases(dtype=dtypes("float32", "int64")),
            Hint("float32 logits의 dlogits는 float32, 정수 logits는 float64입니다 (np.eye(K)[labels]처럼 dtype 없이 만든 one-hot은 float64입니다).",
                 "float32 logits give float32 dlogits, integer logits float64 (a one-hot made "
                 "without dtype, like np.eye(K)[labels], is float64).", fits=DTYPE),
            judge=same_dtypes, max_examples=8, title_ko="자료형"),
    _errors([Case((np.zeros((2, 3)), np.array([0, 3])), {}, ("logits", "labels")),
             Case((np.zeros((2, 3)), np.array([0, 1, 2])), {}, ("logits", "labels")),
             Case((np.zeros(3), np.array([0])), {}, ("logits", "labels")),
             Case((np.zeros((0, 3)), np.zeros(0, dtype=np.int64)), {}, ("logits", "labels"))],
            Case((np.zeros((2, 3)), np.array([0, 2])), {}, ("logits", "labels")),
            "범위 밖 레이블, 개수가 맞지 않는 레이블, 2차원이 아니거나 비어 있는 logits",
            "labels out of range or of the wrong length, or logits that are not 2-D or are "
            "empty", 4),
), (FLOAT64_BUFFER,), ("logits", "labels"))

SPECS = (RELU, RELU_BACKWARD, DENSE_FORWARD, DENSE_BACKWARD, CONV2D_BACKWARD, MAX_POOL2D_BACKWARD,
         AVG_POOL2D_BACKWARD, DROPOUT_BACKWARD, SOFTMAX)
