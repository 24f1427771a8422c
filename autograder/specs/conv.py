"""Grading specs for ``conv.py``: ``conv2d_single``, ``conv2d`` (lecture 3.3.1, 3.6), ``sobel_edges``
(3.2.1) and ``rgb_to_grayscale`` (3.6.2)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..compare import Difference, Kind, assert_matches
from ..failure import (DTYPE, RAISED, SHAPE, TYPE, VALUES, all_of, any_of, arg, axes,
                       negate)
from ..judges import call_student, inputs_unchanged, looks_like, rejects_only_bad_arguments
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint, Mismatch
from ..vocabulary import Text
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
                Hint("2차원이 아닌 입력이나 이미지보다 큰 커널에는 ValueError를 발생시키세요. 올바른 입력에는 발생시키지 마세요.",
                     "Raise ValueError for inputs that are not 2-D or a kernel larger than the "
                     "image, and only then."),
                judge=rejects_only_bad_arguments, max_examples=10,
                examples=(Case((LECTURE_PATCH, SOBEL_X), arg_names=SINGLE_ARGS),),
                title_ko="잘못된 입력"),
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
                Hint("채널 수 불일치, 잘못된 차원, stride < 1, 패딩한 입력보다 큰 커널, 잘못된 b 모양에는 ValueError를 발생시키세요. 올바른 입력에는 발생시키지 마세요.",
                     "Raise ValueError for mismatched channels, wrong ndim, stride < 1, a kernel "
                     "larger than the padded input, or a bad bias shape; not for valid input."),
                judge=rejects_only_bad_arguments, max_examples=15,
                examples=(Case((np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 1))), {}, CONV_ARGS),),
                title_ko="잘못된 입력"),
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




# ---------------------------------------------------------------- sobel_edges

SOBEL_ARGS = ("image",)
SOBEL_Y = SOBEL_X.T
# A dark-to-bright step in uint8: differences below zero wrap around in uint8 arithmetic.
UINT8_STEP = np.repeat(np.array([[0, 0, 255, 255]], dtype=np.uint8), 4, axis=0)


@st.composite
def sobel_cases(draw, edges: str = "any", dtype=st.just(FLOAT64)):
    """Cases for ``sobel_edges(image)``, ``image (H, W)`` at least 3x3.

    ``edges="vertical"``: every row the same (brightness changes only from left to
    right, so ``gy`` is 0); ``"horizontal"``: every column the same.
    """
    h, w, dt = draw(st.integers(3, 6)), draw(st.integers(3, 6)), draw(dtype)
    if edges == "vertical":
        image = np.repeat(draw(arrays((1, w), dt, low=0)), h, axis=0)
    elif edges == "horizontal":
        image = np.repeat(draw(arrays((h, 1), dt, low=0)), w, axis=1)
    else:
        image = draw(arrays((h, w), dt, low=0))
    return Case((image,), {}, SOBEL_ARGS)


def _sobel_parts(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``gx`` and ``gy`` of an image, in float64 (for the diagnosers)."""
    from numpy.lib.stride_tricks import sliding_window_view
    windows = sliding_window_view(np.asarray(image, dtype=np.float64), (3, 3))
    return (np.tensordot(windows, SOBEL_X, axes=([2, 3], [0, 1])),
            np.tensordot(windows, SOBEL_Y, axes=([2, 3], [0, 1])))


def _sobel_mistake(combine):
    return lambda case, got, ref: looks_like(got, combine(*_sobel_parts(case.args[0])),
                                             ref(*case.args))


