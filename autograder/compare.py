"""Comparing a student's value with the expected one, with tolerances that fit the dtype.

Every comparison runs in the grader process on decoded data (plain numpy arrays
and Python values); nothing the student returns is trusted to compare itself.
"""
from __future__ import annotations

import numbers
import reprlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from .spec import Case, Mismatch

# Relative tolerance by dtype, applied to the magnitude of the expected output,
# so a correct float32 implementation (any summation order) always passes and a
# wrong one (off by a whole term) never does.
RTOL = {np.dtype(np.float64): 1e-7, np.dtype(np.float32): 2e-4, np.dtype(np.float16): 5e-2}


def assert_matches(expected: Any, received: Any, where: str = "the result") -> None:
    """Raise :class:`Mismatch` unless ``received`` equals ``expected`` (arrays within tolerance).

    Parameters
    ----------
    expected : ndarray, int, float, bool, str, None, tuple or list of these
        The reference's answer.
    received : any
        The student's decoded answer.
    where : str
        How to name this value in the message ("the result", "keep_mask", ...).
    """
    if isinstance(expected, np.ndarray):
        _assert_array(expected, received, where)
    elif isinstance(expected, (bool, np.bool_)):
        if not isinstance(received, (bool, np.bool_)) or bool(received) != bool(expected):
            raise Mismatch(f"{where} should be {expected!r}, got {_short(received)}")
    elif isinstance(expected, numbers.Integral):
        if isinstance(received, (bool, np.bool_)) or not isinstance(received, numbers.Integral):
            raise Mismatch(f"{where} should be an int, got {type(received).__name__} "
                           f"{_short(received)}")
        if int(received) != int(expected):
            raise Mismatch(f"{where} should be {int(expected)}, got {int(received)}")
    elif isinstance(expected, numbers.Real):
        if not isinstance(received, numbers.Real) or not _close(received, expected):
            raise Mismatch(f"{where} should be {expected!r}, got {_short(received)}")
    elif isinstance(expected, (tuple, list)):
        if not isinstance(received, (tuple, list)):
            raise Mismatch(f"{where} should be a {type(expected).__name__} of "
                           f"{len(expected)} items, got {type(received).__name__}")
        if len(received) != len(expected):
            raise Mismatch(f"{where} should have {len(expected)} items, got {len(received)}")
        for i, (e, r) in enumerate(zip(expected, received)):
            assert_matches(e, r, f"{where}[{i}]")
    elif not _same_plain_value(expected, received):
        raise Mismatch(f"{where} should be {expected!r}, got {_short(received)}")


def _close(received: numbers.Real, expected: numbers.Real) -> bool:
    try:  # an int beyond float range, say, is simply not close
        return bool(np.isclose(float(received), float(expected), rtol=1e-7, atol=1e-9))
    except (OverflowError, TypeError, ValueError):
        return False


def _same_plain_value(expected: Any, received: Any) -> bool:
    """``expected == received`` for strings, None, layers ...: same type, and equal as a bool.

    A student's value may compare element-wise (a numpy array in place of a
    name) or refuse to compare at all; that is a difference, never an error.
    """
    if type(received) is not type(expected):
        return False
    try:
        return bool(expected == received)
    except Exception:
        return False


def assert_same_dtypes(expected: Any, received: Any, where: str = "the result") -> None:
    """Like :func:`assert_matches` for the shapes and dtypes of arrays only (no values).

    For dtype concepts of functions whose values other concepts grade: a wrong
    value must not cost the dtype's points too. Items that are not arrays
    (a loss, a count) are not checked.
    """
    if isinstance(expected, np.ndarray):
        if not isinstance(received, np.ndarray):
            raise Mismatch(f"{where} should be a numpy array, got {type(received).__name__}")
        if received.shape != expected.shape:
            raise Mismatch(f"{where} has shape {received.shape}, expected {expected.shape}")
        _assert_dtype(expected.dtype, received.dtype, where)
    elif isinstance(expected, (tuple, list)):
        if not isinstance(received, (tuple, list)) or len(received) != len(expected):
            raise Mismatch(f"{where} should be a {type(expected).__name__} of {len(expected)} "
                           f"items, got {_short(received)}")
        for i, (e, r) in enumerate(zip(expected, received)):
            assert_same_dtypes(e, r, f"{where}[{i}]")


def _assert_array(expected: np.ndarray, received: Any, where: str) -> None:
    if not isinstance(received, np.ndarray):
        raise Mismatch(f"{where} should be a numpy array, got {type(received).__name__}")
    if received.shape != expected.shape:
        raise Mismatch(f"{where} has shape {received.shape}, expected {expected.shape}")
    # The byte order is how the values are stored, not what they are.
    expected, received = _native(expected), _native(received)
    _assert_dtype(expected.dtype, received.dtype, where)
    if expected.dtype.kind in "biu" and received.dtype.kind in "biu":
        bad = received != expected
    else:
        e = expected.astype(np.float64)
        r = received.astype(np.float64)
        if not np.all(np.isfinite(r) | ~np.isfinite(e)):
            bad = ~np.isfinite(r) & np.isfinite(e)
        else:
            rtol = RTOL.get(np.dtype(received.dtype), 1e-7)
            rtol = max(rtol, RTOL.get(np.dtype(expected.dtype), 1e-7))
            scale = max(1.0, float(np.max(np.abs(e[np.isfinite(e)]), initial=0.0)))
            bad = ~(np.isclose(r, e, rtol=rtol, atol=rtol * scale) | ((r == e) & ~np.isfinite(e)))
    if np.any(bad):
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise Mismatch(f"{where} differs at {int(bad.sum())} of {bad.size} positions; first at "
                       f"index {idx}: expected {expected[idx]!r}, got {received[idx]!r}")


