"""Parameter counts and the model summary (solutions/params.py, cnnlab.layers.layer_names).

The lecture's and Keras' published numbers are asserted as printed; random
models are checked against the same models built from torch modules.
"""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracles
from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU,
                           layer_names)
from reference_strategies import CROSS_CHECK
from solutions.params import conv2d_params, count_params, dense_params, summary

LECTURE_MLP = [Flatten(), Dense(512, activation="relu"), Dense(512, activation="relu"),
               Dense(10, activation="softmax")]

# keras.io/examples/vision/mnist_convnet ("Simple MNIST convnet").
KERAS_MNIST_CONVNET = [
    Conv2D(32, kernel_size=(3, 3), activation="relu"), MaxPooling2D(pool_size=(2, 2)),
    Conv2D(64, kernel_size=(3, 3), activation="relu"), MaxPooling2D(pool_size=(2, 2)),
    Flatten(), Dropout(0.5), Dense(10, activation="softmax"),
]

# Keras' default names: the class name in snake case, counted per type.
KERAS_BASE_NAMES = {
    Conv2D: "conv2d", MaxPooling2D: "max_pooling2d", AveragePooling2D: "average_pooling2d",
    GlobalAveragePooling2D: "global_average_pooling2d",
    GlobalMaxPooling2D: "global_max_pooling2d", Flatten: "flatten", Dense: "dense",
    Dropout: "dropout", ReLU: "re_lu",
}


# --------------------------------------------------------------------------- published numbers

def test_lecture_mlp_has_669706_parameters():
    assert count_params(LECTURE_MLP, (28, 28)) == 669_706


def test_lecture_mlp_summary_rows():
    # The lecture's table: Flatten_1 (None, 784) 0; dense_1 (None, 512) 401920; ...
    assert summary(LECTURE_MLP, (28, 28)) == [
        ("flatten_1", (784,), 0),
        ("dense_1", (512,), 401_920),
        ("dense_2", (512,), 262_656),
        ("dense_3", (10,), 5_130),
    ]
    assert 401_920 + 262_656 + 5_130 == 669_706


def test_lecture_mlp_layer_formulas():
    assert dense_params(784, 512) == 784 * 512 + 512 == 401_920
    assert dense_params(512, 512) == 512 * 512 + 512 == 262_656
    assert dense_params(512, 10) == 512 * 10 + 10 == 5_130


def test_lecture_mlp_layer_names():
    assert layer_names(LECTURE_MLP) == ["flatten_1", "dense_1", "dense_2", "dense_3"]


def test_keras_mnist_convnet_has_34826_parameters():
    assert count_params(KERAS_MNIST_CONVNET, (28, 28, 1)) == 34_826
    assert summary(KERAS_MNIST_CONVNET, (28, 28, 1)) == [
        ("conv2d_1", (26, 26, 32), 320),
        ("max_pooling2d_1", (13, 13, 32), 0),
        ("conv2d_2", (11, 11, 64), 18_496),
        ("max_pooling2d_2", (5, 5, 64), 0),
        ("flatten_1", (1600,), 0),
        ("dropout_1", (1600,), 0),
        ("dense_1", (10,), 16_010),
    ]
    assert 320 + 18_496 + 16_010 == 34_826
    assert conv2d_params(3, 1, 32) == 320
    assert conv2d_params((3, 3), 32, 64) == 18_496
    assert dense_params(1600, 10) == 16_010


def test_lecture_conv_layer_28x28_4_filters():
    assert summary([Conv2D(4, 3, strides=1, padding=1)], (28, 28, 1)) == [
        ("conv2d_1", (28, 28, 4), 3 * 3 * 1 * 4 + 4)]


def test_lecture_feature_tube_5x5x40_flattens_to_1000():
    assert summary([Flatten()], (5, 5, 40)) == [("flatten_1", (1000,), 0)]


