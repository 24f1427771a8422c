"""Lab 3 (Park). Parameter counts from each layer's arguments."""
import numpy as np

from cnnlab.layers import Layer
from shapes import conv_output_shape, ints, pool_output_shape

NAMES = {"Conv2D": "conv2d", "MaxPooling2D": "max_pooling2d",
         "AveragePooling2D": "average_pooling2d",
         "GlobalAveragePooling2D": "global_average_pooling2d",
         "GlobalMaxPooling2D": "global_max_pooling2d", "Flatten": "flatten", "Dense": "dense",
         "Dropout": "dropout", "ReLU": "re_lu"}


def dense_params(n_in, units, use_bias=True):
    (n_in,), (units,) = ints(n_in, "n_in", 1, 1), ints(units, "units", 1, 1)
    return n_in * units + units * bool(use_bias)


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = ints(kernel_size, "kernel_size")
    (c,), (f,) = ints(in_channels, "in_channels", 1, 1), ints(filters, "filters", 1, 1)
    return kh * kw * c * f + f * bool(use_bias)


def step(kind, cfg, shape):
    """(output shape, params) of one layer given as its class name and arguments."""
    if kind in ("Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
                "GlobalMaxPooling2D") and len(shape) != 3:
        raise ValueError(f"{kind} needs an (H, W, C) input, got {shape}")
    if kind == "Conv2D":
        return (conv_output_shape(shape, cfg["filters"], cfg["kernel_size"], cfg["strides"],
                                  cfg["padding"]),
                conv2d_params(cfg["kernel_size"], shape[2], cfg["filters"], cfg["use_bias"]))
    if kind.endswith("Pooling2D") and kind.startswith("Global"):
        return shape[2:], 0
    if kind.endswith("Pooling2D"):
        return pool_output_shape(shape, cfg["pool_size"], cfg["strides"], cfg["padding"]), 0
    if kind == "Flatten":
        return (int(np.prod(shape)),), 0
    if kind == "Dense":
        return shape[:-1] + (cfg["units"],), dense_params(shape[-1], cfg["units"], cfg["use_bias"])
    if kind in ("Dropout", "ReLU"):
        return shape, 0
    raise ValueError(f"unknown layer {kind}")


def summary(layers, input_shape):
    if not isinstance(input_shape, (tuple, list)) or not input_shape:
        raise ValueError("input_shape must be a non-empty tuple")
    shape = ints(input_shape, "input_shape", 1, len(input_shape))
    rows, seen = [], []
    for layer in layers:
        if not isinstance(layer, Layer) or type(layer).__name__ not in NAMES:
            raise ValueError(f"unknown layer {layer!r}")
        kind = type(layer).__name__
        seen.append(kind)
        shape, params = step(kind, layer.kwargs(), tuple(shape))
        rows.append((layer.name or f"{NAMES[kind]}_{seen.count(kind)}", tuple(shape), params))
    return rows


def count_params(layers, input_shape):
    return np.sum([p for *_, p in summary(layers, input_shape)])
