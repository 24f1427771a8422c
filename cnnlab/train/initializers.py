"""Weight initialisation: He for ReLU layers, Glorot otherwise (seeded).

The fans of a kernel follow Keras: a dense kernel ``(n_in, units)`` has
``fan_in = n_in`` and ``fan_out = units``; a convolution kernel
``(KH, KW, C_in, C_out)`` has ``fan_in = KH*KW*C_in`` and
``fan_out = KH*KW*C_out``.
"""
from __future__ import annotations

import numpy as np


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a dense ``(n_in, units)`` or conv ``(KH, KW, C_in, C_out)`` kernel."""
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[:-2]))
    return receptive * shape[-2], receptive * shape[-1]


def he_uniform(shape: tuple[int, ...], rng: np.random.Generator,
               dtype=np.float32) -> np.ndarray:
    """``U(-limit, limit)`` with ``limit = sqrt(6 / fan_in)``: keeps the variance through ReLUs."""
    limit = np.sqrt(6.0 / fans(shape)[0])
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def glorot_uniform(shape: tuple[int, ...], rng: np.random.Generator,
                   dtype=np.float32) -> np.ndarray:
    """``U(-limit, limit)`` with ``limit = sqrt(6 / (fan_in + fan_out))`` (Keras' default)."""
    fan_in, fan_out = fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


INITIALIZERS = {"he_uniform": he_uniform, "glorot_uniform": glorot_uniform}


def kernel_initializer(name: str, activation: str | None):
    """The initializer called ``name``; ``"auto"`` picks He before a ReLU, Glorot otherwise."""
    if name == "auto":
        return he_uniform if activation == "relu" else glorot_uniform
    try:
        return INITIALIZERS[name]
    except KeyError:
        raise ValueError(f"init must be 'auto' or one of {sorted(INITIALIZERS)}, got {name!r}") from None