def _native(array: np.ndarray) -> np.ndarray:
    native = array.dtype.newbyteorder("=")
    return array if array.dtype == native else array.astype(native)


def _assert_dtype(expected: np.dtype, received: np.dtype, where: str) -> None:
    """Floats must keep their dtype; exact integer results may be any integer or float64."""
    if expected.kind in "iu":
        if received.kind in "iu" or received == np.float64:
            return
    elif expected == received:
        return
    raise Mismatch(f"{where} has dtype {received}, expected {expected}")


# What feedback keeps of a value: all of it when it is this small, else its rendering.
KEEP_BYTES = 1 << 20
KEEP_ITEMS = 10_000
_REPR = reprlib.Repr()
for _name, _value in dict(maxlevel=6, maxtuple=12, maxlist=12, maxdict=12, maxset=12,
                          maxstring=300, maxlong=100, maxother=300).items():
    setattr(_REPR, _name, _value)


@dataclass(frozen=True)
class Shown:
    """A value too large to keep, as feedback shows it (shape, dtype, a few values)."""
    text: str

    def __repr__(self) -> str:
        return self.text


def _size(value: Any, budget: int) -> int:
    """Bytes of array data plus items in ``value``, counted until ``budget`` is passed."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (tuple, list, dict)):
        total = len(value)
        for item in (value.values() if isinstance(value, dict) else value):
            total += _size(item, budget - total)
            if total > budget:
                break
        return total
    if isinstance(value, str):
        return len(value)
    return 1


def kept(value: Any) -> Any:
    """``value`` itself when small, else a :class:`Shown` of it: what a failure may keep.

    The grader keeps failing values for feedback and diagnosis; a student who
    returns hundreds of megabytes on every call must not make it keep them all.
    """
    if _size(value, KEEP_BYTES + KEEP_ITEMS) <= KEEP_BYTES + KEEP_ITEMS:
        return value
    return Shown(render(value))


def same_value(a: Any, b: Any) -> bool:
    """Exactly the same data: types, dtypes, shapes and values (``NaN`` equals ``NaN``, ``-0.0`` not ``0.0``).

    For comparing inputs, not answers: a case replayed from storage against the
    case a search draws again.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return (a.dtype == b.dtype and a.shape == b.shape
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, (np.generic, float)):
        return a.dtype == b.dtype and repr(a) == repr(b) if isinstance(a, np.generic) \
            else repr(a) == repr(b)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, Case):
        return (a.arg_names == b.arg_names and same_value(a.args, b.args)
                and same_value(a.kwargs, b.kwargs))
    return a == b


def _short(value: Any, limit: int = 200) -> str:
    """A bounded ``repr``: work and text stay small however large ``value`` is."""
    if isinstance(value, Shown):
        text = value.text
    else:
        try:
            text = _REPR.repr(value)
        except Exception:  # a value whose repr fails is still shown as something
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "..."


def render(value: Any, limit: int = 1500, kernel: bool = False) -> str:
    """Text for feedback: small arrays in full, big ones summarised.

    Images ``(N, H, W, C)`` are shown channel by channel, as students picture
    them; with ``kernel=True`` a ``(KH, KW, C_in, C_out)`` kernel is shown as
    ``[:, :, c_in, c_out]`` slices. ``RNG(seed)`` placeholders are shown as the
    generator the student's function received.
    """
    if type(value).__name__ == "RNG" and hasattr(value, "seed"):
        return f"np.random.default_rng({value.seed})"
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, np.ndarray):
        head = f"array shape={value.shape} dtype={value.dtype}"
        if value.size == 0:
            return head + " (empty)"
        if value.ndim == 4 and value.size <= 400:
            parts = [head]
            outer, inner = (value.shape[2], value.shape[3]) if kernel else \
                (value.shape[0], value.shape[3])
            for a in range(outer):
                for c in range(inner):
                    plane = value[:, :, a, c] if kernel else value[a, :, :, c]
                    grid = np.array2string(plane, separator=", ", threshold=400)
                    label = f"[:, :, {a}, {c}]" if kernel else f"[{a}, :, :, {c}]"
                    parts.append(f"{label} =\n{grid}")
            text = "\n".join(parts)
        else:
            body = np.array2string(value, separator=", ", threshold=200, edgeitems=3)
            text = f"{head}\n{body}"
        return text if len(text) <= limit else text[:limit] + "\n..."
    if isinstance(value, (list, tuple)) and 0 < len(value) <= 12 and all(
            isinstance(v, np.ndarray) for v in value):
        return "\n".join(f"[{i}] {render(v, limit // len(value))}" for i, v in enumerate(value))
    if isinstance(value, dict) and len(value) <= 12:
        text = "{" + ", ".join(f"{_short(k, 60)}: {render(v, limit // max(len(value), 1))}"
                               for k, v in value.items()) + "}"
        return text if len(text) <= limit else text[:limit] + "..."
    return _short(value, limit)
