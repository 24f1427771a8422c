"""Values as text for feedback, the way numpy prints them.

Students read counterexamples next to their own numpy code, so values look as
numpy and Python print them: ``261.0``, never ``np.float64(261.0)``; a
``(KH, KW, 1, 1)`` kernel as one matrix; an image ``(N, H, W, C)`` channel by
channel. Text that would be too long is shortened by whole rows, whole slices
or whole items (numpy's own ``...``), never cut in the middle of a number.
"""
from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

import numpy as np

SUMMARY_THRESHOLD = 200   # arrays with more elements are shown with numpy's "..." summary
MAX_ITEMS = 12            # items of a sequence or dict shown before "..."


@dataclass(frozen=True)
class Shown:
    """A value too large to keep, as feedback shows it (shape, dtype, a few values)."""
    text: str

    def __repr__(self) -> str:
        return self.text


class _PlainRepr(reprlib.Repr):
    """A bounded ``repr`` (work and text stay small however large the value) that prints numpy
    scalars as Python numbers and arrays on one line."""

    def __init__(self):
        super().__init__()
        self.maxlevel, self.maxstring, self.maxlong, self.maxother = 6, 300, 100, 300
        self.maxtuple = self.maxlist = self.maxdict = self.maxset = MAX_ITEMS

    def repr1(self, x, level):
        if isinstance(x, np.generic):
            return repr(x.item())
        if isinstance(x, np.ndarray):
            return value_line(x)
        if isinstance(x, Shown) or _is_rng(x):
            return short(x)
        return super().repr1(x, level)


_REPR = _PlainRepr()


def short(value: Any, limit: int = 200) -> str:
    """A one-line text of a value, bounded however large it is; a long sequence keeps its
    first whole items."""
    if isinstance(value, Shown):
        text = value.text
    elif isinstance(value, np.ndarray):
        return value_line(value, limit)
    elif _is_rng(value):
        return f"np.random.default_rng({value.seed})"
    else:
        try:
            text = _REPR.repr(value)
        except Exception:  # a value whose repr fails is still shown as something
            text = f"<{type(value).__name__}>"
    if len(text) <= limit:
        return text
    if isinstance(value, (list, tuple)) and value:
        opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
        shown = []
        for item in value[:MAX_ITEMS]:
            piece = short(item, limit)
            if sum(len(p) + 2 for p in shown) + len(piece) > limit - 30:
                break
            shown.append(piece)
        rest = len(value) - len(shown)
        return f"{opening}{', '.join(shown)}, ...{closing} ({len(value)} items, {rest} not shown)"
    return text[: limit - 1].rsplit(" ", 1)[0] + " ..."


def value_line(array: np.ndarray, limit: int = 200) -> str:
    """An array on one line: its values when they fit, else its shape and dtype."""
    if array.ndim == 0:
        return repr(array.item())
    text = np.array2string(array, separator=", ", threshold=SUMMARY_THRESHOLD,
                           suppress_small=_plain_notation(array), edgeitems=3,
                           max_line_width=10**6).replace("\n", "")
    return text if len(text) <= limit else _head(array)


def render(value: Any, limit: int = 1500, kernel: bool = False) -> str:
    """Text for feedback: small arrays in full, big ones summarised by whole rows and slices.

    Images ``(N, H, W, C)`` are shown channel by channel, as students picture
    them; with ``kernel=True`` a ``(KH, KW, C_in, C_out)`` kernel is shown as
    ``[:, :, c_in, c_out]`` matrices (one matrix when both channel counts are 1).
    ``RNG(seed)`` placeholders are shown as the generator the student's function
    received.
    """
    if _is_rng(value):
        return f"np.random.default_rng({value.seed})"
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, np.ndarray):
        return _render_array(value, limit, kernel)
    if isinstance(value, (list, tuple)) and 0 < len(value) <= MAX_ITEMS \
            and all(isinstance(v, np.ndarray) for v in value):
        each = max(limit // len(value), 200)
        return "\n".join(f"[{i}] {render(v, each)}" for i, v in enumerate(value))
    return short(value, limit)


def _is_rng(value: Any) -> bool:
    return type(value).__name__ == "RNG" and hasattr(value, "seed")


def _head(array: np.ndarray) -> str:
    return f"array shape={array.shape} dtype={array.dtype}"


def _plain_notation(array: np.ndarray) -> bool:
    """Whether fixed-point notation shows every value (no tiny non-zero value would read as 0)."""
    if array.dtype.kind != "f":
        return True
    values = np.abs(array[np.isfinite(array) & (array != 0)])
    return values.size == 0 or float(values.min()) >= 1e-4


def _format(array: np.ndarray, edgeitems: int, summarise: bool) -> str:
    """numpy's own text of ``array`` (no scientific notation where fixed-point shows every value)."""
    return np.array2string(array, separator=", ", suppress_small=_plain_notation(array),
                           edgeitems=edgeitems, threshold=0 if summarise else SUMMARY_THRESHOLD)


def _grid(array: np.ndarray, limit: int) -> str:
    """``array`` as numpy prints it, summarised (whole rows and columns) until it fits ``limit``."""
    if array.ndim == 0:
        return repr(array.item())
    text = _format(array, 3, False)
    for edgeitems in (3, 2, 1):
        if len(text) <= limit:
            break
        text = _format(array, edgeitems, True)
    return text


def _render_array(array: np.ndarray, limit: int, kernel: bool) -> str:
    head = _head(array)
    if array.size == 0:
        return head + " (empty)"
    if array.ndim == 0:
        return repr(array.item())
    if array.size > SUMMARY_THRESHOLD and bool(np.all(array == array.flat[0])):
        return f"{head}, every element {array.flat[0].item()!r}"
    if array.ndim == 4:
        return _render_slices(array, limit, kernel)
    return f"{head}\n{_grid(array, limit - len(head) - 1)}"


def _render_slices(array: np.ndarray, limit: int, kernel: bool) -> str:
    """A 4-D image batch or kernel as its 2-D slices, the same way each, as many as fit."""
    head = _head(array)
    outer, inner = (array.shape[2], array.shape[3]) if kernel else (array.shape[0], array.shape[3])
    labels = [(a, c) for a in range(outer) for c in range(inner)]

    def piece(a: int, c: int, edgeitems: int, summarise: bool) -> str:
        plane = array[:, :, a, c] if kernel else array[a, :, :, c]
        label = f"[:, :, {a}, {c}]" if kernel else f"[{a}, :, :, {c}]"
        return f"{label} =\n{_format(plane, edgeitems, summarise)}"

    budget = limit - len(head) - 1
    for edgeitems, summarise in ((3, False), (3, True), (2, True), (1, True)):
        pieces = [piece(a, c, edgeitems, summarise) for a, c in labels]
        if sum(len(p) + 1 for p in pieces) <= budget:
            return "\n".join([head] + pieces)
    shown, used = [], 0
    for p in pieces:   # the smallest form, as many whole slices as fit
        if shown and used + len(p) + 1 > budget - 60:
            break
        shown.append(p)
        used += len(p) + 1
    rest = len(pieces) - len(shown)
    word = "matrices" if kernel else "slices"
    return "\n".join([head] + shown + [f"... ({rest} more {word} not shown / {rest}개 더 있음)"])
