"""Lab 3 (Lee). Parameter counts that reuse shapes.py, with Keras-style layer names."""
import re

import numpy as np

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)
from shapes import conv_output_shape, hw, pool_output_shape


def _count(value, name):
    if type(value) is bool or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def dense_params(n_in, units, use_bias=True):
    weights = _count(n_in, "n_in") * _count(units, "units")
    return weights + units if use_bias else weights


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = hw(kernel_size, "kernel_size")
    weights = kh * kw * _count(in_channels, "in_channels") * _count(filters, "filters")
    return weights + filters if use_bias else weights


def _name(layer, counters):
    base = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_",
                  type(layer).__name__).lower()
    counters[base] = counters.get(base, 0) + 1
    return layer.name or f"{base}_{counters[base]}"


def summary(layers, input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 1:
        raise ValueError("input_shape must be a non-empty tuple of ints")
    shape = tuple(_count(d, "input_shape") for d in input_shape)
    counters = {}
    table = []
    for layer in layers:
        params = 0
        if isinstance(layer, (Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D,
                              GlobalMaxPooling2D)) and len(shape) != 3:
            raise ValueError(f"{type(layer).__name__} expects an (H, W, C) input, got {shape}")
        if isinstance(layer, Conv2D):
            params = conv2d_params(layer.kernel_size, shape[2], layer.filters, layer.use_bias)
            shape = conv_output_shape(shape, layer.filters, layer.kernel_size, layer.strides,
                                      layer.padding)
        elif isinstance(layer, (MaxPooling2D, AveragePooling2D)):
            shape = pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding)
        elif isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
            shape = (shape[2],)
        elif isinstance(layer, Flatten):
            shape = (int(np.prod(shape)),)
        elif isinstance(layer, Dense):
            params = dense_params(shape[-1], layer.units, layer.use_bias)
            shape = shape[:-1] + (layer.units,)
        elif not isinstance(layer, (Dropout, ReLU)):
            raise ValueError(f"layers: {layer!r} is not a known layer")
        table.append((_name(layer, counters), tuple(shape), params))
    return table


def count_params(layers, input_shape):
    return int(sum(params for _, _, params in summary(layers, input_shape)))
