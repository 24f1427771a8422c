"""Lab 3 (Jung). Parameter counts via a table of per-layer rules."""
import numpy as np

from cnnlab.layers import layer_names

import shapes


def dense_params(n_in, units, use_bias=True):
    n_in, units = shapes._int(n_in, "n_in", 1), shapes._int(units, "units", 1)
    return (n_in + bool(use_bias)) * units


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = shapes.to_pair(kernel_size, "kernel_size")
    c = shapes._int(in_channels, "in_channels", 1)
    f = shapes._int(filters, "filters", 1)
    return (kh * kw * c + bool(use_bias)) * f


def _image(shape, layer):
    if len(shape) != 3:
        raise ValueError(f"{type(layer).__name__} needs (H, W, C), got {shape}")
    return shape


def _conv(layer, shape):
    _image(shape, layer)
    return (shapes.conv_output_shape(shape, layer.filters, layer.kernel_size, layer.strides,
                                     layer.padding),
            conv2d_params(layer.kernel_size, shape[-1], layer.filters, layer.use_bias))


def _pool(layer, shape):
    _image(shape, layer)
    return shapes.pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding), 0


def _global(layer, shape):
    return (_image(shape, layer)[-1],), 0


def _dense(layer, shape):
    return shape[:-1] + (layer.units,), dense_params(shape[-1], layer.units, layer.use_bias)


RULES = {
    "Conv2D": _conv,
    "MaxPooling2D": _pool,
    "AveragePooling2D": _pool,
    "GlobalAveragePooling2D": _global,
    "GlobalMaxPooling2D": _global,
    "Flatten": lambda layer, shape: ((int(np.prod(shape)),), 0),
    "Dense": _dense,
    "Dropout": lambda layer, shape: (shape, 0),
    "ReLU": lambda layer, shape: (shape, 0),
}


def summary(layers, input_shape):
    if not isinstance(input_shape, (tuple, list)) or not input_shape:
        raise ValueError("input_shape must be a non-empty tuple")
    shape = tuple(shapes._int(d, "input_shape", 1) for d in input_shape)
    layers = list(layers)
    rows = []
    for name, layer in zip(layer_names(layers), layers):
        rule = RULES.get(type(layer).__name__)
        if rule is None:
            raise ValueError(f"layers: unknown layer {layer!r}")
        shape, params = rule(layer, shape)
        rows.append((name, tuple(shape), params))
    return rows


def count_params(layers, input_shape):
    return sum(row[2] for row in summary(layers, input_shape))
