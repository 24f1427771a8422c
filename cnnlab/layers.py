"""Keras-named layer descriptions for ``count_params``, ``summary`` and training.

These are plain data: each records the arguments of the Keras layer of the same
name and computes nothing. Students compute shapes and parameter counts from
them in ``params.py``. Import them with::

    from cnnlab.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout

Layers without a ``name`` are named as in the lecture's Keras summary: the
class name in snake case with a per-type counter starting at 1
(``conv2d_1``, ``max_pooling2d_1``, ``dense_1``, ``dense_2``, ...); see
:func:`layer_names`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Optional, Union

IntOrPair = Union[int, tuple[int, int]]
PaddingArg = Union[str, int, tuple[int, int]]


@dataclass(frozen=True)
class Layer:
    """Base class: every layer may carry an explicit ``name``."""

    def kwargs(self) -> dict:
        """The layer's arguments as a dict (what Keras' ``get_config`` would hold)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Conv2D(Layer):
    """``keras.layers.Conv2D``: ``filters`` kernels of ``kernel_size`` over all input channels."""
    filters: int
    kernel_size: IntOrPair
    strides: IntOrPair = 1
    padding: PaddingArg = "valid"
    activation: Optional[str] = None
    use_bias: bool = True
    name: Optional[str] = None


@dataclass(frozen=True)
class MaxPooling2D(Layer):
    """``keras.layers.MaxPooling2D``; ``strides=None`` means ``strides = pool_size``."""
    pool_size: IntOrPair = 2
    strides: Optional[IntOrPair] = None
    padding: PaddingArg = "valid"
    name: Optional[str] = None


@dataclass(frozen=True)
class AveragePooling2D(Layer):
    """``keras.layers.AveragePooling2D``; ``strides=None`` means ``strides = pool_size``."""
    pool_size: IntOrPair = 2
    strides: Optional[IntOrPair] = None
    padding: PaddingArg = "valid"
    name: Optional[str] = None


@dataclass(frozen=True)
class GlobalAveragePooling2D(Layer):
    """``keras.layers.GlobalAveragePooling2D``: ``(H, W, C) -> (C,)``."""
    name: Optional[str] = None


@dataclass(frozen=True)
class GlobalMaxPooling2D(Layer):
    """``keras.layers.GlobalMaxPooling2D``: ``(H, W, C) -> (C,)``."""
    name: Optional[str] = None


@dataclass(frozen=True)
class Flatten(Layer):
    """``keras.layers.Flatten``: ``(d1, d2, ...) -> (d1 * d2 * ...,)``."""
    name: Optional[str] = None


@dataclass(frozen=True)
class Dense(Layer):
    """``keras.layers.Dense``: acts on the last axis, kernel ``(n_in, units)``."""
    units: int
    activation: Optional[str] = None
    use_bias: bool = True
    name: Optional[str] = None


@dataclass(frozen=True)
class Dropout(Layer):
    """``keras.layers.Dropout``: no parameters, shape unchanged."""
    rate: float
    name: Optional[str] = None


@dataclass(frozen=True)
class ReLU(Layer):
    """``keras.layers.ReLU``: no parameters, shape unchanged."""
    name: Optional[str] = None


LAYER_TYPES: dict[str, type[Layer]] = {
    cls.__name__: cls
    for cls in (Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D,
                GlobalMaxPooling2D, Flatten, Dense, Dropout, ReLU)
}


def snake_case(class_name: str) -> str:
    """``MaxPooling2D`` -> ``max_pooling2d``, ``Conv2D`` -> ``conv2d`` (Keras' rule)."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()


def layer_names(layers: list[Layer]) -> list[str]:
    """Names as the lecture's summary prints them: ``name`` if given, else ``type_k``.

    >>> layer_names([Flatten(), Dense(512), Dense(10)])
    ['flatten_1', 'dense_1', 'dense_2']
    """
    counters: dict[str, int] = {}
    names = []
    for layer in layers:
        base = snake_case(type(layer).__name__)
        counters[base] = counters.get(base, 0) + 1
        names.append(layer.name or f"{base}_{counters[base]}")
    return names
