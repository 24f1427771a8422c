"""Lab 3 (Choi). Parameter counts and a model summary, one layer at a time."""
from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)

from shapes import check_int, conv_output_shape, pair, pool_output_shape


def dense_params(n_in, units, use_bias=True):
    n_in = check_int(n_in, "n_in", 1)
    units = check_int(units, "units", 1)
    total = n_in * units
    if use_bias:
        total += units
    return total


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = pair(kernel_size, "kernel_size")
    in_channels = check_int(in_channels, "in_channels", 1)
    filters = check_int(filters, "filters", 1)
    total = kh * kw * in_channels * filters
    if use_bias:
        total += filters
    return total


def _needs_image(shape, what):
    if len(shape) != 3:
        raise ValueError(f"{what} needs an (H, W, C) input, got {shape}")


def _layer(layer, shape):
    if isinstance(layer, Conv2D):
        _needs_image(shape, "Conv2D")
        out = conv_output_shape(shape, layer.filters, layer.kernel_size, layer.strides,
                                layer.padding)
        return out, conv2d_params(layer.kernel_size, shape[2], layer.filters, layer.use_bias)
    if isinstance(layer, (MaxPooling2D, AveragePooling2D)):
        _needs_image(shape, "pooling")
        return pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding), 0
    if isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
        _needs_image(shape, "global pooling")
        return (shape[2],), 0
    if isinstance(layer, Flatten):
        size = 1
        for d in shape:
            size *= d
        return (size,), 0
    if isinstance(layer, Dense):
        units = check_int(layer.units, "units", 1)
        return tuple(shape[:-1]) + (units,), dense_params(shape[-1], units, layer.use_bias)
    if isinstance(layer, (Dropout, ReLU)):
        return tuple(shape), 0
    raise ValueError(f"unknown layer {layer!r}")


def summary(layers, input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) == 0:
        raise ValueError("input_shape must be a non-empty tuple")
    shape = tuple(check_int(d, "input_shape", 1) for d in input_shape)
    seen = {}
    rows = []
    for layer in layers:
        kind = _snake(type(layer).__name__)
        seen[kind] = seen.get(kind, 0) + 1
        name = layer.name if layer.name else f"{kind}_{seen[kind] - 1}"
        shape, params = _layer(layer, shape)
        rows.append((name, shape, params))
    return rows


def _snake(class_name):
    """MaxPooling2D -> max_pooling2d, GlobalAveragePooling2D -> global_average_pooling2d."""
    out = ""
    for i, ch in enumerate(class_name):
        if ch.isupper() and i > 0 and class_name[i - 1].islower():
            out += "_"
        out += ch.lower()
    return out


def count_params(layers, input_shape):
    total = 0
    for _, _, params in summary(layers, input_shape):
        total += params
    return total
