"""Grading specs for ``conv.py``: ``conv2d_single`` and ``conv2d`` (lecture 3.3.1, 3.6)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..failure import (DTYPE, RAISED, SHAPE, TYPE, VALUES, all_of, any_of, arg, axes,
                       negate)
from ..judges import expect_value_error, inputs_unchanged
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint
from ..strategies import (FLOAT64, arrays, as_pair, dtypes, pairs_or_ints, same_padding,
                          window_geometry)

SINGLE_ARGS = ("image", "kernel")
CONV_ARGS = ("x", "w")

LECTURE_PATCH = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]], dtype=np.float64)
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)
# Real uint8 pixels: drawn values are kept small for readable counterexamples, so
# only these make a sum pass 255 and show a computation done in uint8.
BRIGHT_UINT8 = np.full((3, 3), 200, dtype=np.uint8)
SMALL_UINT8_KERNEL = np.full((3, 3), 3, dtype=np.uint8)

UNCHANGED = negate(any_of(RAISED, TYPE))   # an input came back changed (not an error, not junk)


def _integer(name: str):
    """Fits a call whose array argument ``name`` holds integers."""
    return arg(name, lambda a: isinstance(a, np.ndarray) and a.dtype.kind in "iu")


def _overflow_hint(name: str) -> Hint:
    return Hint("정수 입력은 넘침 없이 정확하게 계산하세요: uint8로 곱하고 더하면 255를 넘는 값이 잘립니다 (int64로 바꾼 뒤 계산).",
                "Compute integer input exactly: products and sums in uint8 wrap around above "
                "255 (convert to int64 first).", fits=all_of(VALUES, _integer(name)))


# ---------------------------------------------------------------- conv2d_single

@st.composite
def single_cases(draw, dtype=st.just(FLOAT64), square: bool = False):
    """Cases for ``conv2d_single(image, kernel)``: ``image (H, W)`` at least as large as ``kernel (KH, KW)``."""
    kh = draw(st.integers(1, 4))
    kw = kh if square else draw(st.integers(1, 4))
    h = draw(st.integers(kh, 7))
    w = h if square else draw(st.integers(kw, 7))
    dt = draw(dtype)
    image = draw(arrays((h, w), dt))
    kernel = draw(arrays((kh, kw), dt, low=-3, high=3))
    return Case((image, kernel), arg_names=SINGLE_ARGS)


def _single_bad_cases():
    image = arrays((4, 4))
    return st.one_of(
        st.builds(lambda i, k: Case((i, k), arg_names=SINGLE_ARGS), arrays((3, 3)), arrays((4, 2))),
        st.builds(lambda i, k: Case((i, k), arg_names=SINGLE_ARGS), arrays((1, 4, 4)), arrays((3, 3))),
        st.builds(lambda i, k: Case((i, k), arg_names=SINGLE_ARGS), image, arrays((3,))),
    )


SINGLE = FunctionSpec(
    module="conv", function="conv2d_single", arg_names=SINGLE_ARGS,
    concepts=(
        Concept("worked example", 1, single_cases(square=True),
                Hint("강의의 예제: 커널의 각 값과 그 아래 픽셀 값을 곱해 모두 더합니다 (정답 261; 슬라이드의 243은 계산 실수).",
                     "The lecture's example: multiply each kernel value with the pixel under it and "
                     "add everything up (261; the slide's 243 is an arithmetic slip).", fits=VALUES),
                examples=(Case((LECTURE_PATCH, SOBEL_X), arg_names=SINGLE_ARGS),),
                title_ko="강의 예제"),
        Concept("sliding window", 2, single_cases(square=True),
                Hint("커널을 한 픽셀씩 옮기며 모든 위치에서 계산해야 합니다.",
                     "Slide the kernel one pixel at a time and compute at every position.",
                     fits=VALUES),
                title_ko="창 옮기기"),
        Concept("non-square", 1, single_cases(),
                Hint("높이와 너비를 구분하세요: 행은 KH, 열은 KW를 따라 움직입니다.",
                     "Keep height and width apart: rows move along KH, columns along KW.",
                     fits=any_of(VALUES, SHAPE)),
                title_ko="정사각형이 아닌 커널"),
        Concept("dtype", 1, single_cases(dtype=dtypes("float32", "int64", "uint8")), (
            Hint("float32 입력은 float32로 돌려주고, 정수 입력은 정확한 정수(int64)로 돌려주세요.",
                 "Return float32 for float32 input and exact integers (int64) for integer input.",
                 fits=DTYPE),
            _overflow_hint("image")),
                examples=(Case((BRIGHT_UINT8, SMALL_UINT8_KERNEL), arg_names=SINGLE_ARGS),),
                title_ko="자료형"),
        Concept("errors", 1, _single_bad_cases(),
                Hint("2차원이 아닌 입력이나 이미지보다 큰 커널에는 ValueError를 발생시키세요.",
                     "Raise ValueError for inputs that are not 2-D or a kernel larger than the image."),
                judge=expect_value_error, max_examples=10, title_ko="잘못된 입력"),
        Concept("inputs unchanged", 1, single_cases(),
                Hint("입력 배열을 수정하지 마세요 (예: 제자리 연산 +=, 커널 뒤집기).",
                     "Do not modify the input arrays (e.g. in-place +=, flipping the kernel in place).",
                     fits=UNCHANGED),
                judge=inputs_unchanged, max_examples=10, title_ko="입력 보존"),
    ),
    diagnosers=(
        Diagnoser("flipped kernel",
                  Hint("커널을 뒤집은 것 같습니다 (수학의 합성곱). 딥러닝의 합성곱은 뒤집지 않는 교차상관입니다.",
                       "Your kernel looks flipped (mathematical convolution); deep learning "
                       "convolution is cross-correlation, no flip."),
                  mistaken=lambda case, ref: ref(case.args[0], case.args[1][::-1, ::-1])),
        Diagnoser("transposed",
                  Hint("행과 열이 바뀐 것 같습니다 (image.T 또는 kernel.T).",
                       "Rows and columns look swapped (image.T or kernel.T)."),
                  # transposing both gives the transposed answer: only one of them is a mistake
                  mistaken=lambda case, ref: ref(case.args[0], case.args[1].T)),
    ),
    hints=(Hint("출력은 (H-KH+1, W-KW+1) 모양입니다 (스트라이드 1, 패딩 없음).",
                "The output has shape (H-KH+1, W-KW+1) (stride 1, no padding).", fits=SHAPE),),
)


# ---------------------------------------------------------------- conv2d

@st.composite
def conv_cases(draw, *, c_in=st.just(1), c_out=st.just(1), strides=st.just(None),
               paddings=st.just(None), bias=False, dtype=st.just(FLOAT64),
               windows=st.integers(1, 3), batch=st.integers(1, 2)):
    """Cases for ``conv2d(x, w, b=..., stride=..., padding=...)``.

    ``None`` for strides/paddings means the argument is left at its default.
    """
    stride_given = draw(strides)
    padding_given = draw(paddings)
    size, window, stride, padding = draw(window_geometry(
        windows=windows, strides=st.just(1 if stride_given is None else stride_given),
        paddings=st.just("valid" if padding_given is None else padding_given), max_size=7))
    kh, kw = (window, window) if isinstance(window, int) else window
    n, ci, co, dt = draw(batch), draw(c_in), draw(c_out), draw(dtype)
    x = draw(arrays((n, size[0], size[1], ci), dt))
    w = draw(arrays((kh, kw, ci, co), dt, low=-3, high=3))
    kwargs = {}
    if bias:
        kwargs["b"] = draw(arrays((co,), dt, low=-5, high=5))
    if stride_given is not None:
        kwargs["stride"] = stride
    if padding_given is not None:
        kwargs["padding"] = padding
    return Case((x, w), kwargs, CONV_ARGS)


def _conv_bad_cases():
    def case(x, w, **kw):
        return Case((x, w), kw, CONV_ARGS)
    x = arrays((1, 4, 4, 2))
    return st.one_of(
        st.builds(case, x, arrays((3, 3, 3, 1))),                         # channels differ
        st.builds(case, arrays((4, 4, 2)), arrays((3, 3, 2, 1))),         # x not 4-D
        st.builds(case, x, arrays((3, 3, 2))),                            # w not 4-D
        st.builds(case, x, arrays((5, 5, 2, 1))),                         # kernel too big
        st.builds(lambda x, w: case(x, w, stride=0), x, arrays((2, 2, 2, 1))),
        st.builds(lambda x, w, b: case(x, w, b=b), x, arrays((2, 2, 2, 3)), arrays((2,))),
    )


SAME_OR_INT = st.one_of(st.just("same"), pairs_or_ints(0, 2))

CONV2D = FunctionSpec(
    module="conv", function="conv2d", arg_names=CONV_ARGS,
    concepts=(
        Concept("one channel", 2, conv_cases(),
                Hint("흑백 이미지 한 장, 필터 하나: 각 위치에서 커널과 겹치는 값을 곱해 더합니다 (커널은 뒤집지 않습니다).",
                     "One grayscale channel, one filter: at each position multiply the overlapping "
                     "values and add them (the kernel is not flipped).", fits=VALUES),
                title_ko="채널 하나"),
        Concept("color (input channels)", 2, conv_cases(c_in=st.integers(2, 4)),
                Hint("컬러 이미지는 채널이 여러 개입니다: 각 출력 값은 모든 입력 채널에 대한 합입니다 (강의 3.6.1).",
                     "A color image has several channels: every output value sums over all input "
                     "channels (lecture 3.6.1).", fits=VALUES),
                title_ko="컬러 이미지의 입력 채널"),
        Concept("many filters", 1, conv_cases(c_in=st.integers(1, 3), c_out=st.integers(2, 4)),
                Hint("필터 수만큼 특징 맵이 나옵니다: 출력의 마지막 축 o는 w[..., o]로 계산합니다.",
                     "One feature map per filter: output channel o uses w[..., o].",
                     fits=any_of(VALUES, axes(3))),
                title_ko="여러 필터"),
        Concept("bias", 1, conv_cases(c_in=st.integers(1, 2), c_out=st.integers(1, 3), bias=True),
                Hint("편향 b[o]는 출력 채널 o의 모든 위치에 한 번씩 더합니다.",
                     "Add bias b[o] once to every position of output channel o.", fits=VALUES),
                title_ko="편향"),
        Concept("stride", 2, conv_cases(c_in=st.integers(1, 2), strides=pairs_or_ints(1, 3),
                                        windows=pairs_or_ints(1, 3)),
                Hint("스트라이드 s는 커널이 한 번에 s픽셀씩 움직인다는 뜻입니다: 출력 크기는 floor((n-k)/s)+1.",
                     "Stride s moves the kernel s pixels at a time: output size floor((n-k)/s)+1.",
                     fits=any_of(VALUES, axes(1, 2))),
                title_ko="스트라이드"),
        Concept("integer padding", 2, conv_cases(c_in=st.integers(1, 2),
                                                 strides=st.one_of(st.none(), st.integers(1, 2)),
                                                 paddings=pairs_or_ints(1, 2)),
                Hint("패딩 p는 이미지의 위·아래·왼쪽·오른쪽에 0을 p줄씩 덧붙입니다.",
                     "Padding p adds p rows/columns of zeros on every side (top, bottom, left, right).",
                     fits=any_of(VALUES, axes(1, 2))),
                title_ko="정수 패딩"),
        Concept("same padding", 2, conv_cases(c_in=st.integers(1, 2), strides=pairs_or_ints(1, 3),
                                              paddings=st.just("same"),
                                              windows=pairs_or_ints(1, 4)),
                Hint('"same"은 출력 크기가 ceil(n/s)가 되도록 0을 채웁니다. 전체 패딩 max((out-1)*s+k-n, 0) 중 '
                     "위/왼쪽에 total//2, 남는 한 줄은 아래/오른쪽에 둡니다 (TensorFlow 규칙).",
                     '"same" pads so the output is ceil(n/s): total max((out-1)*s+k-n, 0), '
                     "top/left gets total//2, the extra row/column goes to the bottom/right "
                     "(TensorFlow's rule).", fits=any_of(VALUES, axes(1, 2))),
                title_ko="same 패딩"),
        Concept("dtype", 1, conv_cases(c_in=st.integers(1, 2), c_out=st.integers(1, 2),
                                       dtype=dtypes("float32", "int64", "uint8"), bias=True), (
            Hint("float32 입력에는 float32 결과를, 정수 입력에는 정확한 정수 결과(int64)를 돌려주세요.",
                 "float32 in, float32 out; integer input gives an exact integer result (int64).",
                 fits=DTYPE),
            _overflow_hint("x")),
                examples=(Case((BRIGHT_UINT8[None, :, :, None], SMALL_UINT8_KERNEL[:, :, None, None]),
                               {"b": np.array([5], dtype=np.uint8)}, CONV_ARGS),),
                title_ko="자료형"),
        Concept("errors", 1, _conv_bad_cases(),
                Hint("채널 수 불일치, 잘못된 차원, stride < 1, 패딩한 입력보다 큰 커널, 잘못된 b 모양에는 ValueError를 발생시키세요.",
                     "Raise ValueError for mismatched channels, wrong ndim, stride < 1, a kernel "
                     "larger than the padded input, or a bad bias shape."),
                judge=expect_value_error, max_examples=15, title_ko="잘못된 입력"),
        Concept("inputs unchanged", 1, conv_cases(c_in=st.integers(1, 2), bias=True,
                                                  paddings=SAME_OR_INT),
                Hint("입력 x, w, b를 수정하지 마세요 (제자리 연산이나 뷰에 쓰기 금지).",
                     "Do not modify x, w or b (no in-place operations or writes through views).",
                     fits=UNCHANGED),
                judge=inputs_unchanged, max_examples=10,
                examples=(Case((np.arange(1.0, 17.0).reshape(1, 4, 4, 1), np.full((2, 2, 1, 1), 2.0)),
                               {"b": np.array([1.0])}, CONV_ARGS),),
                title_ko="입력 보존"),
    ),
    diagnosers=(
        Diagnoser("padding split on the wrong side",
                  Hint('"same"의 남는 한 줄을 위/왼쪽에 두었습니다. TensorFlow 규칙은 아래/오른쪽입니다.',
                       'The extra "same" row/column went to the top/left; TensorFlow puts it at '
                       "the bottom/right."),
                  mistaken=lambda c, ref: _same_top_heavy(c, ref)
                  if c.kwargs.get("padding") == "same" else None),
        Diagnoser("flipped kernel",
                  Hint("커널을 뒤집은 것 같습니다. 딥러닝의 합성곱은 커널을 뒤집지 않습니다 (교차상관).",
                       "Your kernel looks flipped; deep learning convolution does not flip it "
                       "(cross-correlation)."),
                  mistaken=lambda c, ref: ref(c.args[0], c.args[1][::-1, ::-1], **c.kwargs)),
        Diagnoser("stride ignored",
                  Hint("스트라이드를 무시하고 한 칸씩 움직인 결과와 같습니다.",
                       "Your output matches stride 1: the stride seems to be ignored."),
                  mistaken=lambda c, ref: ref(*c.args, **{**c.kwargs, "stride": 1})),
        Diagnoser("channels not summed",
                  Hint("입력 채널을 더하지 않고 첫 채널만 쓴 것 같습니다.",
                       "Only the first input channel seems to be used; sum over all channels."),
                  mistaken=lambda c, ref: ref(c.args[0][..., :1], c.args[1][:, :, :1], **c.kwargs)),
        Diagnoser("bias ignored",
                  Hint("편향 b를 더하지 않았습니다.", "The bias b was not added."),
                  mistaken=lambda c, ref: ref(*c.args, **{k: v for k, v in c.kwargs.items()
                                                          if k != "b"}) if "b" in c.kwargs else None),
    ),
    hints=(
        Hint("출력의 높이와 너비는 floor((n + 2p - k) / s) + 1입니다 (\"same\"이면 ceil(n / s)).",
             'The output height and width are floor((n + 2p - k) / s) + 1 (ceil(n / s) for "same").',
             fits=axes(1, 2)),
        Hint("출력 채널 수는 필터 수 w.shape[3]입니다.",
             "The number of output channels is the number of filters, w.shape[3].", fits=axes(3)),
        Hint("배치의 이미지마다 결과가 하나씩 있어야 합니다: 출력의 첫 축은 x.shape[0]입니다.",
             "Every image of the batch gets its own result: the output's first axis is x.shape[0].",
             fits=axes(0)),
    ),
)


def _same_top_heavy(case: Case, ref):
    """What "same" gives when the extra padding row/column goes to the top/left."""
    x, w = case.args
    pads = same_padding(x.shape[1:3], w.shape[:2], as_pair(case.kwargs.get("stride", 1)))
    xp = np.pad(x, ((0, 0), pads[0][::-1], pads[1][::-1], (0, 0)))
    kwargs = {k: v for k, v in case.kwargs.items() if k != "padding"}
    return ref(xp, w, **kwargs)


SPECS = (SINGLE, CONV2D)