SOBEL_EDGES = FunctionSpec(
    module="conv", function="sobel_edges", arg_names=SOBEL_ARGS,
    concepts=(
        Concept("lecture patch", 1, sobel_cases(),
                Hint("강의의 3x3 조각: gx = 261 (Sobel x, 강의의 예제), gy = 191 (Sobel y = Sobel x의 전치), "
                     "세기는 sqrt(261² + 191²) ≈ 323.42 입니다.",
                     "The lecture's 3x3 patch: gx = 261 (Sobel x, the worked example), gy = 191 "
                     "(Sobel y, the transpose), strength sqrt(261² + 191²) ≈ 323.42.", fits=VALUES),
                examples=(Case((LECTURE_PATCH,), {}, SOBEL_ARGS),), title_ko="강의의 3x3 조각"),
        Concept("vertical edges (gx)", 2, sobel_cases("vertical"),
                Hint("밝기가 왼쪽에서 오른쪽으로 바뀌는 세로 경계는 Sobel x 커널 [[-1,0,1],[-2,0,2],[-1,0,1]] "
                     "(conv2d_single) 이 찾습니다. 이런 이미지에서 결과는 |gx| 입니다.",
                     "A vertical edge (brightness changing from left to right) is found by the Sobel x "
                     "kernel [[-1,0,1],[-2,0,2],[-1,0,1]] (conv2d_single); on such an image the "
                     "result is |gx|.", fits=VALUES), title_ko="세로 경계"),
        Concept("horizontal edges (gy)", 2, sobel_cases("horizontal"),
                Hint("위에서 아래로 밝기가 바뀌는 가로 경계는 Sobel y 커널 (Sobel x 의 전치) 이 찾습니다.",
                     "A horizontal edge (brightness changing from top to bottom) is found by the "
                     "Sobel y kernel, the transpose of Sobel x.", fits=VALUES), title_ko="가로 경계"),
        Concept("edge strength", 2, sobel_cases(),
                Hint("두 방향을 합친 세기는 sqrt(gx² + gy²) 입니다 (|gx| + |gy| 나 제곱의 합이 아닙니다).",
                     "The combined strength is sqrt(gx² + gy²) (not |gx| + |gy|, not the sum of "
                     "squares).", fits=VALUES), title_ko="경계의 세기"),
        Concept("dtype", 1, sobel_cases(dtype=dtypes("float32", "uint8", "int64")),
                (Hint("float32 입력은 float32 결과를, 정수 입력은 float64 결과를 돌려주세요.",
                      "float32 in, float32 out; integer input gives float64.", fits=DTYPE),
                 Hint("uint8 로 빼면 음수가 넘쳐 255 근처의 값이 됩니다: 먼저 실수로 바꾸세요.",
                      "Subtracting in uint8 wraps negative values around to near 255: convert to "
                      "float first.", fits=all_of(VALUES, _integer("image")))),
                examples=(Case((UINT8_STEP,), {}, SOBEL_ARGS),), title_ko="자료형"),
        Concept("errors", 1, st.one_of(
            st.builds(lambda x: Case((x,), {}, SOBEL_ARGS), arrays((5,))),
            st.builds(lambda x: Case((x,), {}, SOBEL_ARGS), arrays((1, 4, 4))),
            st.builds(lambda x: Case((x,), {}, SOBEL_ARGS), arrays((2, 5))),
        ), Hint("2차원이 아니거나 3x3 보다 작은 image 에는 ValueError 를 발생시키세요. 올바른 입력에는 "
                "발생시키지 마세요.",
                "Raise ValueError for an image that is not 2-D or is smaller than 3x3, and only then."),
            judge=rejects_only_bad_arguments, max_examples=6,
            examples=(Case((LECTURE_PATCH,), {}, SOBEL_ARGS),), title_ko="잘못된 입력"),
        Concept("inputs unchanged", 1, sobel_cases(),
                Hint("입력 image 를 수정하지 마세요.", "Do not modify image.", fits=UNCHANGED),
                judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
    ),
    hints=(Hint("결과는 (H-2, W-2) 모양입니다: 3x3 커널을 패딩 없이 옮깁니다.",
                "The result has shape (H-2, W-2): the 3x3 kernels slide without padding.", fits=SHAPE),),
    diagnosers=(
        Diagnoser("|gx| + |gy|",
                  Hint("|gx| + |gy| 를 돌려준 것 같습니다. 경계의 세기는 sqrt(gx² + gy²) 입니다.",
                       "You return |gx| + |gy|; the edge strength is sqrt(gx² + gy²)."),
                  _sobel_mistake(lambda gx, gy: np.abs(gx) + np.abs(gy))),
        Diagnoser("no square root",
                  Hint("제곱근을 빼먹은 것 같습니다: gx² + gy² 가 아니라 sqrt(gx² + gy²) 입니다.",
                       "The square root seems missing: sqrt(gx² + gy²), not gx² + gy²."),
                  _sobel_mistake(lambda gx, gy: gx ** 2 + gy ** 2)),
        Diagnoser("gx only",
                  Hint("Sobel x (세로 경계)만 쓴 것 같습니다. 가로 경계를 찾는 Sobel y 도 더하세요.",
                       "Only Sobel x (vertical edges) seems used; add Sobel y for horizontal edges."),
                  _sobel_mistake(lambda gx, gy: np.abs(gx))),
        Diagnoser("gy only",
                  Hint("Sobel y (가로 경계)만 쓴 것 같습니다. 세로 경계를 찾는 Sobel x 도 더하세요.",
                       "Only Sobel y (horizontal edges) seems used; add Sobel x for vertical edges."),
                  _sobel_mistake(lambda gx, gy: np.abs(gy))),
    ),
)


# ---------------------------------------------------------------- rgb_to_grayscale

GRAY_ARGS = ("images",)
# Pure red, green, blue and white pixels: each weight shows on its own.
PURE_COLOURS = np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0]]])
BRIGHT_RGB_UINT8 = np.full((2, 2, 3), 250, dtype=np.uint8)
BT709_WEIGHTS = (np.array([0.2126, 0.7152, 0.0722]), np.array([0.2125, 0.7154, 0.0721]))


