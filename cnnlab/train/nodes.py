"""Layer descriptions brought to life: parameters plus forward/backward through an :class:`Ops`.

A node holds one layer's parameters and calls the student API's functions (from
``ops``) for its forward and backward passes; it computes nothing itself beyond
reshapes, so training exercises exactly the functions in ``ops``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, Layer, MaxPooling2D,
                           ReLU)

from .initializers import kernel_initializer
from .ops import Ops

ACTIVATIONS = (None, "linear", "relu", "softmax")


class Node:
    """One layer at run time. ``params`` maps ``"kernel"``/``"bias"`` to arrays (empty if none)."""

    def __init__(self, layer: Layer, name: str):
        self.layer = layer
        self.name = name
        self.params: dict[str, np.ndarray] = {}

    def forward(self, ops: Ops, x: np.ndarray, training: bool,
                rng: np.random.Generator) -> tuple[np.ndarray, Any]:
        """Output of the layer and what its backward pass needs."""
        raise NotImplementedError

    def backward(self, ops: Ops, dout: np.ndarray, cache: Any) -> tuple[np.ndarray, dict]:
        """Gradient with respect to the input, and the parameters' gradients by name."""
        raise NotImplementedError


class _Activated(Node):
    """A layer with an optional ReLU after it (``activation="relu"``, as in Keras)."""

    def __init__(self, layer: Layer, name: str, last: bool):
        super().__init__(layer, name)
        activation = layer.activation
        if activation not in ACTIVATIONS:
            raise ValueError(f"{name}: activation must be one of {ACTIVATIONS}, got {activation!r}")
        if activation == "softmax" and not last:
            raise ValueError(f"{name}: softmax is only supported on the last layer")
        self.relu = activation == "relu"

    def _activate(self, ops: Ops, z: np.ndarray) -> np.ndarray:
        return ops.relu(z) if self.relu else z

    def _deactivate(self, ops: Ops, dout: np.ndarray, z: np.ndarray) -> np.ndarray:
        return ops.relu_backward(dout, z) if self.relu else dout


class Conv2DNode(_Activated):
    def __init__(self, layer: Conv2D, name: str, in_channels: int, rng, init: str, dtype,
                 last: bool):
        super().__init__(layer, name, last)
        kh, kw = _pair(layer.kernel_size)
        shape = (kh, kw, in_channels, layer.filters)
        self.params["kernel"] = kernel_initializer(init, layer.activation)(shape, rng, dtype)
        if layer.use_bias:
            self.params["bias"] = np.zeros(layer.filters, dtype)

    def forward(self, ops, x, training, rng):
        layer = self.layer
        z = ops.conv2d(x, self.params["kernel"], self.params.get("bias"), layer.strides,
                       layer.padding)
        return self._activate(ops, z), (x, z)

    def backward(self, ops, dout, cache):
        x, z = cache
        dz = self._deactivate(ops, dout, z)
        dx, dw, db = ops.conv2d_backward(dz, x, self.params["kernel"], self.layer.strides,
                                         self.layer.padding)
        grads = {"kernel": dw}
        if "bias" in self.params:
            grads["bias"] = db
        return dx, grads


class DenseNode(_Activated):
    def __init__(self, layer: Dense, name: str, n_in: int, rng, init: str, dtype, last: bool):
        super().__init__(layer, name, last)
        shape = (n_in, layer.units)
        self.params["kernel"] = kernel_initializer(init, layer.activation)(shape, rng, dtype)
        if layer.use_bias:
            self.params["bias"] = np.zeros(layer.units, dtype)
        self._zero_bias = np.zeros(layer.units, dtype)  # the API's dense_forward always takes b

    def forward(self, ops, x, training, rng):
        z = ops.dense_forward(x, self.params["kernel"], self.params.get("bias", self._zero_bias))
        return self._activate(ops, z), (x, z)

    def backward(self, ops, dout, cache):
        x, z = cache
        dz = self._deactivate(ops, dout, z)
        dx, dw, db = ops.dense_backward(dz, x, self.params["kernel"])
        grads = {"kernel": dw}
        if "bias" in self.params:
            grads["bias"] = db
        return dx, grads


