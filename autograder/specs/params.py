"""Grading specs for ``params.py``: parameter counts and the model summary (lecture 3.1.4, 3.3)."""
from __future__ import annotations

from hypothesis import strategies as st

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)

from ..compare import Difference, Kind, assert_matches
from ..failure import RAISED, TYPE, VALUES, any_of
from ..judges import call_student, rejects_only_bad_arguments
from ..reference import call_reference
from ..spec import Case, Concept, FunctionSpec, Hint, Mismatch
from ..strategies import pairs_or_ints
from ..vocabulary import Text

COUNT_IS_INT = Hint("파라미터 수는 정수(int)입니다.", "A parameter count is an int.", fits=TYPE)

# ---------------------------------------------------------------- dense / conv2d params

DENSE_ARGS = ("n_in", "units")


def dense_cases(use_bias=st.just(None)):
    """Cases for ``dense_params(n_in, units, use_bias=...)`` (``None`` leaves ``use_bias`` at its default)."""
    def build(n, u, bias):
        return Case((n, u), {} if bias is None else {"use_bias": bias}, DENSE_ARGS)
    return st.builds(build, st.integers(1, 4096), st.integers(1, 1024), use_bias)


LECTURE_MLP_LAYERS = (Case((784, 512), {}, DENSE_ARGS), Case((512, 512), {}, DENSE_ARGS),
                      Case((512, 10), {}, DENSE_ARGS))

DENSE_PARAMS = FunctionSpec("params", "dense_params", (
    Concept("weights", 2, dense_cases(st.just(False)),
            Hint("전결합층의 가중치는 입력 노드 하나하나가 출력 노드 하나하나와 연결되므로 n_in x units개입니다.",
                 "A fully connected layer links every input to every unit: n_in x units weights.", fits=VALUES), title_ko="가중치"),
    Concept("bias", 2, dense_cases(st.sampled_from([None, True])),
            Hint("편향은 출력 노드마다 하나씩: 784 x 512 + 512 = 401,920 (강의 3.1.4).",
                 "One bias per unit: 784 x 512 + 512 = 401,920 (lecture 3.1.4).", fits=VALUES),
            examples=LECTURE_MLP_LAYERS, title_ko="편향"),
    Concept("errors", 1, st.builds(lambda n: Case((n, 0), {}, DENSE_ARGS), st.integers(1, 5)) |
            st.builds(lambda u: Case((0, u), {}, DENSE_ARGS), st.integers(1, 5)),
            Hint("n_in이나 units가 1보다 작으면 ValueError입니다. 올바른 인자에는 발생시키지 마세요.",
                 "Raise ValueError when n_in or units is below 1, and only then."),
            judge=rejects_only_bad_arguments, max_examples=4, examples=LECTURE_MLP_LAYERS[:1],
            title_ko="잘못된 입력"),
), (), DENSE_ARGS, hints=(COUNT_IS_INT,))

CONV_ARGS = ("kernel_size", "in_channels", "filters")


def conv_param_cases(kernels=st.integers(1, 7), channels=st.integers(1, 64), use_bias=st.just(None)):
    """Cases for ``conv2d_params(kernel_size, in_channels, filters, use_bias=...)``."""
    def build(k, c, f, bias):
        return Case((k, c, f), {} if bias is None else {"use_bias": bias}, CONV_ARGS)
    return st.builds(build, kernels, channels, st.integers(1, 128), use_bias)


