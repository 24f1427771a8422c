"""For each kind of promise: the calls that show it, and an implementation that breaks it."""
from __future__ import annotations

import inspect
import numbers
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np

from .stand_in import Behaviour, Call

# A dtype an implementation that breaks a dtype promise returns instead.
WRONG_DTYPE = {"f": {4: np.float64, 8: np.float32, 2: np.float64}, "i": np.float32,
               "u": np.float32, "b": np.int64}


def names(error: str, arg: str) -> bool:
    """Whether a ``ValueError`` message names ``arg`` (outside parenthesised shapes like ``(h, w)``)."""
    if not error.startswith("ValueError: "):
        return False
    text = re.sub(r"\([^()]*\)", "", error[len("ValueError: "):])
    return re.search(rf"(?<![\w.]){re.escape(arg)}(?!\w)", text) is not None


def has_form(call: Call, arg: str, form: str) -> bool:
    """Whether ``arg`` has ``form`` in ``call`` (``default``: left out)."""
    if form == "default":
        return arg not in call.bound
    if arg not in call.bound:
        return False
    value = call.bound[arg]
    if form == "int":
        return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))
    if form == "pair":
        return isinstance(value, (tuple, list)) and len(value) == 2
    return isinstance(value, str) and f'"{value}"' == form


def another_default(default: Any) -> Any:
    """A value a careless implementation might take instead of ``default``."""
    if default is None:
        return 1          # stride=None means the window size, not 1
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 1
    if default == "valid":
        return "same"
    return None


def _recast(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        wrong = WRONG_DTYPE.get(value.dtype.kind)
        wrong = wrong.get(value.dtype.itemsize) if isinstance(wrong, dict) else wrong
        return value.astype(wrong) if wrong is not None else value
    if isinstance(value, (tuple, list)):
        return type(value)(_recast(v) for v in value)
    return value


def _nudge(value: Any, where: Optional[np.ndarray]) -> Any:
    """``value`` changed at ``where`` (a mask of an argument's shape), or everywhere (None)."""
    if isinstance(value, np.ndarray):
        if where is not None and value.shape != where.shape:
            return value
        out = value.copy()
        mask = np.ones(value.shape, bool) if where is None else where
        if out.dtype == np.bool_:
            out[mask] = ~out[mask]
        else:
            out[mask] += 1
        return out
    if isinstance(value, (tuple, list)):
        return type(value)(_nudge(v, where) for v in value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and where is None:
        return value + 1
    return value


def _edge_mask(call: Call, arg: str, value: str) -> Optional[np.ndarray]:
    """Where ``arg`` holds the edge value: a mask, ``None`` for a scalar argument, or False."""
    x = call.named(arg, None)
    target = float(value)
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf" and x.size:
        mask = x == target
        return mask if mask.any() else False
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and x == target:
        return None
    return False


def _last_wins(x: np.ndarray) -> Optional[np.ndarray]:
    """``x`` with equal values made to rise in row-major order (so the last of a tie is largest)."""
    if not isinstance(x, np.ndarray) or x.dtype.kind not in "iuf" or x.size < 2:
        return None
    distinct = np.unique(x[np.isfinite(x)]) if x.dtype.kind == "f" else np.unique(x)
    gap = float(np.min(np.diff(distinct))) if distinct.size > 1 else 1.0
    ramp = np.arange(x.size, dtype=np.float64).reshape(x.shape) * (0.5 * gap / x.size)
    return x.astype(np.float64) + ramp


def _replace(call: Call, signature: inspect.Signature, arg: str, value: Any) -> tuple[tuple, dict]:
    bound = signature.bind(*call.args, **call.kwargs)
    bound.arguments[arg] = value
    return bound.args, bound.kwargs


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and bool(np.allclose(a, b, equal_nan=True))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


Reference = Callable[[tuple, dict], Any]


@dataclass(frozen=True)
class Check:
    """How one promise item shows in a concept's calls, and an implementation that breaks it."""
    describe: str                                 # "x as float32"
    shows: Callable[[Call, Reference], bool]
    breaks: Behaviour
    broken: str                                   # what the broken implementation does


def check_for(kind: str, arg: str, value: Optional[str], signature: inspect.Signature) -> Check:
    """The :class:`Check` of one ``(argument, value)`` item of a promise line."""
    def plain(call, ref):
        return ref(call.args, call.kwargs)

    def refusing(shows, why):
        def breaks(call, ref):
            if shows(call, ref):
                raise TypeError(why)
            return plain(call, ref)
        return breaks

    if kind == "dtype":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.dtype == np.dtype(value) and not call.error

        def breaks(call, ref):
            return _recast(plain(call, ref)) if shows(call, ref) else plain(call, ref)
        return Check(f"{arg} as {value}", shows, breaks, f"returns another dtype for {value} {arg}")

    if kind == "form":
        default = signature.parameters[arg].default
        if value == "default":
            def breaks(call, ref):
                if arg in call.bound:
                    return plain(call, ref)
                return ref(*_replace(call, signature, arg, another_default(default)))
            return Check(f"{arg} left out", lambda call, ref: has_form(call, arg, value),
                         breaks, f"uses {another_default(default)!r} when {arg} is left out")

        def shows(call, ref):
            return has_form(call, arg, value) and not call.error
        return Check(f"{arg} as {value}", shows,
                     refusing(shows, f"{arg} given as {value} is not supported"),
                     f"refuses {arg} as {value}")

    if kind == "ndim":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.ndim == int(value) and not call.error
        return Check(f"{arg} with {value} axes", shows,
                     refusing(shows, f"{arg} with {value} axes is not supported"),
                     f"refuses {value}-axis {arg}")

    if kind == "edge" and value == "empty":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.ndim > 0 and x.shape[0] == 0 \
                and not call.error
        return Check(f"an empty {arg}", shows, refusing(shows, f"empty {arg} is not supported"),
                     f"refuses an empty {arg}")

    if kind == "edge":
        def shows(call, ref):
            return _edge_mask(call, arg, value) is not False and not call.error

        def breaks(call, ref):
            mask = _edge_mask(call, arg, value)
            return plain(call, ref) if mask is False else _nudge(plain(call, ref), mask)
        return Check(f"{arg} == {value}", shows, breaks,
                     f"answers differently where {arg} == {value}")

    if kind == "ties":
        def last_wins(call, ref):
            lifted = _last_wins(call.named(arg, None))
            return None if lifted is None else ref(*_replace(call, signature, arg, lifted))

        def shows(call, ref):
            if call.error:
                return False
            other = last_wins(call, ref)
            return other is not None and not _equal(other, plain(call, ref))

        def breaks(call, ref):
            other = None if call.error else last_wins(call, ref)
            return plain(call, ref) if other is None else other
        return Check(f"ties in {arg} that change the result", shows, breaks,
                     f"lets the last of equal values in {arg} win")

    if kind == "raises" and arg:
        def breaks(call, ref):
            try:
                return plain(call, ref)
            except ValueError as exc:
                if names(f"ValueError: {exc}", arg):
                    return None
                raise
        return Check(f"a bad {arg} (ValueError naming {arg})",
                     lambda call, ref: names(call.error, arg), breaks,
                     f"returns None instead of raising for a bad {arg}")

    if kind == "raises":
        def refuse_all(call, ref):
            raise ValueError("every call refused")
        return Check("a valid call", lambda call, ref: not call.error, refuse_all,
                     "raises ValueError on every call")
    raise ValueError(f"unknown promise kind {kind!r}")