@st.composite
def gray_cases(draw, batch: bool = False, one_channel: bool = False, dtype=st.just(FLOAT64)):
    """Cases for ``rgb_to_grayscale(images)``: ``(H, W, 3)``, or ``(N, H, W, 3)`` with ``batch``.

    ``one_channel``: only one of R, G, B is non-zero in the whole image.
    """
    h, w, dt = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(dtype)
    shape = ((draw(st.integers(1, 3)),) if batch else ()) + (h, w, 3)
    images = draw(arrays(shape, dt, low=0))
    if one_channel:
        keep = draw(st.integers(0, 2))
        images = images * (np.arange(3) == keep).astype(dt)
    return Case((images,), {}, GRAY_ARGS)


def _gray_values_judge(case: Case, student, reference) -> None:
    """Compare the values; an output without the channel axis is judged by "keeps the channel axis"."""
    expected = reference(*case.args, **case.kwargs)
    received = call_student(student, case)
    shown = received
    if isinstance(received, np.ndarray) and received.shape == expected.shape[:-1]:
        shown = received[..., None]
    try:
        assert_matches(expected, shown)
    except Mismatch as exc:
        raise Mismatch(exc.text, expected=expected, received=received,
                       difference=exc.difference) from None


def _gray_shape_judge(case: Case, student, reference) -> None:
    """Only the shape: the values are the other concepts' business."""
    expected = reference(*case.args, **case.kwargs)
    received = call_student(student, case)
    if not isinstance(received, np.ndarray) or received.shape != expected.shape:
        shape = getattr(received, "shape", None)
        text = Text(f"결과의 모양(shape)이 다릅니다: 기대 {expected.shape}, 받은 {shape}",
                    f"the result has shape {shape}, expected {expected.shape}")
        kind = Kind.SHAPE if isinstance(received, np.ndarray) else Kind.TYPE
        raise Mismatch(text, expected=expected, received=received, difference=Difference(kind, text))


def _gray_with(weights):
    def matches(case: Case, got, ref) -> bool:
        images = np.asarray(case.args[0], dtype=np.float64)
        mistaken, correct = images @ weights, ref(*case.args)[..., 0]
        if isinstance(got, np.ndarray) and got.shape == correct.shape + (1,):
            got = got[..., 0]
        return isinstance(got, np.ndarray) and got.shape == correct.shape and looks_like(
            got.astype(np.float64), mistaken, correct)
    return matches