class MaxPoolNode(Node):
    def forward(self, ops, x, training, rng):
        layer = self.layer
        return ops.max_pool2d(x, layer.pool_size, layer.strides, layer.padding), x

    def backward(self, ops, dout, x):
        layer = self.layer
        return ops.max_pool2d_backward(dout, x, layer.pool_size, layer.strides, layer.padding), {}


class AvgPoolNode(Node):
    def forward(self, ops, x, training, rng):
        layer = self.layer
        return ops.avg_pool2d(x, layer.pool_size, layer.strides, layer.padding), x.shape

    def backward(self, ops, dout, x_shape):
        layer = self.layer
        return ops.avg_pool2d_backward(dout, x_shape, layer.pool_size, layer.strides,
                                       layer.padding), {}


class GlobalAvgPoolNode(Node):
    """Global average pooling is average pooling with one window the size of the image."""

    def forward(self, ops, x, training, rng):
        return ops.global_avg_pool2d(x), x.shape

    def backward(self, ops, dout, x_shape):
        n, h, w, c = x_shape
        return ops.avg_pool2d_backward(dout.reshape(n, 1, 1, c), x_shape, (h, w)), {}


class GlobalMaxPoolNode(Node):
    """Global max pooling is max pooling with one window the size of the image."""

    def forward(self, ops, x, training, rng):
        return ops.global_max_pool2d(x), x

    def backward(self, ops, dout, x):
        n, h, w, c = x.shape
        return ops.max_pool2d_backward(dout.reshape(n, 1, 1, c), x, (h, w)), {}


class FlattenNode(Node):
    def forward(self, ops, x, training, rng):
        return ops.flatten(x), x.shape

    def backward(self, ops, dout, x_shape):
        return dout.reshape(x_shape), {}


class DropoutNode(Node):
    def forward(self, ops, x, training, rng):
        if not training:
            return x, None
        out, keep_mask = ops.dropout(x, self.layer.rate, True, rng)
        return out, keep_mask

    def backward(self, ops, dout, keep_mask):
        if keep_mask is None:                  # the forward pass was not training: identity
            return dout, {}
        return ops.dropout_backward(dout, keep_mask, self.layer.rate), {}


class ReLUNode(Node):
    def forward(self, ops, x, training, rng):
        return ops.relu(x), x

    def backward(self, ops, dout, x):
        return ops.relu_backward(dout, x), {}


_PARAMETERLESS = {
    MaxPooling2D: MaxPoolNode,
    AveragePooling2D: AvgPoolNode,
    GlobalAveragePooling2D: GlobalAvgPoolNode,
    GlobalMaxPooling2D: GlobalMaxPoolNode,
    Flatten: FlattenNode,
    Dropout: DropoutNode,
    ReLU: ReLUNode,
}


def build_node(layer: Layer, name: str, input_shape: tuple[int, ...], rng: np.random.Generator,
               init: str, dtype, last: bool) -> Node:
    """The run-time node of ``layer`` for inputs of ``input_shape`` (no batch axis)."""
    if isinstance(layer, Conv2D):
        if len(input_shape) != 3:
            raise ValueError(f"{name}: Conv2D needs (H, W, C) inputs, got {input_shape}")
        return Conv2DNode(layer, name, input_shape[2], rng, init, dtype, last)
    if isinstance(layer, Dense):
        return DenseNode(layer, name, input_shape[-1], rng, init, dtype, last)
    for kind, node_class in _PARAMETERLESS.items():
        if type(layer) is kind:
            return node_class(layer, name)
    raise ValueError(f"{name}: cannot train a {type(layer).__name__} layer")


def _pair(value) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))
