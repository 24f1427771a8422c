"""The same network in torch, with the same weights, to compare against the numpy layers.

Only the benchmarks use torch: the toolkit itself needs numpy alone. The twin
takes channels-first ``(N, C, H, W)`` batches (torch's native layout) and
flattens in channels-last order, so a ``Dense`` kernel copied from the numpy
model sees its inputs in the same order.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)
from cnnlab.train import Sequential


def same_pads(n: int, k: int, s: int) -> tuple[int, int]:
    """TensorFlow's "same" split along one axis: ``(before, after)``."""
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def explicit_pads(padding, size, window, stride) -> tuple[tuple[int, int], tuple[int, int]]:
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        return tuple(same_pads(n, k, s) for n, k, s in zip(size, window, stride))
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    return (ph, ph), (pw, pw)


def _pair(v) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


class ConvBlock(nn.Module):
    """Conv2D with TensorFlow padding (symmetric pads inside the conv, uneven ones by F.pad)."""

    def __init__(self, layer: Conv2D, kernel: np.ndarray, bias: np.ndarray | None,
                 in_size: tuple[int, int]):
        super().__init__()
        kh, kw, c_in, c_out = kernel.shape
        stride = _pair(layer.strides)
        (top, bottom), (left, right) = explicit_pads(layer.padding, in_size, (kh, kw), stride)
        symmetric = top == bottom and left == right
        self.extra = None if symmetric else (left, right, top, bottom)
        self.conv = nn.Conv2d(c_in, c_out, (kh, kw), stride,
                              padding=(top, left) if symmetric else 0, bias=bias is not None,
                              dtype=torch.from_numpy(kernel[:0]).dtype)
        with torch.no_grad():
            self.conv.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()))
            if bias is not None:
                self.conv.bias.copy_(torch.from_numpy(bias))
        self.relu = layer.activation == "relu"

    def forward(self, x):
        if self.extra is not None:
            x = F.pad(x, self.extra)
        x = self.conv(x)
        return F.relu(x) if self.relu else x


class DenseBlock(nn.Module):
    def __init__(self, layer: Dense, kernel: np.ndarray, bias: np.ndarray | None):
        super().__init__()
        self.linear = nn.Linear(kernel.shape[0], kernel.shape[1], bias=bias is not None,
                                dtype=torch.from_numpy(kernel[:0]).dtype)
        with torch.no_grad():
            self.linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
            if bias is not None:
                self.linear.bias.copy_(torch.from_numpy(bias))
        self.relu = layer.activation == "relu"

    def forward(self, x):
        x = self.linear(x)
        return F.relu(x) if self.relu else x


class ChannelsLastFlatten(nn.Module):
    """Flatten ``(N, C, H, W)`` in ``(H, W, C)`` order, as the numpy model does."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x.flatten(1)


class GlobalPool(nn.Module):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        return x.mean(dim=(2, 3)) if self.kind == "avg" else x.amax(dim=(2, 3))


def torch_twin(model: Sequential) -> nn.Sequential:
    """An ``nn.Sequential`` computing what ``model`` computes, starting from its current weights.

    Parameters have the numpy weights' dtype (float32 for training, float64 for checks).

    Pooling layers must be "valid" (all the lecture's networks are).
    """
    modules = []
    shape = model.input_shape
    for node, out_shape in zip(model.nodes, model.output_shapes):
        layer = node.layer
        if isinstance(layer, Conv2D):
            modules.append(ConvBlock(layer, node.params["kernel"], node.params.get("bias"),
                                     shape[:2]))
        elif isinstance(layer, Dense):
            modules.append(DenseBlock(layer, node.params["kernel"], node.params.get("bias")))
        elif isinstance(layer, (MaxPooling2D, AveragePooling2D)):
            if layer.padding != "valid":
                raise NotImplementedError("the torch twin supports 'valid' pooling only")
            pool = nn.MaxPool2d if isinstance(layer, MaxPooling2D) else nn.AvgPool2d
            size = _pair(layer.pool_size)
            modules.append(pool(size, _pair(layer.strides) if layer.strides else size))
        elif isinstance(layer, GlobalAveragePooling2D):
            modules.append(GlobalPool("avg"))
        elif isinstance(layer, GlobalMaxPooling2D):
            modules.append(GlobalPool("max"))
        elif isinstance(layer, Flatten):
            modules.append(ChannelsLastFlatten())
        elif isinstance(layer, Dropout):
            modules.append(nn.Dropout(layer.rate))
        elif isinstance(layer, ReLU):
            modules.append(nn.ReLU())
        else:
            raise NotImplementedError(f"no torch twin for {type(layer).__name__}")
        shape = out_shape
    return nn.Sequential(*modules)