@pytest.mark.torch
def test_keras_mnist_convnet_in_torch_has_the_same_parameters():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10),
    )
    assert sum(p.numel() for p in model.parameters()) == count_params(
        KERAS_MNIST_CONVNET, (28, 28, 1)) == 34_826
    per_layer = [sum(p.numel() for p in m.parameters()) for m in model if
                 isinstance(m, (nn.Conv2d, nn.Linear))]
    assert per_layer == [params for _, _, params in summary(KERAS_MNIST_CONVNET, (28, 28, 1))
                         if params]
    with torch.no_grad():
        assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
        assert model[:7](torch.zeros(1, 1, 28, 28)).shape == (1, 1600)


@pytest.mark.torch
def test_lecture_mlp_in_torch_has_the_same_parameters():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512),
                          nn.ReLU(), nn.Linear(512, 10))
    assert sum(p.numel() for p in model.parameters()) == count_params(LECTURE_MLP, (28, 28))


# --------------------------------------------------------------------------- single layers

@pytest.mark.torch
@CROSS_CHECK
@given(n_in=st.integers(1, 5000), units=st.integers(1, 5000), use_bias=st.booleans())
def test_dense_params_match_torch_linear(generated_cases, n_in, units, use_bias):
    torch = pytest.importorskip("torch")
    generated_cases["dense_params vs torch"] += 1
    layer = torch.nn.Linear(n_in, units, bias=use_bias, device="meta")
    assert dense_params(n_in, units, use_bias) == sum(p.numel() for p in layer.parameters())


@pytest.mark.torch
@CROSS_CHECK
@given(kh=st.integers(1, 7), kw=st.integers(1, 7), c=st.integers(1, 256),
       filters=st.integers(1, 256), use_bias=st.booleans(), as_int=st.booleans())
def test_conv2d_params_match_torch_conv2d(generated_cases, kh, kw, c, filters, use_bias,
                                          as_int):
    torch = pytest.importorskip("torch")
    generated_cases["conv2d_params vs torch"] += 1
    kernel_size = kh if as_int else (kh, kw)
    layer = torch.nn.Conv2d(c, filters, kernel_size, bias=use_bias, device="meta")
    assert conv2d_params(kernel_size, c, filters, use_bias) == sum(
        p.numel() for p in layer.parameters())


# --------------------------------------------------------------------------- random models

def _fits(layer, shape: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """Output shape of an image layer by the oracle's arithmetic, or None if it does not fit."""
    if isinstance(layer, (ReLU, Dropout)):
        return shape
    if isinstance(layer, Conv2D):
        window, strides = layer.kernel_size, layer.strides
    else:
        window, strides = layer.pool_size, layer.strides
    window = (window, window) if isinstance(window, int) else window
    strides = window if strides is None else strides
    strides = (strides, strides) if isinstance(strides, int) else strides
    pads = oracles.explicit_pads(layer.padding, shape[:2], window, strides)
    if not isinstance(layer, Conv2D) and max(max(pads[0]), max(pads[1])) >= min(window):
        return None
    out = [oracles.sliding_length(n, k, s, *p)
           for n, k, s, p in zip(shape[:2], window, strides, pads)]
    if min(out) < 1:
        return None
    return out[0], out[1], layer.filters if isinstance(layer, Conv2D) else shape[2]


WINDOWS = st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4)))
STRIDES = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))
PADDINGS = st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 1))
IMAGE_LAYERS = st.one_of(
    st.builds(Conv2D, filters=st.integers(1, 16), kernel_size=WINDOWS, strides=STRIDES,
              padding=PADDINGS, use_bias=st.booleans()),
    st.builds(MaxPooling2D, pool_size=WINDOWS, strides=st.none() | STRIDES, padding=PADDINGS),
    st.builds(AveragePooling2D, pool_size=WINDOWS, strides=st.none() | STRIDES,
              padding=PADDINGS),
    st.builds(ReLU), st.builds(Dropout, rate=st.floats(0, 0.9)),
)
HEADS = st.sampled_from([
    [Flatten()], [Flatten(), Dense(10)], [Flatten(), Dropout(0.5), Dense(32), Dense(10)],
    [GlobalAveragePooling2D(), Dense(10)], [GlobalMaxPooling2D(), Dense(5, use_bias=False)],
])