CONV2D_PARAMS = FunctionSpec("params", "conv2d_params", (
    Concept("one channel", 2, conv_param_cases(channels=st.just(1), use_bias=st.just(False)),
            Hint("필터 하나의 가중치는 KH x KW개이고, 필터가 filters개 있습니다.",
                 "One filter has KH x KW weights, and there are `filters` of them.", fits=VALUES), title_ko="채널 하나"),
    Concept("input channels", 2, conv_param_cases(channels=st.integers(2, 64), use_bias=st.just(False)),
            Hint("각 필터는 모든 입력 채널에 걸쳐 있습니다: KH x KW x in_channels x filters (강의 3.6.1).",
                 "Each filter spans all input channels: KH x KW x in_channels x filters "
                 "(lecture 3.6.1).", fits=VALUES), title_ko="입력 채널"),
    Concept("bias", 1, conv_param_cases(use_bias=st.sampled_from([None, True])),
            Hint("필터마다 편향이 하나씩 있습니다: 3x3 필터 32개, 입력 채널 1이면 320 (Keras MNIST 예제).",
                 "One bias per filter: 32 filters of 3x3 on 1 channel give 320 (Keras' MNIST "
                 "example).", fits=VALUES),
            examples=(Case((3, 1, 32), {}, CONV_ARGS), Case((3, 32, 64), {}, CONV_ARGS)), title_ko="편향"),
    Concept("non-square kernel", 1, conv_param_cases(
        kernels=st.tuples(st.integers(1, 7), st.integers(1, 7))),
            Hint("kernel_size가 (KH, KW) 쌍이면 KH x KW를 쓰세요.",
                 "For a (KH, KW) kernel_size use KH x KW.", fits=any_of(VALUES, RAISED, TYPE)), title_ko="정사각형이 아닌 커널"),
    Concept("errors", 1, st.sampled_from([
        Case((0, 1, 32), {}, CONV_ARGS), Case(((3, 0), 1, 32), {}, CONV_ARGS),
        Case((3, 0, 32), {}, CONV_ARGS), Case((3, 1, 0), {}, CONV_ARGS),
    ]), Hint("kernel_size, in_channels, filters가 1보다 작으면 ValueError입니다. 올바른 인자에는 발생시키지 마세요.",
             "Raise ValueError when kernel_size, in_channels or filters is below 1, and only then."),
            judge=rejects_only_bad_arguments, max_examples=4,
            examples=(Case((3, 1, 32), {}, CONV_ARGS),), title_ko="잘못된 입력"),
), (), CONV_ARGS, hints=(COUNT_IS_INT,))

# ---------------------------------------------------------------- count_params / summary

MODEL_ARGS = ("layers", "input_shape")
LECTURE_MLP = Case(([Flatten(), Dense(512, activation="relu"), Dense(512, activation="relu"),
                     Dense(10, activation="softmax")], (28, 28)), {}, MODEL_ARGS)
KERAS_CONVNET = Case(([Conv2D(32, 3, activation="relu"), MaxPooling2D(2),
                       Conv2D(64, 3, activation="relu"), MaxPooling2D(2), Flatten(), Dropout(0.5),
                       Dense(10, activation="softmax")], (28, 28, 1)), {}, MODEL_ARGS)


def _fits(case: Case) -> bool:
    try:
        call_reference("params.count_params", case.args, case.kwargs)
        return True
    except ValueError:
        return False


