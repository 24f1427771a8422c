"""Parameter counting and a Keras-style model summary (lecture 3.1.4, 3.3).

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
    """Parameters of a fully connected layer: ``n_in * units`` weights (+ ``units`` biases).

    Parameters
    ----------
    n_in : int
        Inputs of the layer (>= 1).
    units : int
        Outputs of the layer (>= 1).
    use_bias : bool, default True
        One bias per unit.

    Returns
    -------
    int

    Raises
    ------
    ValueError
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
    """Parameters of a ``Conv2D`` layer: ``KH * KW * in_channels * filters`` (+ ``filters`` biases).

    Each filter spans all input channels and has one bias.

    Parameters
    ----------
    kernel_size : int or (int, int)
        ``(KH, KW)``.
    in_channels : int
        Channels of the layer's input (>= 1).
    filters : int
        Number of filters (>= 1).
    use_bias : bool, default True

    Returns
    -------
    int

    Raises
    ------
    ValueError
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
    """One row per layer, as Keras' ``model.summary()`` prints it.

    Parameters
    ----------
    layers : list of cnnlab.layers.Layer
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(28, 28, 1)``.

    Returns
    -------
    list of (name, output_shape, params)
        ``name`` as :func:`cnnlab.layers.layer_names` gives it; ``output_shape``
        without the batch axis; ``params`` the layer's parameter count.

    Raises
    ------
    ValueError
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
    """Total parameters of a model, the "Total params" line of Keras' summary.

    Parameters
    ----------
    layers : list of cnnlab.layers.Layer
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(28, 28, 1)``.

    Returns
    -------
    int
        The sum of :func:`summary`'s parameter column.

    Raises
    ------
    ValueError
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
