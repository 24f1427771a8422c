"""Grading specs for ``shapes.py``: flattening and output-shape arithmetic (lecture 3.1, 3.3)."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..failure import DTYPE, RAISED, TYPE, VALUES, WRONG_FORM, any_of, items, negate
from ..judges import inputs_unchanged, rejects_only_bad_arguments
from ..spec import Case, Concept, Diagnoser, FunctionSpec, Hint
from ..strategies import arrays, dtypes, pairs_or_ints, window_geometry

UNCHANGED = negate(any_of(RAISED, TYPE))   # the input came back changed (not an error, not junk)

# ---------------------------------------------------------------- flatten


@st.composite
def flatten_cases(draw, ndim=st.integers(2, 4), batch=st.integers(1, 3), dtype=st.just("float64"),
                  unique: bool = True):
    """Cases for ``flatten(x)``: ``x (N, d1, ...)`` of ``ndim`` axes; ``unique`` values make a wrong order visible."""
    shape = (draw(batch),) + tuple(draw(st.integers(1, 4)) for _ in range(draw(ndim) - 1))
    return Case((draw(arrays(shape, draw(dtype) if not isinstance(dtype, str) else dtype,
                             unique=unique)),), {}, ("x",))


ROW_MAJOR = Hint("모양은 맞지만 원소의 순서가 다릅니다: 행 우선(C) 순서로 펴세요. 마지막 축이 가장 빨리 바뀝니다 "
                 "(order='F'나 채널 먼저 순서가 아닙니다).",
                 "The shape is right but the order is not: flatten in row-major (C) order, the "
                 "last axis changing fastest (not order='F', not channels first).", fits=VALUES)
FLAT_SHAPE = Hint("결과는 (N, d1*d2*...) 모양의 2차원 배열입니다: 첫 축(배치)은 그대로 두고 나머지 축을 한 줄로 폅니다.",
                  "The result is a 2-D array (N, d1*d2*...): keep axis 0 (the batch) and flatten "
                  "the other axes into one.", fits=WRONG_FORM)

FLATTEN = FunctionSpec("shapes", "flatten", (
    Concept("one image", 1, flatten_cases(ndim=st.just(3), batch=st.just(1)),
            Hint("(1, 28, 28) 이미지는 (1, 784) 벡터가 됩니다: 첫 축(배치)은 남기고 나머지를 한 줄로 폅니다.",
                 "A (1, 28, 28) image becomes a (1, 784) vector: keep axis 0 (the batch) and "
                 "flatten the rest.", fits=WRONG_FORM),
            examples=(Case((np.arange(784.0).reshape(1, 28, 28),), {}, ("x",)),),
            title_ko="이미지 한 장"),
    Concept("batch axis", 2, flatten_cases(batch=st.integers(2, 4)),
            Hint("배치의 각 샘플이 한 행이 되어야 합니다: (N, d1, d2, ...) -> (N, d1*d2*...). 배치 축까지 펴면 안 됩니다.",
                 "Each sample of the batch becomes one row: (N, d1, d2, ...) -> (N, d1*d2*...); "
                 "do not flatten the batch axis too.", fits=WRONG_FORM),
            title_ko="배치 축"),
    Concept("row-major order", 2, flatten_cases(ndim=st.integers(3, 4)), ROW_MAJOR,
            title_ko="행 우선 순서"),
    Concept("any rank", 1, flatten_cases(ndim=st.sampled_from([2, 5])),
            Hint("2차원 입력 (N, d)도, 5차원 입력도 처리해야 합니다.",
                 "Handle 2-D (N, d) and 5-D inputs as well.", fits=any_of(RAISED, WRONG_FORM)),
            title_ko="모든 차원 수"),
    Concept("dtype", 1, flatten_cases(dtype=dtypes("float32", "int64", "uint8", "bool"), unique=False),
            Hint("flatten은 값을 바꾸지 않으므로 dtype도 그대로입니다.",
                 "flatten changes no value, so the dtype stays the same.", fits=DTYPE),
            examples=(Case((np.arange(12, dtype=np.uint8).reshape(2, 3, 2),), {}, ("x",)),
                      Case((np.arange(6).reshape(1, 2, 3) % 2 == 0,), {}, ("x",))),
            title_ko="자료형"),
    Concept("errors", 1, st.builds(lambda x: Case((x,), {}, ("x",)),
                                   st.one_of(arrays((4,)), arrays(())) ),
            Hint("배치 축이 없는 입력(ndim < 2)에는 ValueError를 발생시키세요. 올바른 입력에는 발생시키지 마세요.",
                 "Raise ValueError for an input without a batch axis (ndim < 2), and only then."),
            judge=rejects_only_bad_arguments, max_examples=4,
            examples=(Case((np.arange(6.0).reshape(2, 3),), {}, ("x",)),), title_ko="잘못된 입력"),
    Concept("inputs unchanged", 1, flatten_cases(),
            Hint("입력 x를 수정하지 마세요.", "Do not modify x.", fits=UNCHANGED),
            judge=inputs_unchanged, max_examples=5, title_ko="입력 보존"),
), (
    Diagnoser("channels first", Hint("채널을 먼저 두고 편 것 같습니다 (channels-first). 이 과제는 channels-last입니다.",
                                     "You flattened channels first; this course is channels-last."),
              mistaken=lambda c, ref: c.args[0].transpose(0, 3, 1, 2).reshape(len(c.args[0]), -1)
              if c.args[0].ndim == 4 else None),
    Diagnoser("Fortran order", Hint("열 우선(order='F')으로 편 것 같습니다.",
                                    "You seem to flatten in column-major order (order='F')."),
              mistaken=lambda c, ref: np.stack([s.ravel(order="F") for s in c.args[0]])),
), ("x",), hints=(ROW_MAJOR, FLAT_SHAPE))

# ---------------------------------------------------------------- conv_output_size

SIZE_ARGS = ("n", "kernel_size")


@st.composite
def size_cases(draw, strides=st.just(None), paddings=st.just(None)):
    """Cases for ``conv_output_size(n, kernel_size, stride=..., padding=...)`` where the window fits."""
    stride, padding = draw(strides), draw(paddings)
    k = draw(st.integers(1, 7))
    n = draw(st.integers(max(1, k - 2 * (padding or 0)), 40))
    kwargs = {}
    if stride is not None:
        kwargs["stride"] = stride
    if padding is not None:
        kwargs["padding"] = padding
    return Case((n, k), kwargs, SIZE_ARGS)


def _size_bad_cases():
    def case(*args, **kw):
        return Case(args, kw, SIZE_ARGS)
    return st.one_of(
        st.builds(lambda n: case(n, n + 1), st.integers(1, 10)),            # kernel too big
        st.builds(lambda n: case(n, 1, stride=0), st.integers(1, 10)),
        st.builds(lambda n: case(n, 1, padding=-1), st.integers(1, 10)),
        st.builds(lambda k: case(0, k), st.integers(1, 3)),
        st.builds(lambda n: case(n, 0), st.integers(1, 10)),
    )


CONV_OUTPUT_SIZE = FunctionSpec("shapes", "conv_output_size", (
    Concept("no padding", 1, size_cases(),
            Hint("패딩과 스트라이드가 기본값이면 출력 크기는 n - k + 1입니다.",
                 "With default stride and padding the output size is n - k + 1.", fits=VALUES),
            title_ko="패딩 없음"),
    Concept("stride", 2, size_cases(strides=st.integers(2, 4)),
            Hint("스트라이드가 있으면 floor((n + 2p - k) / s) + 1입니다: 나눗셈의 내림을 잊지 마세요.",
                 "With a stride it is floor((n + 2p - k) / s) + 1: don't forget to round down.",
                 fits=VALUES),
            title_ko="스트라이드"),
    Concept("padding", 2, size_cases(strides=st.integers(1, 3), paddings=st.integers(1, 3)),
            Hint("패딩 p는 양쪽에 붙으므로 2p를 더합니다.",
                 "Padding p goes on both sides, so add 2p.", fits=VALUES),
            examples=(Case((28, 3), {"stride": 1, "padding": 1}, SIZE_ARGS),), title_ko="패딩"),
    Concept("errors", 1, _size_bad_cases(),
            Hint("범위를 벗어난 인자(n, k < 1, stride < 1, padding < 0)나 결과가 1보다 작으면 ValueError입니다. 올바른 인자에는 발생시키지 마세요.",
                 "Out-of-range arguments (n, k < 1, stride < 1, padding < 0) or a result below 1 "
                 "raise ValueError; valid ones do not."),
            judge=rejects_only_bad_arguments, max_examples=10,
            examples=(Case((28, 3), {}, SIZE_ARGS), Case((0, 3), {}, SIZE_ARGS)),
            title_ko="잘못된 입력"),
), (
    Diagnoser("padding counted once", Hint("패딩을 한쪽에만 더한 것 같습니다 (2p가 아니라 p).",
                                           "Padding was added on one side only (p instead of 2p)."),
              mistaken=lambda c, ref: _padding_once(c)),
    Diagnoser("true division", Hint("정수 나눗셈(//) 대신 일반 나눗셈을 쓴 것 같습니다.",
                                    "You seem to use / instead of // (the size must be an int)."),
              lambda c, got, ref: isinstance(got, float)),
), SIZE_ARGS, hints=(
    Hint("출력 크기는 정수(int)입니다: 나눗셈은 //로 하세요.",
         "The output size is an int: divide with //.", fits=TYPE),))


def _padding_once(case: Case) -> int:
    """conv_output_size with the padding added on one side only."""
    return (case.args[0] + case.kwargs.get("padding", 0) - case.args[1]) \
        // case.kwargs.get("stride", 1) + 1


# ---------------------------------------------------------------- conv_output_shape / pool_output_shape

SHAPE_ARGS = ("input_shape", "filters", "kernel_size")


@st.composite
def conv_shape_cases(draw, strides=st.just(None), paddings=st.just(None), square=True):
    """Cases for ``conv_output_shape((H, W, C), filters, kernel_size, strides=..., padding=...)``."""
    stride, padding = draw(strides), draw(paddings)
    windows = st.integers(1, 5) if square else pairs_or_ints(1, 5)
    size, window, stride_used, padding_used = draw(window_geometry(
        windows=windows, strides=st.just(1 if stride is None else stride),
        paddings=st.just("valid" if padding is None else padding), max_size=32))
    shape = (size[0], size[1], draw(st.integers(1, 4)))
    kwargs = {}
    if stride is not None:
        kwargs["strides"] = stride_used
    if padding is not None:
        kwargs["padding"] = padding_used
    return Case((shape, draw(st.integers(1, 64)), window), kwargs, SHAPE_ARGS)


HEIGHT_WIDTH = items(0, 1)
DEPTH = Hint("출력 깊이는 입력 채널 수가 아니라 필터 수입니다 (강의 3.3.1.3).",
             "The output depth is the number of filters, not the input channels (lecture 3.3.1.3).",
             fits=items(2))
SHAPE_TUPLE = Hint("(높이, 너비, 깊이) 세 정수의 튜플을 돌려주세요.",
                   "Return a tuple of three ints (height, width, depth).", fits=WRONG_FORM)

CONV_OUTPUT_SHAPE = FunctionSpec("shapes", "conv_output_shape", (
    Concept("valid", 1, conv_shape_cases(),
            Hint("패딩 없이 출력의 높이는 H - KH + 1, 너비는 W - KW + 1입니다.",
                 "Without padding the output height is H - KH + 1 and its width W - KW + 1.",
                 fits=HEIGHT_WIDTH),
            title_ko="패딩 없음"),
    Concept("filters set the depth", 1, conv_shape_cases(square=False), (
        DEPTH,
        Hint("높이는 커널의 높이 KH로, 너비는 커널의 너비 KW로 계산하세요: kernel_size는 (KH, KW) 쌍일 수 있습니다.",
             "Compute the height with the kernel's height KH and the width with its width KW: "
             "kernel_size may be a (KH, KW) pair.", fits=HEIGHT_WIDTH)),
            title_ko="깊이는 필터 수"),
    Concept("strides", 1, conv_shape_cases(strides=pairs_or_ints(1, 3), square=False),
            Hint("높이와 너비에 각각 floor((n - k) / s) + 1을 적용하세요. strides는 (sh, sw) 쌍일 수도 있습니다.",
                 "Apply floor((n - k) / s) + 1 to height and width separately; strides may be "
                 "an (sh, sw) pair.", fits=HEIGHT_WIDTH),
            title_ko="스트라이드"),
    Concept("integer padding", 1, conv_shape_cases(paddings=pairs_or_ints(0, 3),
                                                   strides=st.integers(1, 2), square=False),
            Hint("정수 패딩 p는 양쪽에 붙습니다: 28x28, 필터 4개, stride 1, padding 1이면 28x28x4 (강의 3.3.2.3).",
                 "Integer padding p goes on both sides: 28x28, 4 filters, stride 1, padding 1 "
                 "gives 28x28x4 (lecture 3.3.2.3).", fits=HEIGHT_WIDTH),
            examples=(Case(((28, 28, 1), 4, 3), {"strides": 1, "padding": 1}, SHAPE_ARGS),),
            title_ko="정수 패딩"),
    Concept("same padding", 2, conv_shape_cases(paddings=st.just("same"),
                                                strides=pairs_or_ints(1, 3), square=False),
            Hint('"same"의 출력 크기는 커널 크기와 상관없이 ceil(n / s)입니다.',
                 '"same" gives ceil(n / s), whatever the kernel size.', fits=HEIGHT_WIDTH),
            title_ko="same 패딩"),
    Concept("errors", 1, st.one_of(
        st.builds(lambda n: Case(((n, n, 1), 1, n + 1), {}, SHAPE_ARGS), st.integers(1, 5)),
        st.builds(lambda n: Case(((n, n), 1, 1), {}, SHAPE_ARGS), st.integers(1, 5)),
        st.builds(lambda n: Case(((n, n, 1), 1, 1), {"strides": 0}, SHAPE_ARGS), st.integers(1, 5)),
        st.builds(lambda n: Case(((n, n, 1), 1, 1), {"padding": "full"}, SHAPE_ARGS), st.integers(1, 5)),
    ), Hint("(H, W, C)가 아닌 input_shape, 입력보다 큰 커널, stride < 1, 알 수 없는 padding에는 ValueError입니다. 올바른 인자에는 발생시키지 마세요.",
            "Raise ValueError for an input_shape that is not (H, W, C), a kernel larger than the "
            "padded input, stride < 1, or an unknown padding; not for valid arguments."),
        judge=rejects_only_bad_arguments, max_examples=10,
        examples=(Case(((28, 28, 1), 4, 3), {}, SHAPE_ARGS),), title_ko="잘못된 입력"),
), (
    Diagnoser("ceil instead of floor", Hint("내림(floor) 대신 올림(ceil)을 쓴 것 같습니다.",
                                            "You seem to round up instead of down."),
              mistaken=lambda c, ref: _ceil_shape(c)
              if c.kwargs.get("padding", "valid") != "same" else None),
), SHAPE_ARGS, hints=(DEPTH, SHAPE_TUPLE))


def _ceil_shape(case: Case):
    from ..strategies import as_pair
    (h, w, _), f, k = case.args
    kh, kw = as_pair(k)
    sh, sw = as_pair(case.kwargs.get("strides", 1))
    p = case.kwargs.get("padding", 0)
    ph, pw = (0, 0) if p == "valid" else as_pair(p)
    return (-(-(h + 2 * ph - kh) // sh) + 1, -(-(w + 2 * pw - kw) // sw) + 1, f)


POOL_ARGS = ("input_shape",)


@st.composite
def pool_shape_cases(draw, strides=st.just(None), paddings=st.just(None), pool=True):
    """Cases for ``pool_output_shape((H, W, C), pool_size=..., strides=..., padding=...)``;
    ``pool=False`` leaves ``pool_size`` at its default of 2."""
    stride, padding = draw(strides), draw(paddings)
    size, window, stride_used, padding_used = draw(window_geometry(
        windows=pairs_or_ints(1, 4), strides=st.just(stride),
        paddings=st.just("valid" if padding is None else padding), max_size=32,
        padding_below_window=True))
    shape = (size[0], size[1], draw(st.integers(1, 64)))
    kwargs = {"pool_size": window} if pool else {}
    if not pool:
        shape = (max(shape[0], 2), max(shape[1], 2), shape[2])
    if stride is not None:
        kwargs["strides"] = stride_used
    if padding is not None:
        kwargs["padding"] = padding_used
    return Case((shape,), kwargs, POOL_ARGS)


DEPTH_KEPT = Hint("풀링은 특징 맵의 개수(깊이)를 바꾸지 않습니다 (강의 3.3.2.1).",
                  "Pooling keeps the number of feature maps (depth) (lecture 3.3.2.1).",
                  fits=items(2))

POOL_OUTPUT_SHAPE = FunctionSpec("shapes", "pool_output_shape", (
    Concept("default stride", 2, pool_shape_cases(),
            Hint("strides=None이면 strides = pool_size입니다 (Keras): 28x28에 2x2 풀링이면 14x14.",
                 "strides=None means strides = pool_size (Keras): 2x2 pooling on 28x28 gives 14x14.",
                 fits=HEIGHT_WIDTH),
            examples=(Case(((28, 28, 4),), {}, POOL_ARGS),), title_ko="기본 스트라이드"),
    Concept("explicit strides", 1, pool_shape_cases(strides=pairs_or_ints(1, 3)),
            Hint("주어진 strides로 floor((n - k) / s) + 1을 계산하세요.",
                 "Use the given strides: floor((n - k) / s) + 1.", fits=HEIGHT_WIDTH),
            title_ko="주어진 스트라이드"),
    Concept("depth kept", 1, pool_shape_cases(strides=pairs_or_ints(1, 2)), DEPTH_KEPT,
            title_ko="깊이 유지"),
    Concept("same padding", 1, pool_shape_cases(strides=pairs_or_ints(1, 3),
                                                paddings=st.just("same")),
            Hint('"same"이면 ceil(n / s)입니다.', '"same" gives ceil(n / s).', fits=HEIGHT_WIDTH),
            title_ko="same 패딩"),
    Concept("integer padding", 1, pool_shape_cases(strides=pairs_or_ints(1, 3),
                                                   paddings=pairs_or_ints(1, 2)),
            Hint("정수 패딩 p는 양쪽에 붙습니다: floor((n + 2p - k) / s) + 1. (ph, pw) 쌍이면 높이와 너비에 따로 적용하세요.",
                 "Integer padding p goes on both sides: floor((n + 2p - k) / s) + 1; a pair "
                 "(ph, pw) applies to height and width separately.", fits=HEIGHT_WIDTH),
            title_ko="정수 패딩"),
    Concept("errors", 1, st.one_of(
        st.builds(lambda n: Case(((n, n, 1),), {"pool_size": n + 1}, POOL_ARGS), st.integers(1, 5)),
        st.builds(lambda n: Case(((n, n, 1),), {"pool_size": 1, "strides": 0}, POOL_ARGS),
                  st.integers(1, 5)),
        st.builds(lambda n: Case(((n + 2, n + 2, 1),), {"pool_size": 2, "padding": 2}, POOL_ARGS),
                  st.integers(1, 5)),
    ), Hint("입력보다 큰 창, strides < 1, 창보다 작지 않은 패딩, (H, W, C)가 아닌 input_shape에는 ValueError입니다. 올바른 인자에는 발생시키지 마세요.",
            "Raise ValueError for a window larger than the input, strides < 1, a padding not "
            "smaller than the window, or an input_shape that is not (H, W, C); not for valid "
            "arguments."),
        judge=rejects_only_bad_arguments, max_examples=6,
        examples=(Case(((28, 28, 4),), {"pool_size": 2}, POOL_ARGS),
                  Case(((28, 28),), {"pool_size": 2}, POOL_ARGS),
                  Case(((6, 6, 1),), {"pool_size": 2, "padding": 2}, POOL_ARGS)),
        title_ko="잘못된 입력"),
), (), POOL_ARGS, hints=(DEPTH_KEPT, SHAPE_TUPLE))

SPECS = (FLATTEN, CONV_OUTPUT_SIZE, CONV_OUTPUT_SHAPE, POOL_OUTPUT_SHAPE)
