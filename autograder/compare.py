"""Comparing a student's value with the expected one, with tolerances that fit the dtype.

Every comparison runs in the grader process on decoded data (plain numpy arrays
and Python values); nothing the student returns is trusted to compare itself.
:func:`difference` describes how two values differ (its kind, which items,
axes or index, in Korean and English); :func:`assert_matches` raises it as a
:class:`~autograder.spec.Mismatch`.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Optional, Union

import numpy as np

from .rendering import Shown, render, short  # noqa: F401  (render: the name feedback code imports)
from .spec import Case, Mismatch, Raised, ShouldRaise
from .vocabulary import Text, label, message

# Relative tolerance by dtype, applied to the magnitude of the expected output,
# so a correct float32 implementation (any summation order) always passes and a
# wrong one (off by a whole term) never does.
RTOL = {np.dtype(np.float64): 1e-7, np.dtype(np.float32): 2e-4, np.dtype(np.float16): 5e-2}
RESULT = label("result")


class Kind(StrEnum):
    """How a received value differs from the expected one."""
    RAISED = "raised"              # the function raised instead of returning
    SHOULD_RAISE = "should raise"  # it returned (or raised something else) where it must raise
    TYPE = "type"                  # another kind of value (a float for an int, a list for an array)
    LENGTH = "length"              # a sequence of another length
    SHAPE = "shape"                # an array of another shape
    DTYPE = "dtype"                # an array of another dtype
    VALUE = "value"                # same form, other values


@dataclass(frozen=True)
class Difference:
    """How a received value differs from the expected one.

    Attributes
    ----------
    kind : Kind
        The kind of the first difference found.
    text : Text
        That difference in words, naming the item, axis or index and the values.
    items : tuple of int
        For sequences of the expected length: the items that differ.
    axes : tuple of int
        For arrays of another shape (same number of axes): the axes whose sizes differ.
    index : tuple of int
        For arrays of the right shape: the first position whose value differs.
    """
    kind: Kind
    text: Text
    items: tuple[int, ...] = ()
    axes: tuple[int, ...] = ()
    index: tuple[int, ...] = ()


def _where(where: Union[Text, str]) -> Text:
    return where if isinstance(where, Text) else Text(where, where)


def _sub(where: Text, i: int) -> Text:
    return Text(f"{where.ko}[{i}]", f"{where.en}[{i}]")


def difference(expected: Any, received: Any, where: Union[Text, str] = RESULT) -> Optional[Difference]:
    """How ``received`` differs from ``expected`` (arrays within tolerance), or None if it does not.

    Parameters
    ----------
    expected : ndarray, int, float, bool, str, None, tuple or list of these, or ShouldRaise
        The reference's answer.
    received : any, or Raised
        The student's decoded answer.
    where : Text or str
        How to name this value in the message (default: the result; "keep_mask", ...).
    """
    where = _where(where)
    if isinstance(expected, ShouldRaise):
        return _should_raise(expected, received)
    if isinstance(received, Raised):
        return Difference(Kind.RAISED, raised_text(received))
    if isinstance(expected, np.ndarray):
        return _array_difference(expected, received, where)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(received, (bool, np.bool_)) or bool(received) != bool(expected):
            kind = Kind.VALUE if isinstance(received, (bool, np.bool_)) else Kind.TYPE
            return Difference(kind, _value_text(where, expected, received))
        return None
    if isinstance(expected, numbers.Integral):
        if isinstance(received, (bool, np.bool_)) or not isinstance(received, numbers.Integral):
            return Difference(Kind.TYPE, _both("not an int", where, type=type(received).__name__,
                                               received=short(received)))
        if int(received) != int(expected):
            return Difference(Kind.VALUE, _value_text(where, int(expected), int(received)))
        return None
    if isinstance(expected, numbers.Real):
        if not isinstance(received, numbers.Real):
            return Difference(Kind.TYPE, _value_text(where, expected, received))
        if not _close(received, expected):
            return Difference(Kind.VALUE, _value_text(where, expected, received))
        return None
    if isinstance(expected, (tuple, list)):
        return _sequence_difference(expected, received, where)
    if not _same_plain_value(expected, received):
        kind = Kind.VALUE if type(received) is type(expected) else Kind.TYPE
        return Difference(kind, _value_text(where, expected, received))
    return None


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


def assert_matches(expected: Any, received: Any, where: Union[Text, str] = RESULT) -> None:
    """Raise :class:`Mismatch` unless ``received`` equals ``expected`` (see :func:`difference`)."""
    found = difference(expected, received, where)
    if found is not None:
        raise Mismatch(found.text, expected=expected, received=received, difference=found)


def raised_text(raised: Raised) -> Text:
    """That the function raised, what, and where in the submission."""
    text = message("raised", error=raised.error_type, message=raised.message)
    if raised.place is None:
        return text
    where = place_text(raised.place.file, raised.place.line, raised.place.function)
    return Text(f"{text.ko} ({where.ko})", f"{text.en} (at {where.en})")


def place_text(file: str, line: int, function: str = "") -> Text:
    """A place in the submission: ``"conv.py, line 12, in conv2d"`` in both languages."""
    if function:
        return message("place in function", file=file, line=line, function=function)
    return message("place", file=file, line=line)


def _both(key: str, where: Text, **values) -> Text:
    """Message ``key`` with ``where`` in each language."""
    return Text(message(key, where=where.ko, **values).ko, message(key, where=where.en, **values).en)


def _value_text(where: Text, expected: Any, received: Any) -> Text:
    return _both("value differs", where, expected=short(expected), received=short(received))


def _should_raise(expected: ShouldRaise, received: Any) -> Optional[Difference]:
    if isinstance(received, Raised):
        if received.error_type == expected.error_type:
            return None
        text = message("should raise, raised other", error=expected.error_type,
                       other=received.error_type, message=received.message)
    else:
        text = message("should raise", error=expected.error_type)
    if expected.reason:
        text = Text(message("reference says", text=text.ko, reason=expected.reason).ko,
                    message("reference says", text=text.en, reason=expected.reason).en)
    return Difference(Kind.SHOULD_RAISE, text)


def _sequence_difference(expected, received, where: Text) -> Optional[Difference]:
    if not isinstance(received, (tuple, list)):
        return Difference(Kind.TYPE, _both("not a sequence", where, count=len(expected),
                                           expected_type=type(expected).__name__,
                                           type=type(received).__name__))
    if len(received) != len(expected):
        return Difference(Kind.LENGTH, _both("length differs", where, expected=len(expected),
                                             received=len(received)))
    found = [(i, difference(e, r, _sub(where, i)))
             for i, (e, r) in enumerate(zip(expected, received))]
    return _first_of(found)


def _first_of(found: list[tuple[int, Optional[Difference]]]) -> Optional[Difference]:
    """The first difference among a sequence's items, naming every item that differs."""
    found = [(i, d) for i, d in found if d is not None]
    if not found:
        return None
    first = found[0][1]
    return Difference(first.kind, first.text, tuple(i for i, _ in found), first.axes, first.index)


