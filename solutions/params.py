"""파라미터 (가중치) 수 세기와 Keras 방식의 모델 요약 (강의 3.1.4, 3.3).

강의 3.1.4의 표처럼 층마다 출력 모양과 파라미터 수를 구합니다. 층 목록 ``layers`` 에는
:mod:`cnnlab.layers` 모듈의 층 설명 (``Conv2D``, ``Dense`` 등)을 넣습니다.

Parameter counting and a Keras-style model summary (lecture 3.1.4, 3.3).

``layers`` are the descriptions of :mod:`cnnlab.layers` (``Conv2D``, ``Dense``, ...).
"""
from __future__ import annotations

import numpy as np

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, Layer,
                           MaxPooling2D, ReLU, layer_names)

from ._args import as_int, as_pair
from .shapes import conv_output_shape, pool_output_shape


def dense_params(n_in: int, units: int, use_bias: bool = True) -> int:
    """전결합층의 파라미터 수: 가중치 ``n_in * units`` 개와 편향 ``units`` 개 (강의 3.1.4).

    전결합층은 이전 층의 모든 노드가 다음 층의 모든 노드와 연결되므로, 입력 하나와 출력
    하나의 쌍마다 가중치가 하나씩 있고 출력 노드마다 편향이 하나씩 있습니다. 강의의 MLP에서
    784개의 입력을 받는 512개 노드의 은닉층은 ``784 * 512 + 512 = 401920`` 개의
    파라미터를 가집니다. 편향을 쓰지 않으면 (``use_bias=False``) 가중치만 셉니다.

    입력 수와 출력 수는 1 이상의 정수여야 하며, 그렇지 않으면 ``ValueError`` 예외를 내고
    메시지에 그 인자의 이름을 씁니다.

    Parameters of a fully connected layer: ``n_in * units`` weights (+ ``units`` biases).

    Parameters
    ----------
    n_in : int
        층의 입력 수 (>= 1).
        Inputs of the layer (>= 1).
    units : int
        층의 출력 수, 곧 노드 (유닛) 수 (>= 1).
        Outputs of the layer (>= 1).
    use_bias : bool, default True
        노드마다 편향을 하나씩 둘지 여부.
        One bias per unit.

    Returns
    -------
    int
        층의 파라미터 수.

    Raises
    ------
    ValueError
        ``n_in`` 인자나 ``units`` 인자가 1 이상의 정수가 아닐 때 (메시지에 그 이름을 씀).
        If ``n_in`` or ``units`` is not an integer >= 1 (the message names it).

    Graded
    ------
    - form use_bias: default -> "bias"
    - raises n_in, units -> "errors"

    Examples
    --------
    >>> dense_params(784, 512)
    401920
    """
    n_in = as_int(n_in, "n_in", 1)
    units = as_int(units, "units", 1)
    return n_in * units + (units if use_bias else 0)


