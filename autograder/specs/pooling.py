"""Grading specs for ``pooling.py`` (lecture 3.3.2)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..failure import (DTYPE, RAISED, SHAPE, TYPE, VALUES, all_of, any_of, arg, axes,
                       negate)
from ..judges import inputs_unchanged, rejects_only_bad_arguments
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint
from ..strategies import (FLOAT64, arrays, as_pair, dtypes, pairs_or_ints, same_padding,
                          window_geometry)

X_ARG = ("x",)
UNCHANGED = negate(any_of(RAISED, TYPE))
SAME = arg("padding", lambda p: p == "same")
INTEGER_PADDING = arg("padding", lambda p: p not in (None, "valid", "same"))


@st.composite
def pool_cases(draw, *, pools=st.integers(1, 3), strides=st.just(None), paddings=st.just(None),
               channels=st.just(1), dtype=st.just(FLOAT64), low: int = -9, high: int = 9,
               pool_given: bool = True, stride_is_pool: bool = False):
    """Cases for ``pool(x, pool_size=..., stride=..., padding=...)``; ``None`` = default.

    ``stride_is_pool`` passes ``stride=pool_size`` explicitly, so a wrong default
    stride costs only the "default stride" concept.
    """
    stride_given = draw(strides)
    padding_given = draw(paddings)
    size, pool, stride, padding = draw(window_geometry(
        windows=pools, strides=st.just(stride_given),
        paddings=st.just("valid" if padding_given is None else padding_given),
        max_size=8, padding_below_window=True))
    n, c, dt = draw(st.integers(1, 2)), draw(channels), draw(dtype)
    x = draw(arrays((n, size[0], size[1], c), dt, low=low, high=high))
    kwargs = {}
    if pool_given:
        kwargs["pool_size"] = pool
    if stride_given is not None:
        kwargs["stride"] = stride
    elif stride_is_pool:
        kwargs["stride"] = pool
    if padding_given is not None:
        kwargs["padding"] = padding
    return Case((x,), kwargs, X_ARG)


def _pool_bad_cases():
    def case(x, **kw):
        return Case((x,), kw, X_ARG)
    return st.one_of(
        st.builds(case, arrays((4, 4, 1))),                                    # not 4-D
        st.builds(lambda x: case(x, pool_size=5), arrays((1, 4, 4, 1))),      # window too big
        st.builds(lambda x: case(x, pool_size=2, stride=0), arrays((1, 4, 4, 1))),
        st.builds(lambda x: case(x, pool_size=0), arrays((1, 4, 4, 1))),
    )


# Left at every default: pool_size 2, stride = pool_size, no padding.
ALL_DEFAULTS = Case((np.arange(-8.0, 16.0).reshape(1, 4, 6, 1),), {}, X_ARG)
PADDING_AS_WIDE_AS_WINDOW = Case((np.arange(16.0).reshape(1, 4, 4, 1),),
                                 {"pool_size": 2, "padding": 2}, X_ARG)


def _default_stride_cases():
    """Only ``pool_size`` given, on sizes where stride 1 and stride = pool_size differ."""
    return pool_cases(pools=st.integers(2, 3), pool_given=True)


def _pool_spec(function: str, kind: str) -> FunctionSpec:
    is_max = kind == "max"
    word_ko = "최댓값" if is_max else "평균"
    same_hint = (
        Hint('"same" 패딩으로 덧붙인 칸은 무시하세요: 실제 칸 중에서 최댓값을 구합니다. 0으로 채우면 값이 모두 음수일 때 틀립니다.',
             'Ignore the cells added by "same" padding: take the max over real cells only. '
             "Padding with zeros breaks all-negative inputs.", fits=VALUES)
        if is_max else
        Hint('"same" 패딩으로 덧붙인 칸은 평균에서 빼세요: 실제 칸의 합을 실제 칸의 개수로 나눕니다 (TensorFlow 규칙).',
             'Leave the cells added by "same" padding out of the average: divide the sum of '
             "real cells by their count (TensorFlow's rule).", fits=VALUES))
    same_low, same_high = (-9, -1) if is_max else (-9, 9)
    concepts = [
        Concept("window", 2, pool_cases(pools=pairs_or_ints(1, 3), stride_is_pool=True),
                Hint(f"각 창(window) 안 값들의 {word_ko} 하나를 구하세요. 기본 stride는 pool_size입니다 (창이 겹치지 않음).",
                     f"Take the {kind} of each window; the default stride equals pool_size "
                     "(windows do not overlap).", fits=any_of(VALUES, axes(1, 2))),
                title_ko="창"),
        Concept("default stride", 1, _default_stride_cases(),
                Hint("stride=None이면 stride = pool_size입니다 (Keras). 1이 아닙니다. pool_size의 기본값은 2입니다.",
                     "stride=None means stride = pool_size (Keras), not 1; pool_size defaults to 2.",
                     fits=any_of(VALUES, axes(1, 2))),
                examples=(ALL_DEFAULTS,), title_ko="기본 스트라이드"),
        Concept("explicit stride", 2, pool_cases(pools=pairs_or_ints(1, 3),
                                                 strides=pairs_or_ints(1, 3)),
                Hint("주어진 stride만큼 창을 옮기세요. stride < pool_size이면 창이 겹칩니다.",
                     "Move the window by the given stride; windows overlap when stride < pool_size.",
                     fits=any_of(VALUES, axes(1, 2))),
                title_ko="주어진 스트라이드"),
        Concept("channels", 1, pool_cases(channels=st.integers(2, 4), stride_is_pool=True),
                Hint("채널마다 따로 풀링합니다: 특징 맵의 개수(깊이)는 그대로입니다.",
                     "Pool each channel on its own: the number of feature maps (depth) is kept.",
                     fits=any_of(VALUES, axes(3))),
                title_ko="채널"),
        Concept("same padding", 2, pool_cases(pools=pairs_or_ints(2, 3), strides=pairs_or_ints(1, 3),
                                              paddings=st.just("same"), low=same_low,
                                              high=same_high),
                (same_hint, SAME_SIZE), title_ko="same 패딩"),
        Concept("integer padding", 1, pool_cases(pools=pairs_or_ints(2, 3),
                                                 strides=st.one_of(st.none(), pairs_or_ints(1, 2)),
                                                 paddings=pairs_or_ints(1, 2),
                                                 channels=st.integers(1, 2), low=same_low,
                                                 high=same_high),
                (Hint(f"정수 패딩 p는 위·아래·왼쪽·오른쪽에 p칸씩 덧붙입니다. \"same\"처럼 덧붙인 칸은 무시하고 실제 칸만으로 창마다 {word_ko} 하나를 구하세요.",
                      f"Integer padding p adds p cells on every side; as with \"same\", padded "
                      f"cells are ignored: take the {kind} of the real cells.", fits=VALUES),
                 PADDED_SIZE), title_ko="정수 패딩"),
        Concept("dtype", 1, pool_cases(dtype=dtypes("float32", "int64"), stride_is_pool=True),
                Hint("float32는 float32로 돌려주세요. " + (
                    "최대 풀링은 정수 입력의 dtype을 유지합니다." if is_max else
                    "정수 입력의 평균은 float64입니다."),
                     "Keep float32 as float32; " + (
                         "max pooling keeps an integer dtype." if is_max else
                         "the average of integers is float64."), fits=DTYPE),
                title_ko="자료형"),
        Concept("errors", 1, _pool_bad_cases(),
                Hint("4차원이 아닌 입력, 0 이하의 pool_size/stride, 창보다 작지 않은 패딩, 입력보다 큰 창에는 ValueError를 발생시키세요. 올바른 입력에는 발생시키지 마세요.",
                     "Raise ValueError for a non-4-D input, pool_size/stride < 1, a padding not "
                     "smaller than the window, or a window larger than the input; not for valid "
                     "input."),
                judge=rejects_only_bad_arguments, max_examples=10,
                examples=(ALL_DEFAULTS, PADDING_AS_WIDE_AS_WINDOW), title_ko="잘못된 입력"),
        Concept("inputs unchanged", 1, pool_cases(paddings=st.sampled_from(["valid", "same"])),
                Hint("입력 x를 수정하지 마세요.", "Do not modify x.", fits=UNCHANGED),
                judge=inputs_unchanged, max_examples=8, title_ko="입력 보존"),
    ]
    diagnosers = [
        Diagnoser("stride 1 by default",
                  Hint("stride를 생략했을 때 1로 계산한 것 같습니다. 기본값은 pool_size입니다.",
                       "Your default stride looks like 1; it must be pool_size."),
                  mistaken=lambda c, ref: ref(*c.args, **{**c.kwargs, "stride": 1})
                  if "stride" not in c.kwargs else None),
    ]
    if is_max:
        diagnosers.append(Diagnoser(
            "zero padding",
            Hint('패딩을 0으로 채운 뒤 최댓값을 구한 것 같습니다. 음수 값만 있으면 0이 이깁니다.',
                 'You padded with zeros before taking the max; with negative inputs the zeros win.'),
            lambda c, got, ref: c.kwargs.get("padding", "valid") != "valid"
            and isinstance(got, np.ndarray)
            and got.shape == ref(*c.args, **c.kwargs).shape and np.any(got == 0)
            and not np.any(c.args[0] == 0)))
    else:
        diagnosers.append(Diagnoser(
            "padded cells averaged",
            Hint("덧붙인 0까지 평균에 넣은 것 같습니다 (실제 칸의 개수로 나눠야 합니다).",
                 "The padded zeros were counted in the average; divide by the real cells only."),
            mistaken=lambda c, ref: _avg_counting_padding(c, ref)
            if c.kwargs.get("padding", "valid") != "valid" else None))
    return FunctionSpec("pooling", function, tuple(concepts), tuple(diagnosers), X_ARG,
                        hints=POOL_SHAPE_HINTS)


SAME_SIZE = Hint('"same"이면 출력 크기는 ceil(n / s)입니다.', '"same" gives an output size of ceil(n / s).',
                 fits=all_of(axes(1, 2), SAME))
PADDED_SIZE = Hint("정수 패딩 p가 있으면 출력 크기는 floor((n + 2p - k) / s) + 1입니다 (양쪽에 p칸씩).",
                   "With integer padding p the output size is floor((n + 2p - k) / s) + 1 (p cells "
                   "on each side).", fits=all_of(axes(1, 2), INTEGER_PADDING))
POOL_SHAPE_HINTS = (
    SAME_SIZE,
    PADDED_SIZE,
    Hint("출력의 높이와 너비는 floor((n - k) / s) + 1입니다 (stride를 주지 않으면 s = pool_size).",
         "The output height and width are floor((n - k) / s) + 1 (s = pool_size when no stride "
         "is given).", fits=axes(1, 2)),
    Hint("풀링은 채널마다 따로 합니다: 채널 수는 그대로입니다.",
         "Pooling works on each channel on its own: the number of channels is kept.", fits=axes(3)),
    Hint("배치의 이미지마다 결과가 하나씩 있어야 합니다: 출력의 첫 축은 x.shape[0]입니다.",
         "Every image of the batch gets its own result: the output's first axis is x.shape[0].",
         fits=axes(0)),
)


def _avg_counting_padding(case: Case, ref):
    """Average pooling with padding ("same", an int or a pair) when padded zeros count as cells."""
    x = case.args[0]
    k = as_pair(case.kwargs.get("pool_size", 2))
    s = as_pair(case.kwargs.get("stride") or k)
    padding = case.kwargs["padding"]
    if padding == "same":
        rows, columns = same_padding(x.shape[1:3], k, s)
    else:
        ph, pw = as_pair(padding)
        rows, columns = (ph, ph), (pw, pw)
    xp = np.pad(x.astype(np.float64), ((0, 0), rows, columns, (0, 0)))
    return ref(xp, pool_size=k, stride=s)


@st.composite
def global_cases(draw, dtype=st.just(FLOAT64), channels=st.integers(1, 3)):
    """Cases for ``global_avg_pool2d(x)`` and ``global_max_pool2d(x)``: ``x (N, H, W, C)``."""
    n, h, w, c = (draw(st.integers(1, 2)), draw(st.integers(1, 6)), draw(st.integers(1, 6)),
                  draw(channels))
    return Case((draw(arrays((n, h, w, c), draw(dtype))),), {}, X_ARG)


def _global_spec(function: str, kind: str) -> FunctionSpec:
    word_ko = "최댓값" if kind == "max" else "평균"
    return FunctionSpec("pooling", function, (
        Concept("whole feature map", 2, global_cases(channels=st.just(1)),
                Hint(f"전역 풀링은 특징 맵 전체(H, W 축)의 {word_ko} 하나를 구합니다: (N, H, W, C) -> (N, C).",
                     f"Global pooling takes one {kind} over the whole feature map (axes H, W): "
                     "(N, H, W, C) -> (N, C).", fits=any_of(VALUES, SHAPE)),
                title_ko="특징 맵 전체"),
        Concept("channels", 1, global_cases(channels=st.integers(2, 4)),
                Hint("채널마다 값 하나: 결과는 (N, C)입니다.", "One value per channel: the result is (N, C).",
                     fits=any_of(VALUES, SHAPE)),
                title_ko="채널"),
        Concept("dtype", 1, global_cases(dtype=dtypes("float32", "int64")),
                Hint("float32는 float32로 돌려주세요." + (" 정수의 평균은 float64입니다." if kind == "avg" else ""),
                     "Keep float32 as float32." + (" The average of integers is float64."
                                                   if kind == "avg" else ""), fits=DTYPE),
                title_ko="자료형"),
        Concept("errors", 1, st.builds(lambda x: Case((x,), {}, X_ARG), arrays((4, 4, 2))),
                Hint("4차원이 아닌 입력에는 ValueError를 발생시키세요. 4차원 입력에는 발생시키지 마세요.",
                     "Raise ValueError for an input that is not 4-D, and only then."),
                judge=rejects_only_bad_arguments, max_examples=3, examples=(ALL_DEFAULTS,),
                title_ko="잘못된 입력"),
    ), (), X_ARG, hints=(
        Hint("전역 풀링의 결과는 (N, C) 모양입니다: 높이와 너비 축이 사라집니다 (keepdims 없이).",
             "Global pooling gives shape (N, C): the height and width axes go away (no keepdims).",
             fits=SHAPE),))


SPECS = (_pool_spec("max_pool2d", "max"), _pool_spec("avg_pool2d", "average"),
         _global_spec("global_avg_pool2d", "avg"), _global_spec("global_max_pool2d", "max"))
