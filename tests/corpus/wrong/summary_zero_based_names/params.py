"""Parameter counts and the model summary (lecture 3.1.4, 3.3)."""
import numpy as np

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)

from shapes import conv_output_shape, pool_output_shape


def dense_params(n_in, units, use_bias=True):
    if n_in < 1 or units < 1:
        raise ValueError("n_in and units must be positive")
    params = n_in * units
    if use_bias:
        params += units
    return params


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    if min(kh, kw, in_channels, filters) < 1:
        raise ValueError("arguments must be positive")
    params = kh * kw * in_channels * filters
    if use_bias:
        params += filters
    return params


NAMES = {Conv2D: "conv2d", MaxPooling2D: "max_pooling2d", AveragePooling2D: "average_pooling2d",
         GlobalAveragePooling2D: "global_average_pooling2d",
         GlobalMaxPooling2D: "global_max_pooling2d", Flatten: "flatten", Dense: "dense",
         Dropout: "dropout", ReLU: "re_lu"}


def summary(layers, input_shape):
    shape = tuple(input_shape)
    counts = {}
    rows = []
    for layer in layers:
        kind = NAMES[type(layer)]
        counts[kind] = counts.get(kind, 0) + 1
        name = layer.name or f"{kind}_{counts[kind] - 1}"
        params = 0
        if isinstance(layer, Conv2D):
            if len(shape) != 3:
                raise ValueError("Conv2D needs an (H, W, C) input")
            params = conv2d_params(layer.kernel_size, shape[2], layer.filters, layer.use_bias)
            shape = conv_output_shape(shape, layer.filters, layer.kernel_size, layer.strides,
                                      layer.padding)
        elif isinstance(layer, (MaxPooling2D, AveragePooling2D)):
            if len(shape) != 3:
                raise ValueError("pooling needs an (H, W, C) input")
            shape = pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding)
        elif isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
            shape = (shape[2],)
        elif isinstance(layer, Flatten):
            shape = (int(np.prod(shape)),)
        elif isinstance(layer, Dense):
            params = dense_params(shape[-1], layer.units, layer.use_bias)
            shape = shape[:-1] + (layer.units,)
        rows.append((name, shape, params))
    return rows


def count_params(layers, input_shape):
    return sum(row[2] for row in summary(layers, input_shape))