def conv2d_params(kernel_size, in_channels: int, filters: int, use_bias: bool = True) -> int:
    """합성곱층 (``Conv2D``)의 파라미터 수: 필터마다 커널의 가중치와 편향 하나 (강의 3.3.1, 3.6.1).

    합성곱층에서는 커널 (합성곱 필터)의 값이 바로 가중치입니다. 필터 하나는 입력의 모든
    채널에 걸쳐 있어서 채널마다 ``KH * KW`` 개의 가중치를 가지고 (강의 3.6.1), 필터마다
    편향이 하나씩 있습니다. 그래서 가중치 ``KH * KW * in_channels * filters`` 개와 편향
    ``filters`` 개를 더합니다. 가중치 수는 입력 이미지의 가로세로 크기와 상관이 없습니다.
    MNIST CNN의 첫 합성곱층 (3×3 커널, 회색조 입력, 필터 32개)은
    ``3 * 3 * 1 * 32 + 32 = 320`` 개의 파라미터를 가집니다.

    커널 크기에는 정수 하나나 ``(h, w)`` 쌍을 줄 수 있습니다. 커널 크기, 입력 채널 수,
    필터 수가 1 이상의 정수가 아니면 ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을
    씁니다.

    Parameters of a ``Conv2D`` layer: ``KH * KW * in_channels * filters`` (+ ``filters`` biases).

    Each filter spans all input channels and has one bias.

    Parameters
    ----------
    kernel_size : int or (int, int)
        커널 크기 ``(KH, KW)``.
        ``(KH, KW)``.
    in_channels : int
        층에 들어오는 입력의 채널 수 (>= 1). 컬러 이미지는 3입니다.
        Channels of the layer's input (>= 1).
    filters : int
        필터 수 (>= 1).
        Number of filters (>= 1).
    use_bias : bool, default True
        필터마다 편향을 하나씩 둘지 여부.

    Returns
    -------
    int
        층의 파라미터 수.

    Raises
    ------
    ValueError
        ``kernel_size`` 인자가 1 이상의 정수나 그런 ``(h, w)`` 쌍이 아니거나,
        ``in_channels`` 인자나 ``filters`` 인자가 1 이상의 정수가 아닐 때 (메시지에 그
        이름을 씀).
        If ``kernel_size`` is not an int or an ``(h, w)`` pair of ints >= 1, or
        ``in_channels`` or ``filters`` is not an integer >= 1 (the message names it).

    Graded
    ------
    - form kernel_size: int -> "one channel"
    - form kernel_size: pair -> "non-square kernel"
    - form use_bias: default -> "bias"
    - raises kernel_size, in_channels, filters -> "errors"

    Examples
    --------
    >>> conv2d_params(3, 1, 32)
    320
    """
    kh, kw = as_pair(kernel_size, "kernel_size")
    c = as_int(in_channels, "in_channels", 1)
    f = as_int(filters, "filters", 1)
    return kh * kw * c * f + (f if use_bias else 0)


def summary(layers: list[Layer], input_shape: tuple[int, ...]) -> list[tuple[str, tuple, int]]:
    """Keras의 ``model.summary()`` 함수처럼 층마다 한 행씩 요약합니다 (강의 3.1.4, 3.3.2.3).

    강의 3.1.4의 표처럼 층마다 이름, 출력 모양, 파라미터 수를 구합니다. 입력 모양에서 시작해
    층을 차례로 지나며 모양이 어떻게 바뀌는지 따라갑니다: 합성곱층은 깊이를 필터 수로
    바꾸고, 풀링층은 가로세로 크기를 줄이고 (전역 풀링층은 채널 축만 남기고), ``Flatten``
    층은 1차원 벡터로 펼치고, 전결합층은 마지막 축을 유닛 수로 바꿉니다. 파라미터는
    합성곱층과 전결합층에만 있고, 풀링층과 ``Flatten``, ``Dropout``, ``ReLU`` 층은 0입니다.

    층 이름은 :func:`cnnlab.layers.layer_names` 함수가 붙이는 이름 (``"conv2d_1"``,
    ``"dense_2"`` 등)이고, 출력 모양에는 배치 축이 없습니다 (Keras의 ``None`` 축). 모르는
    층, 입력 모양에 맞지 않는 층 (예: ``(H, W, C)`` 모양이 아닌 입력을 받은 합성곱층),
    잘못된 입력 모양에는 ``ValueError`` 예외를 냅니다.

    One row per layer, as Keras' ``model.summary()`` prints it.

    Parameters
    ----------
    layers : list of cnnlab.layers.Layer
        모델을 이루는 층들, 입력에 가까운 층부터.
    input_shape : tuple of int
        배치 축을 뺀 입력 하나의 모양. 예: ``(28, 28, 1)``.
        Shape of one input without the batch axis, e.g. ``(28, 28, 1)``.

    Returns
    -------
    list of (name, output_shape, params)
        층마다 한 행: 이름, 배치 축을 뺀 출력 모양, 파라미터 수.
        ``name`` as :func:`cnnlab.layers.layer_names` gives it; ``output_shape``
        without the batch axis; ``params`` the layer's parameter count.

    Raises
    ------
    ValueError
        모르는 층, 입력 모양에 맞지 않는 층, 또는 잘못된 ``input_shape`` 값.
        An unknown layer, a layer that does not fit its input shape, or a bad
        ``input_shape``.

    Graded
    ------
    - raises layers, input_shape -> "errors"

    Examples
    --------
    >>> from cnnlab.layers import Flatten, Dense
    >>> summary([Flatten(), Dense(10)], (28, 28))
    [('flatten_1', (784,), 0), ('dense_1', (10,), 7850)]
    """
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) == 0:
        raise ValueError(f"input_shape must be a non-empty tuple, got {input_shape!r}")
    shape = tuple(as_int(v, "input_shape", 1) for v in input_shape)
    layers = list(layers)
    for layer in layers:
        if not isinstance(layer, Layer):  # layer_names needs layers; name the argument
            raise ValueError(f"layers: unknown layer {layer!r}")
    rows = []
    for name, layer in zip(layer_names(layers), layers):
        shape, params = _apply(layer, shape)
        rows.append((name, shape, params))
    return rows


