"""Parameter counts and the model summary (lecture 3.1.4, 3.3)."""
import numpy as np

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Flatten, GlobalAveragePooling2D,
                           GlobalMaxPooling2D, MaxPooling2D, layer_names)

from shapes import conv_output_shape, pool_output_shape


def summary(layers, input_shape):
    shape = tuple(input_shape)  # trusted as given
    rows = []
    for name, layer in zip(layer_names(layers), layers):
        params = 0
        if isinstance(layer, Conv2D):
            if len(shape) != 3:
                raise ValueError(f"Conv2D needs an (H, W, C) input, got {shape}")
            kh, kw = (layer.kernel_size,) * 2 if isinstance(layer.kernel_size, int) \
                else layer.kernel_size
            params = kh * kw * shape[2] * layer.filters + (layer.filters if layer.use_bias else 0)
            shape = conv_output_shape(shape, layer.filters, layer.kernel_size, layer.strides,
                                      layer.padding)
        elif isinstance(layer, (MaxPooling2D, AveragePooling2D)):
            if len(shape) != 3:
                raise ValueError(f"pooling needs an (H, W, C) input, got {shape}")
            shape = pool_output_shape(shape, layer.pool_size, layer.strides, layer.padding)
        elif isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
            shape = (shape[2],)
        elif isinstance(layer, Flatten):
            shape = (int(np.prod(shape)),)
        elif isinstance(layer, Dense):
            params = shape[-1] * layer.units + (layer.units if layer.use_bias else 0)
            shape = shape[:-1] + (layer.units,)
        rows.append((name, tuple(int(v) for v in shape), int(params)))
    return rows