GRAYSCALE = FunctionSpec(
    module="conv", function="rgb_to_grayscale", arg_names=GRAY_ARGS,
    concepts=(
        Concept("pure colours", 2, gray_cases(one_channel=True),
                Hint("순수한 빨강, 초록, 파랑 픽셀 1.0 은 각각 0.299, 0.587, 0.114 가 됩니다 (ITU-R BT.601: "
                     "사람 눈에는 초록이 가장 밝고 파랑이 가장 어둡습니다).",
                     "Pure red, green and blue pixels of 1.0 become 0.299, 0.587 and 0.114 (ITU-R "
                     "BT.601: green looks brightest to the eye, blue darkest).", fits=VALUES),
                judge=_gray_values_judge, examples=(Case((PURE_COLOURS,), {}, GRAY_ARGS),), title_ko="순수한 빨강, 초록, 파랑"),
        Concept("weighted sum", 2, gray_cases(),
                Hint("픽셀마다 0.299 R + 0.587 G + 0.114 B 입니다. 채널은 마지막 축에 R, G, B 순서로 있습니다.",
                     "Each pixel is 0.299 R + 0.587 G + 0.114 B; the channels are on the last axis, in "
                     "the order R, G, B.", fits=VALUES),
                judge=_gray_values_judge, title_ko="가중합"),
        Concept("batch of images", 1, gray_cases(batch=True),
                Hint("배치 (N, H, W, 3) 도 같은 규칙으로 이미지마다 바꿉니다.",
                     "A batch (N, H, W, 3) is converted image by image with the same rule.", fits=VALUES),
                judge=_gray_values_judge, title_ko="이미지 배치"),
        Concept("keeps the channel axis", 1, gray_cases(batch=True),
                Hint("결과는 채널 하나를 가진 이미지입니다: (N, H, W, 3) -> (N, H, W, 1). 채널 축을 없애면 "
                     "conv2d 에 바로 넣을 수 없습니다.",
                     "The result is an image with one channel: (N, H, W, 3) -> (N, H, W, 1). Without "
                     "the channel axis it cannot go into conv2d.", fits=any_of(SHAPE, TYPE)),
                judge=_gray_shape_judge, title_ko="채널 축 유지"),
        Concept("dtype", 1, gray_cases(dtype=dtypes("float32", "uint8", "int64")),
                Hint("float32 입력은 float32 로, 정수 입력 (uint8 사진)은 반올림하지 않은 float64 로 돌려주세요.",
                     "float32 in, float32 out; integer input (a uint8 photo) gives float64, not rounded.", fits=DTYPE),
                judge=_gray_values_judge,
                examples=(Case((BRIGHT_RGB_UINT8,), {}, GRAY_ARGS),), title_ko="자료형"),
        Concept("errors", 1, st.one_of(
            st.builds(lambda x: Case((x,), {}, GRAY_ARGS), arrays((2, 2, 4))),
            st.builds(lambda x: Case((x,), {}, GRAY_ARGS), arrays((1, 2, 2, 1))),
            st.builds(lambda x: Case((x,), {}, GRAY_ARGS), arrays((2, 3))),
            st.builds(lambda x: Case((x,), {}, GRAY_ARGS), arrays((1, 1, 2, 2, 3))),
        ), Hint("images 가 3차원이나 4차원이 아니거나 마지막 축이 3 (R, G, B) 이 아니면 ValueError 입니다. "
                "올바른 입력에는 발생시키지 마세요.",
                "Raise ValueError when images is not 3-D or 4-D or its last axis is not 3 (R, G, B), "
                "and only then."),
            judge=rejects_only_bad_arguments, max_examples=8,
            examples=(Case((PURE_COLOURS,), {}, GRAY_ARGS),), title_ko="잘못된 입력"),
        Concept("inputs unchanged", 1, gray_cases(batch=True),
                Hint("입력 images 를 수정하지 마세요.", "Do not modify images.", fits=UNCHANGED),
                judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
    ),
    diagnosers=(
        Diagnoser("equal weights",
                  Hint("세 채널의 평균 (같은 가중치 1/3)을 쓴 것 같습니다. 사람 눈의 밝기는 0.299 R + 0.587 G + "
                       "0.114 B 입니다.",
                       "You seem to average the three channels (equal weights 1/3); perceived "
                       "brightness is 0.299 R + 0.587 G + 0.114 B."),
                  _gray_with(np.full(3, 1 / 3))),
        Diagnoser("BGR order",
                  Hint("채널 순서를 B, G, R (OpenCV 의 순서)로 읽은 것 같습니다. 이 과제의 이미지는 R, G, B 순서입니다.",
                       "You seem to read the channels as B, G, R (OpenCV's order); the images here "
                       "are R, G, B."),
                  _gray_with(np.array([0.114, 0.587, 0.299]))),
        Diagnoser("BT.709 weights",
                  Hint("BT.709 가중치 (0.2125, 0.7154, 0.0721; skimage.color.rgb2gray)를 쓴 것 같습니다. 이 과제는 "
                       "BT.601 (0.299, 0.587, 0.114)입니다.",
                       "You seem to use the BT.709 weights (0.2125, 0.7154, 0.0721; "
                       "skimage.color.rgb2gray); this course uses BT.601 (0.299, 0.587, 0.114)."),
                  lambda case, got, ref: any(_gray_with(w)(case, got, ref) for w in BT709_WEIGHTS)),
        Diagnoser("channel axis dropped",
                  Hint("채널 축을 없앴습니다: 결과의 모양은 (N, H, W) 가 아니라 (N, H, W, 1) 입니다.",
                       "The channel axis was dropped: the result is (N, H, W, 1), not (N, H, W)."),
                  lambda case, got, ref: isinstance(got, np.ndarray)
                  and got.shape == np.shape(case.args[0])[:-1]),
        Diagnoser("rounded",
                  Hint("결과를 정수로 반올림한 것 같습니다 (PIL 의 convert(\"L\") 처럼). 이 과제는 반올림하지 않은 "
                       "float64 를 돌려줍니다.",
                       "The result seems rounded to integers (like PIL's convert(\"L\")); return "
                       "float64 without rounding."),
                  lambda case, got, ref: isinstance(got, np.ndarray)
                  and np.issubdtype(np.asarray(case.args[0]).dtype, np.integer)
                  and got.shape == ref(*case.args).shape
                  and looks_like(got.astype(np.float64), np.round(ref(*case.args)), ref(*case.args))),
    ),
)

SPECS = (SINGLE, CONV2D, SOBEL_EDGES, GRAYSCALE)