def count_params(layers: list[Layer], input_shape: tuple[int, ...]) -> int:
    """모델 전체의 파라미터 수: Keras 요약의 "Total params" 줄 (강의 3.1.4).

    :func:`summary` 함수가 구한 층별 파라미터 수의 합입니다. 강의 3.1.4의 MLP
    (``Flatten``, 512, 512, 10 노드의 전결합층)는 ``401920 + 262656 + 5130 = 669706`` 개의
    파라미터를 가집니다. 잘못된 층이나 입력 모양에는 :func:`summary` 함수와 같이
    ``ValueError`` 예외를 냅니다.

    Total parameters of a model, the "Total params" line of Keras' summary.

    Parameters
    ----------
    layers : list of cnnlab.layers.Layer
        모델을 이루는 층들, 입력에 가까운 층부터.
    input_shape : tuple of int
        배치 축을 뺀 입력 하나의 모양. 예: ``(28, 28, 1)``.
        Shape of one input without the batch axis, e.g. ``(28, 28, 1)``.

    Returns
    -------
    int
        :func:`summary` 함수가 구한 파라미터 수 열의 합.
        The sum of :func:`summary`'s parameter column.

    Raises
    ------
    ValueError
        :func:`summary` 함수와 같습니다: 모르는 층, 입력 모양에 맞지 않는 층, 또는 잘못된
        ``input_shape`` 값.
        As :func:`summary`: an unknown layer, a layer that does not fit its input
        shape, or a bad ``input_shape``.

    Graded
    ------
    - raises layers, input_shape -> "errors"

    Examples
    --------
    >>> from cnnlab.layers import Flatten, Dense
    >>> count_params([Flatten(), Dense(512), Dense(512), Dense(10)], (28, 28))
    669706
    """
    return sum(params for _, _, params in summary(layers, input_shape))


def _apply(layer: Layer, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """Output shape and parameter count of one layer on an input of ``shape``."""
    if isinstance(layer, Conv2D):
        _require_image(layer, shape)
        out = conv_output_shape(shape, layer.filters, layer.kernel_size,
                                layer.strides, layer.padding)
        return out, conv2d_params(layer.kernel_size, shape[2], layer.filters, layer.use_bias)
    if isinstance(layer, (MaxPooling2D, AveragePooling2D)):
        _require_image(layer, shape)
        return pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding), 0
    if isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
        _require_image(layer, shape)
        return (shape[2],), 0
    if isinstance(layer, Flatten):
        return (int(np.prod(shape)),), 0
    if isinstance(layer, Dense):
        return shape[:-1] + (as_int(layer.units, "units", 1),), dense_params(
            shape[-1], layer.units, layer.use_bias)
    if isinstance(layer, (Dropout, ReLU)):
        return shape, 0
    raise ValueError(f"layers: unknown layer {layer!r}")


def _require_image(layer: Layer, shape: tuple[int, ...]) -> None:
    if len(shape) != 3:
        raise ValueError(f"layers: {type(layer).__name__} needs an (H, W, C) input, got {shape}")
