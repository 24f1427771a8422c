"""Parameter counting and a Keras-style model summary (lecture 3.1.4, 3.3).

``layers`` are the descriptions of :mod:`cnnlab.layers` (``Conv2D``, ``Dense``, ...).

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np
from cnnlab.layers import AveragePooling2D, Conv2D, Dense, Dropout, Flatten, GlobalAveragePooling2D, GlobalMaxPooling2D, Layer, MaxPooling2D, ReLU, layer_names


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("dense_params is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d_params is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("summary is not implemented yet")


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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("count_params is not implemented yet")
