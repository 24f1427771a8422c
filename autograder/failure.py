"""A failed case as the student sees it, and which hint fits it.

A :class:`Failure` is the call shown to the student (the call actually made,
which a judge may build from the drawn case), what was expected, what came
back, and how the two differ (:class:`autograder.compare.Difference`). Hints
(:class:`autograder.spec.Hint`) name the failures they explain with the
predicates below, so the grader and the self-check give a hint only when the
difference shown fits it, and otherwise say exactly what differs::

    Hint("출력 깊이는 필터 수입니다.", "The output depth is the number of filters.",
         fits=items(2))                        # only when item 2 (the depth) is wrong
    Hint("패딩 p는 양쪽에 붙습니다.", "Padding goes on both sides.",
         fits=all_of(VALUES, arg("padding", lambda p: p != "same")))
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from .compare import Difference, Kind, difference
from .spec import Case, Concept, FunctionSpec, Hint, Mismatch
from .vocabulary import Text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """One failed case: the call shown, the expected and received values, their difference."""
    call: Case
    expected: Any
    received: Any
    difference: Difference

    @classmethod
    def from_mismatch(cls, mismatch: Mismatch, case: Case) -> "Failure":
        """The failure a judge reported for the drawn ``case``."""
        found = mismatch.difference
        if found is None:  # the judge's own words, with the kind of difference they describe
            try:
                computed = difference(mismatch.expected, mismatch.received)
            except Exception:  # values a judge did not mean to be compared whole
                computed = None
            found = Difference(computed.kind if computed else Kind.VALUE, mismatch.text,
                               *((computed.items, computed.axes, computed.index) if computed else ()))
        return cls(mismatch.call or case, mismatch.expected, mismatch.received, found)

    @property
    def kind(self) -> Kind:
        return self.difference.kind

    def arg(self, name: str, default: Any = None) -> Any:
        """The argument ``name`` of the call shown (``default`` when it was not passed)."""
        return self.call.named().get(name, default)


Fit = Callable[[Failure], bool]


def kind(*kinds: Kind) -> Fit:
    """Fits a difference of one of ``kinds``."""
    return lambda failure: failure.kind in kinds


VALUES = kind(Kind.VALUE)            # right form (type, shape, dtype), wrong values
SHAPE = kind(Kind.SHAPE)             # an array of the wrong shape
DTYPE = kind(Kind.DTYPE)             # an array of the wrong dtype
TYPE = kind(Kind.TYPE)               # another kind of value
RAISED = kind(Kind.RAISED)           # an exception instead of a value
WRONG_FORM = kind(Kind.SHAPE, Kind.LENGTH, Kind.TYPE)
ANSWERED = kind(Kind.VALUE, Kind.SHAPE, Kind.DTYPE, Kind.LENGTH, Kind.TYPE)  # returned, wrongly


def items(*indices: int) -> Fit:
    """Fits a sequence result in which one of the items ``indices`` is wrong."""
    return lambda failure: failure.kind != Kind.LENGTH and any(
        i in failure.difference.items for i in indices)


def only_items(*indices: int) -> Fit:
    """Fits a sequence result in which some items are wrong, all of them among ``indices``."""
    return lambda failure: failure.kind != Kind.LENGTH and bool(failure.difference.items) \
        and set(failure.difference.items) <= set(indices)


def axes(*numbers: int) -> Fit:
    """Fits an array result whose size is wrong along one of the axes ``numbers``."""
    return lambda failure: failure.kind == Kind.SHAPE and any(
        a in failure.difference.axes for a in numbers)


def arg(name: str, test: Callable[[Any], bool], default: Any = None) -> Fit:
    """Fits when the call's argument ``name`` passes ``test``."""
    return lambda failure: bool(test(failure.arg(name, default)))


def all_of(*fits: Fit) -> Fit:
    return lambda failure: all(fit(failure) for fit in fits)


def any_of(*fits: Fit) -> Fit:
    return lambda failure: any(fit(failure) for fit in fits)


def negate(fit: Fit) -> Fit:
    return lambda failure: not fit(failure)


def hint_fits(hint: Hint, failure: Failure) -> bool:
    """Whether ``hint`` explains ``failure`` (a predicate that raises fits nothing, and is logged)."""
    if hint.fits is None:
        return True
    try:
        return bool(hint.fits(failure))
    except Exception:
        log.exception("the hint %r raised on %r", hint.en[:60], failure.call)
        return False


def choose_hint(hints: Iterable[Hint], failure: Failure) -> Optional[Hint]:
    """The first of ``hints`` that fits ``failure``, or None."""
    return next((hint for hint in hints if hint_fits(hint, failure)), None)


def explain(spec: FunctionSpec, concept: Concept, failure: Failure,
            judge_hint: Optional[Hint] = None) -> tuple[Text, Optional[Hint]]:
    """What the student is told about ``failure``, and the hint it comes from (None: the difference).

    A hint the judge gave wins; then the concept's hints, then the function's;
    when none fits, the message is the difference itself (which item, axis or
    index, and the values).
    """
    hint = judge_hint or choose_hint(concept.hints + spec.hints, failure)
    return (hint.text, hint) if hint is not None else (failure.difference.text, None)
