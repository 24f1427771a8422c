"""Argument checks shared by the reference modules (private: not part of the student API).

Every public reference function validates its arguments with these helpers so
that a bad argument always raises ``ValueError`` naming that argument.
"""
from __future__ import annotations

import math
import numbers
from typing import Union

import numpy as np

IntPair = tuple[int, int]
Padding = Union[str, int, tuple[int, int]]


def as_int(value, name: str, minimum: int) -> int:
    """Return ``value`` as a Python int, or raise ``ValueError`` naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def as_pair(value, name: str, minimum: int = 1) -> IntPair:
    """Accept an int or an ``(h, w)`` pair and return an ``(h, w)`` pair of ints."""
    if isinstance(value, (tuple, list, np.ndarray)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
        return as_int(value[0], name, minimum), as_int(value[1], name, minimum)
    v = as_int(value, name, minimum)
    return v, v


def resolve_padding(padding: Padding, size: IntPair, window: IntPair,
                    stride: IntPair) -> tuple[IntPair, IntPair]:
    """Turn a padding argument into explicit ``((top, bottom), (left, right))`` amounts.

    Parameters
    ----------
    padding : {"valid", "same"} or int or (int, int)
        ``"same"`` follows TensorFlow/Keras: output ``ceil(n / s)``, total padding
        ``max((out - 1) * s + k - n, 0)``, ``top = total // 2``, the extra row or
        column goes to the bottom/right.
    size, window, stride : (int, int)
        Input ``(H, W)``, window ``(KH, KW)`` and stride ``(SH, SW)``.
    """
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0), (0, 0)
        if mode == "same":
            amounts = []
            for n, k, s in zip(size, window, stride):
                out = math.ceil(n / s)
                total = max((out - 1) * s + k - n, 0)
                amounts.append((total // 2, total - total // 2))
            return amounts[0], amounts[1]
        raise ValueError(f'padding must be "valid", "same", an int or a pair, got {padding!r}')
    ph, pw = as_pair(padding, "padding", minimum=0)
    return (ph, ph), (pw, pw)


def check_ndim(x: np.ndarray, ndim: int, name: str, layout: str) -> None:
    """Raise ``ValueError`` unless ``x`` has ``ndim`` dimensions."""
    if x.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D {layout}, got shape {x.shape}")


def sliding_output(n: int, k: int, s: int, pad: IntPair, name: str) -> int:
    """Output length of a window ``k`` sliding with stride ``s`` over ``n + pad`` cells."""
    padded = n + pad[0] + pad[1]
    if k > padded:
        raise ValueError(f"{name} {k} is larger than the padded input ({padded})")
    return (padded - k) // s + 1


def float_result_dtype(*dtypes) -> np.dtype:
    """Result dtype for an operation whose result is not an integer by nature.

    Floats keep their dtype (numpy promotion among floats); integer or boolean
    inputs give float64.
    """
    dt = np.result_type(*dtypes)
    return dt if np.issubdtype(dt, np.floating) else np.dtype(np.float64)


def exact_result_dtype(*dtypes) -> np.dtype:
    """Result dtype for sums of products: numpy promotion, widened to int64 for integers."""
    dt = np.result_type(*dtypes)
    if np.issubdtype(dt, np.floating):
        return dt
    if dt.kind in "biu":
        return np.dtype(np.int64)
    raise ValueError(f"unsupported dtype {dt}")