@st.composite
def model_cases(draw, *, convs=st.integers(1, 2), pooling=False, strides_padding=False,
                bias_off=False, extras=False, mlp_only=False):
    """A random stack of layer descriptions that fits its input (checked with the reference)."""
    use_bias = st.booleans() if bias_off else st.just(True)
    if mlp_only:
        input_shape = tuple(draw(st.integers(2, 32)) for _ in range(draw(st.integers(1, 3))))
        layers = [Flatten()] if len(input_shape) > 1 else []
    else:
        side = draw(st.integers(8, 32))
        input_shape = (side, draw(st.integers(8, 32)), draw(st.sampled_from([1, 3])))
        layers = []
        for _ in range(draw(convs)):
            kwargs = {}
            if strides_padding:
                kwargs = {"strides": draw(pairs_or_ints(1, 2)),
                          "padding": draw(st.sampled_from(["valid", "same", 1]))}
            layers.append(Conv2D(draw(st.integers(1, 16)), draw(pairs_or_ints(1, 3)),
                                 use_bias=draw(use_bias), activation="relu", **kwargs))
            if extras and draw(st.booleans()):
                layers.append(ReLU())
            if pooling:
                pool = draw(st.sampled_from([MaxPooling2D, AveragePooling2D]))
                pool_kwargs = {"strides": draw(st.sampled_from([None, 1, 2]))}
                if strides_padding:
                    pool_kwargs["padding"] = draw(st.sampled_from(["valid", "same"]))
                layers.append(pool(draw(st.integers(2, 3)), **pool_kwargs))
        if extras and draw(st.booleans()):
            layers.append(draw(st.sampled_from([GlobalAveragePooling2D(), GlobalMaxPooling2D()])))
        else:
            layers.append(Flatten())
    if extras:
        layers.append(Dropout(draw(st.sampled_from([0.25, 0.5]))))
    for _ in range(draw(st.integers(1, 2))):
        layers.append(Dense(draw(st.integers(1, 64)), use_bias=draw(use_bias)))
    case = Case((layers, input_shape), {}, MODEL_ARGS)
    if not _fits(case):
        from hypothesis import reject
        reject()
    return case


def _model_concepts(what_en: str, what_ko: str, judge=None) -> tuple[Concept, ...]:
    return (
        Concept("MLP", 2, model_cases(mlp_only=True),
                Hint(f"MLP의 {what_ko}: Flatten은 파라미터가 없고 Dense는 n_in x units + units입니다. 강의의 MLP는 669,706개입니다.",
                     f"The MLP's {what_en}: Flatten has no parameters, Dense has n_in x units + "
                     "units; the lecture's MLP has 669,706.", fits=VALUES),
                judge=judge, examples=(LECTURE_MLP,), title_ko="다층 퍼셉트론"),
        Concept("convolution layers", 2, model_cases(),
                Hint(f"합성곱층의 {what_ko}: 필터는 이전 층의 모든 채널에 걸쳐 있고, 출력 깊이는 필터 수입니다. Keras MNIST 합성곱망은 34,826개입니다.",
                     f"Convolution layers' {what_en}: filters span all channels of the previous "
                     "layer and the output depth is the number of filters; Keras' MNIST convnet "
                     "has 34,826.", fits=VALUES),
                judge=judge, examples=(KERAS_CONVNET,), title_ko="합성곱층"),
        Concept("pooling and flatten", 2, model_cases(pooling=True),
                Hint("풀링은 파라미터가 없지만 가로세로를 줄여 뒤따르는 Flatten과 Dense의 크기를 바꿉니다 (5x5x40 -> 1000).",
                     "Pooling has no parameters but shrinks height and width, which changes "
                     "Flatten and the following Dense (5x5x40 -> 1000).", fits=any_of(VALUES, RAISED)),
                judge=judge, title_ko="풀링과 Flatten"),
        Concept("strides and padding", 1, model_cases(pooling=True, strides_padding=True),
                Hint("각 층의 strides와 padding으로 다음 층의 입력 모양을 계산하세요 (shapes.py의 함수를 재사용하세요).",
                     "Use each layer's strides and padding for the next layer's input shape "
                     "(reuse your shapes.py functions).", fits=any_of(VALUES, RAISED)),
                judge=judge, title_ko="스트라이드와 패딩"),
        Concept("use_bias=False", 1, model_cases(bias_off=True),
                Hint("use_bias=False인 층에는 편향이 없습니다.",
                     "Layers with use_bias=False have no bias.", fits=VALUES),
                judge=judge, title_ko="편향 없는 층"),
        Concept("parameter-free layers", 1, model_cases(pooling=True, extras=True),
                Hint("Dropout, ReLU, 전역 풀링은 파라미터가 없습니다. 전역 풀링의 출력은 (C,)입니다.",
                     "Dropout, ReLU and global pooling have no parameters; a global pool outputs (C,).", fits=any_of(VALUES, RAISED)),
                judge=judge, title_ko="파라미터 없는 층"),
    )