@st.composite
def models(draw):
    """``(layers, input_shape)``: image layers that fit, then a flat head."""
    shape = (draw(st.integers(4, 32)), draw(st.integers(4, 32)), draw(st.integers(1, 4)))
    layers, current = [], shape
    for candidate in draw(st.lists(IMAGE_LAYERS, max_size=5)):
        fitted = _fits(candidate, current)
        if fitted is not None:
            layers.append(candidate)
            current = fitted
    return layers + draw(HEADS), shape


@pytest.mark.torch
@settings(CROSS_CHECK, max_examples=200)
@given(model=models())
def test_summary_of_random_models_matches_torch(generated_cases, model):
    pytest.importorskip("torch")
    generated_cases["summary vs torch"] += 1
    layers, input_shape = model
    counters: dict[str, int] = {}
    names = []
    for layer in layers:
        base = KERAS_BASE_NAMES[type(layer)]
        counters[base] = counters.get(base, 0) + 1
        names.append(f"{base}_{counters[base]}")
    expected = [(name, shape, params) for name, (shape, params)
                in zip(names, oracles.torch_summary(layers, input_shape))]
    assert layer_names(layers) == names
    assert summary(layers, input_shape) == expected
    assert count_params(layers, input_shape) == sum(params for _, _, params in expected)


def test_explicit_layer_names_are_kept():
    layers = [Conv2D(8, 3, name="stem"), Conv2D(8, 3), Flatten(name="to_vector"), Dense(10)]
    assert layer_names(layers) == ["stem", "conv2d_2", "to_vector", "dense_1"]
    assert [row[0] for row in summary(layers, (12, 12, 3))] == layer_names(layers)


# --------------------------------------------------------------------------- inputs unchanged

def test_params_functions_do_not_modify_their_inputs():
    layers = list(KERAS_MNIST_CONVNET)
    input_shape = [28, 28, 1]
    kernel_size = [3, 3]
    before = (copy.deepcopy(layers), list(input_shape), list(kernel_size))
    summary(layers, input_shape)
    count_params(layers, input_shape)
    conv2d_params(kernel_size, 1, 32)
    assert (layers, input_shape, kernel_size) == before


# --------------------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, argument", [
    (lambda: dense_params(0, 10), "n_in"),
    (lambda: dense_params(1.5, 10), "n_in"),
    (lambda: dense_params(784, 0), "units"),
    (lambda: dense_params(784, -3), "units"),
    (lambda: conv2d_params(0, 1, 32), "kernel_size"),
    (lambda: conv2d_params((3, 0), 1, 32), "kernel_size"),
    (lambda: conv2d_params(3, 0, 32), "in_channels"),
    (lambda: conv2d_params(3, 1, 0), "filters"),
    (lambda: count_params([Flatten(), "dense"], (28, 28)), "layers"),
    (lambda: summary([Conv2D(4, 3)], (28, 28)), "layers"),
    (lambda: summary([MaxPooling2D()], (784,)), "layers"),
    (lambda: summary([GlobalAveragePooling2D()], (28, 28)), "layers"),
    (lambda: summary([Flatten()], ()), "input_shape"),
    (lambda: summary([Flatten()], (28, 0)), "input_shape"),
    (lambda: summary([Flatten()], 784), "input_shape"),
    (lambda: summary([Conv2D(4, 5)], (3, 3, 1)), "kernel_size"),
    (lambda: summary([Conv2D(4, 3, strides=0)], (8, 8, 1)), "strides"),
    (lambda: summary([MaxPooling2D(2, padding=2)], (8, 8, 1)), "padding"),
    (lambda: summary([MaxPooling2D(9)], (8, 8, 1)), "pool_size"),
    (lambda: summary([Flatten(), Dense(0)], (4, 4)), "units"),
])
def test_bad_arguments_raise_value_error_naming_them(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
