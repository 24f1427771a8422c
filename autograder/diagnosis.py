"""Naming the likely mistake: the diagnosers of a spec on one failed case.

The grader asks each :class:`~autograder.spec.Diagnoser` with the live
references. The self-check has no references: ``scripts/make_selfcheck_data.py``
stores what every mistake returns on each of its examples
(:func:`mistaken_outputs`), and :func:`diagnose_stored` compares the student's
answer with those, so both name the same mistakes.
"""
from __future__ import annotations

import logging
import numbers
from typing import Any, Callable, Optional

import numpy as np

from .spec import Case, Diagnoser, FunctionSpec
from .stored_cases import StoredCase, StoredReference
from .vocabulary import Text, message

log = logging.getLogger(__name__)


def same_as_mistake(got: Any, mistaken: Any, correct: Any) -> bool:
    """Whether ``got`` is what the mistake gives, on a case where the mistake changes the answer.

    Arrays must have the same shape (no broadcasting) and close values; other
    values (ints, tuples) must be equal. A case where the mistake gives the
    correct answer anyway (a 1x1 kernel is its own flip) names nothing.
    """
    if mistaken is None:
        return False
    return _same(got, mistaken) and not _same(mistaken, correct)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        return a.shape == b.shape and a.dtype.kind in "biuf" and b.dtype.kind in "biuf" \
            and bool(np.allclose(a, b))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, (bool, np.bool_)) != isinstance(b, (bool, np.bool_)) \
            or isinstance(a, numbers.Integral) != isinstance(b, numbers.Integral):
        return False   # an int is not "the same" as a float or a bool of equal value
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _asks(diagnoser: Diagnoser, qualname: str, ask: Callable[[], bool], case: Case) -> bool:
    try:
        return bool(ask())
    except LookupError:   # a stored answer cannot answer a call with other arguments
        return False
    except Exception:     # a bug in the diagnoser: it names nothing, and is logged
        log.exception("diagnoser %r of %s raised on %r", diagnoser.name, qualname, case)
        return False


def diagnose(spec: FunctionSpec, case: Case, received: Any, reference) -> list[Diagnoser]:
    """The diagnosers whose mistake gives exactly ``received`` for ``case`` (live references).

    Diagnosers compare with what the reference gives, so they do not apply to a
    case the reference rejects (the student should have raised ValueError).
    """
    try:
        correct = reference(*case.args, **case.kwargs)
    except ValueError:
        return []
    matched = []
    for d in spec.diagnosers:
        if d.mistaken is not None:
            ask = lambda d=d: same_as_mistake(received, _mistaken(d, case, reference), correct)
        else:
            ask = lambda d=d: d.matches(case, received, reference)
        if _asks(d, spec.qualname, ask, case):
            matched.append(d)
    return matched


def _mistaken(diagnoser: Diagnoser, case: Case, reference) -> Any:
    """What the mistake returns for ``case`` (None where it does not apply)."""
    try:
        return diagnoser.mistaken(case, reference)
    except ValueError:   # the mistaken call is one the reference rejects: no such output
        return None


def mistaken_outputs(spec: FunctionSpec, case: Case, reference) -> dict[str, Any]:
    """What each mistake of ``spec`` returns for ``case`` (for the self-check's stored data)."""
    out = {}
    for d in spec.diagnosers:
        if d.mistaken is not None:
            value = _mistaken(d, case, reference)
            if value is not None:
                out[d.name] = value
    return out


def diagnose_stored(spec: FunctionSpec, stored: StoredCase, received: Any) -> list[Diagnoser]:
    """The diagnosers whose mistake gives ``received`` on a stored case (no references needed)."""
    if stored.raises is not None:
        return []
    matched = []
    for d in spec.diagnosers:
        if d.mistaken is not None:
            ask = lambda d=d: same_as_mistake(received, stored.mistakes.get(d.name), stored.value)
        else:
            ask = lambda d=d: d.matches(stored.case, received, StoredReference(stored))
        if _asks(d, spec.qualname, ask, stored.case):
            matched.append(d)
    return matched


def diagnosis_text(matched: list[Diagnoser]) -> Text:
    """The likely mistakes' sentences, joined by "or" in each language."""
    joint = message("or")
    return Text(joint.ko.join(d.hint.ko for d in matched), joint.en.join(d.hint.en for d in matched))


def first_refined(matched: list[Diagnoser], first: Optional[list[Diagnoser]]) -> list[Diagnoser]:
    """Of several mistakes that fit a tiny example, those that also fit the first (larger) failure."""
    if len(matched) <= 1 or first is None:
        return matched
    return [d for d in first if d in matched] or matched