def form_difference(expected: Any, received: Any,
                    where: Union[Text, str] = RESULT) -> Optional[Difference]:
    """How the arrays of ``received`` differ from ``expected`` in type, shape or dtype (values not compared).

    For dtype concepts of functions whose values other concepts grade: a wrong
    value must not cost the dtype's points too. Items that are not arrays
    (a loss, a count) are not checked.
    """
    where = _where(where)
    if isinstance(received, Raised):
        return Difference(Kind.RAISED, raised_text(received))
    if isinstance(expected, np.ndarray):
        if (isinstance(received, np.ndarray) and received.shape == expected.shape
                and _dtype_ok(_native(expected).dtype, _native(received).dtype)):
            return None
        return _array_difference(expected, received, where)  # the form is what differs
    if isinstance(expected, (tuple, list)):
        if not isinstance(received, (tuple, list)) or len(received) != len(expected):
            return _sequence_difference(expected, received, where)
        found = [(i, form_difference(e, r, _sub(where, i)))
                 for i, (e, r) in enumerate(zip(expected, received))]
        return _first_of(found)
    return None


def assert_same_dtypes(expected: Any, received: Any, where: Union[Text, str] = RESULT) -> None:
    """Like :func:`assert_matches` for the shapes and dtypes of arrays only (see :func:`form_difference`)."""
    found = form_difference(expected, received, where)
    if found is not None:
        raise Mismatch(found.text, expected=expected, received=received, difference=found)


def _array_difference(expected: np.ndarray, received: Any, where: Text) -> Optional[Difference]:
    if not isinstance(received, np.ndarray):
        return Difference(Kind.TYPE, _both("not an array", where, type=type(received).__name__))
    if received.shape != expected.shape:
        if len(received.shape) == len(expected.shape):
            axes = tuple(i for i, (e, r) in enumerate(zip(expected.shape, received.shape)) if e != r)
            detail = message("axes differ", axes=", ".join(map(str, axes)))
        else:
            axes = ()
            detail = message("ndim differs", expected=expected.ndim, received=received.ndim)
        return Difference(Kind.SHAPE, _both("shape differs", where, expected=expected.shape,
                                            received=received.shape, axes_ko=detail.ko,
                                            axes_en=detail.en), axes=axes)
    # The byte order is how the values are stored, not what they are.
    expected, received = _native(expected), _native(received)
    if not _dtype_ok(expected.dtype, received.dtype):
        return Difference(Kind.DTYPE, _both("dtype differs", where, expected=expected.dtype,
                                            received=received.dtype))
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
    if not np.any(bad):
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return Difference(Kind.VALUE, _both(
        "values differ", where, size=bad.size, count=int(bad.sum()),
        index="[" + ", ".join(map(str, index)) + "]",
        expected=short(expected[index]), received=short(received[index])), index=index)


def _native(array: np.ndarray) -> np.ndarray:
    native = array.dtype.newbyteorder("=")
    return array if array.dtype == native else array.astype(native)


def _dtype_ok(expected: np.dtype, received: np.dtype) -> bool:
    """Floats must keep their dtype; exact integer results may be any integer or float64."""
    if expected.kind in "iu":
        return received.kind in "iu" or received == np.float64
    return expected == received


# What feedback keeps of a value: all of it when it is this small, else its rendering.
KEEP_BYTES = 1 << 20
KEEP_ITEMS = 10_000


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