def _model_errors() -> Concept:
    """Layers that do not fit their input, a bad input_shape, and one model that is fine."""
    return Concept("errors", 1, st.sampled_from([
        Case(([Flatten(), Conv2D(4, 3)], (28, 28, 1)), {}, MODEL_ARGS),
        Case(([Conv2D(4, 9)], (8, 8, 1)), {}, MODEL_ARGS),
        Case(([MaxPooling2D(5)], (4, 4, 3)), {}, MODEL_ARGS),
        Case(([Dense(3)], ()), {}, MODEL_ARGS),
    ]), Hint("입력 모양에 맞지 않는 층(예: Flatten 뒤의 Conv2D, 입력보다 큰 커널)이나 잘못된 input_shape에는 ValueError입니다. 올바른 모델에는 발생시키지 마세요.",
             "Raise ValueError for a layer that does not fit its input (a Conv2D after Flatten, "
             "a kernel larger than the input) or a bad input_shape; not for a valid model."),
        judge=rejects_only_bad_arguments, max_examples=4, examples=(LECTURE_MLP,),
        title_ko="잘못된 입력")


COUNT_PARAMS = FunctionSpec("params", "count_params", _model_concepts("parameter count", "파라미터 수") + (
    _model_errors(),
), (), MODEL_ARGS, hints=(COUNT_IS_INT,))


def _column_judge(index: int, label: str):
    def judge(case: Case, student, reference) -> None:
        expected = [row[index] for row in reference(*case.args, **case.kwargs)]
        received = call_student(student, case)
        if not isinstance(received, (list, tuple)) or not all(
                isinstance(r, (list, tuple)) and len(r) == 3 for r in received):
            text = Text("summary는 (이름, 출력 모양, 파라미터 수) 행의 리스트를 돌려줘야 합니다",
                        "summary must return a list of (name, output_shape, params) rows")
            raise Mismatch(text, expected="list of 3-tuples", received=received,
                           difference=Difference(Kind.TYPE, text))
        assert_matches(expected, [row[index] for row in received], label)
    return judge


SUMMARY = FunctionSpec("params", "summary", (
    Concept("layer names", 1, model_cases(pooling=True, extras=True),
            Hint("이름은 layer.name이 있으면 그것, 없으면 종류별 번호를 붙인 이름입니다 (flatten_1, dense_1, dense_2 ...; cnnlab.layers.layer_names).",
                 "Names are layer.name when given, else the type with a per-type counter "
                 "(flatten_1, dense_1, dense_2, ...; see cnnlab.layers.layer_names).", fits=VALUES),
            judge=_column_judge(0, "names"), examples=(LECTURE_MLP,), max_examples=10, title_ko="층 이름"),
    Concept("output shapes", 2, model_cases(pooling=True, strides_padding=True, extras=True),
            Hint("각 층의 출력 모양(배치 축 없이)을 튜플로: 합성곱 (H', W', filters), 풀링 (H', W', C), Flatten (H*W*C,).",
                 "Each layer's output shape without the batch axis, as a tuple: conv "
                 "(H', W', filters), pooling (H', W', C), Flatten (H*W*C,).", fits=VALUES),
            judge=_column_judge(1, "output shapes"), examples=(KERAS_CONVNET,), title_ko="출력 모양"),
    Concept("parameters per layer", 2, model_cases(pooling=True, bias_off=True, extras=True),
            Hint("층마다 파라미터 수: 401,920 / 262,656 / 5,130 (강의의 MLP).",
                 "Parameters per layer: 401,920 / 262,656 / 5,130 (the lecture's MLP).", fits=VALUES),
            judge=_column_judge(2, "parameters"), examples=(LECTURE_MLP,), title_ko="층별 파라미터 수"),
    _model_errors(),
), (), MODEL_ARGS)

SPECS = (DENSE_PARAMS, CONV2D_PARAMS, COUNT_PARAMS, SUMMARY)
