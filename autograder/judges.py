"""Reusable judges: compare with the reference, expect ValueError, inputs left unchanged.

A judge decides one case of a concept. It has the signature
``judge(case, student, reference)`` and raises
:class:`~autograder.spec.Mismatch` when the student's function is wrong.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Optional

import numpy as np

from .compare import (Difference, Kind, assert_matches, assert_same_dtypes, difference,
                      raised_text)
from .spec import Case, Hint, Mismatch, Raised, ShouldRaise
from .student import BadOutput, StudentRaised
from .sandbox import CallResult
from .vocabulary import Text, message


def raised(result: CallResult) -> Raised:
    """What the student's function raised, with its place in the submission."""
    return Raised(result.error_type or "Exception", result.message, result.place)


def _raised_mismatch(result: CallResult, case: Case) -> Mismatch:
    got = raised(result)
    return Mismatch(raised_text(got), received=got, call=case,
                    difference=Difference(Kind.RAISED, raised_text(got)))


def _bad_output(exc: BadOutput, case: Case) -> Mismatch:
    text = message("bad output", message=str(exc))
    return Mismatch(text, received=str(exc), call=case, difference=Difference(Kind.TYPE, text))


def call_student(student, case: Case) -> Any:
    """The student's value for ``case``; an exception becomes a :class:`Mismatch` naming that call."""
    try:
        return student(*case.args, **case.kwargs)
    except StudentRaised as exc:
        raise _raised_mismatch(exc.result, case) from None
    except BadOutput as exc:
        raise _bad_output(exc, case) from None


@contextmanager
def showing(call: Case) -> Iterator[None]:
    """Inside, a :class:`Mismatch` without a call of its own shows ``call`` (the call the judge made)."""
    try:
        yield
    except Mismatch as exc:
        if exc.call is None:
            exc.call = call
        raise


def compare_with_reference(case: Case, student, reference) -> None:
    """The default judge: same value as the reference (or ValueError where it raises)."""
    expected, rejected = _reference_outcome(case, reference)
    if rejected is not None:
        expect_value_error(case, student, reference, reason=rejected)
        return
    assert_matches(expected, call_student(student, case))


def expect_value_error(case: Case, student, reference, reason: str = "") -> None:
    """The call must raise ``ValueError`` (bad arguments, API.md)."""
    expected = ShouldRaise("ValueError", reason)
    try:
        received: Any = student(*case.args, **case.kwargs)
    except StudentRaised as exc:
        if exc.is_value_error:
            return
        received = raised(exc.result)
    except BadOutput as exc:
        received = f"<{exc}>"
    found = difference(expected, received)
    raise Mismatch(found.text, expected=expected, received=received, difference=found)


def same_dtypes(case: Case, student, reference) -> None:
    """Judge for dtype concepts: the reference's shapes and dtypes, whatever the values.

    For functions whose values other concepts grade, so that a wrong value
    does not cost the dtype's points as well.
    """
    expected = reference(*case.args, **case.kwargs)
    received = call_student(student, case)
    assert_same_dtypes(expected, received)


def rejects_only_bad_arguments(case: Case, student, reference) -> None:
    """Judge for "errors" concepts: ``ValueError`` exactly where the reference raises one.

    A case the reference rejects must raise ``ValueError``; a case it accepts
    must return without raising (what it returns is the value concepts'
    business, so a wrong value costs no errors points). Errors concepts try
    both kinds, so a function that raises ``ValueError`` on every call cannot
    earn them.
    """
    _, rejected = _reference_outcome(case, reference)
    if rejected is not None:
        expect_value_error(case, student, reference, reason=rejected)
        return
    call_student(student, case)


def _reference_outcome(case: Case, reference) -> tuple[Any, Optional[str]]:
    """``(value, None)``, or ``(None, message)`` when the reference raises ``ValueError``.

    Judges raise their :class:`Mismatch` outside the ``except`` block, so it
    carries no trace of where the reference raised: the live reference and the
    example bank's stored answer then give hypothesis the same failure to shrink.
    """
    try:
        return reference(*case.args, **case.kwargs), None
    except ValueError as exc:
        return None, str(exc)


def inputs_unchanged(case: Case, student, reference) -> None:
    """The function must not modify its array arguments (API.md: never modify inputs).

    Only a call that returns a result of the reference's form counts: a function
    that computes nothing (``pass``, ``return None``, a constant) cannot earn the
    points for leaving its inputs alone. The values are not compared here, so a
    function that computes the wrong numbers without touching its inputs still
    earns them (partial credit stays targeted).
    """
    result = student.raw(*case.args, return_args=True, **case.kwargs)
    if result.status == "raised":
        raise _raised_mismatch(result, case)
    if result.status == "bad_output":
        raise _bad_output(BadOutput(result.message), case)
    expected = reference(*case.args, **case.kwargs)
    if not _same_form(expected, result.value):
        no_result = message("no result to check inputs")
        raise Mismatch(no_result, expected=expected, received=result.value,
                       hint=Hint(no_result.ko, no_result.en))
    after_call = result.args_after
    if after_call is None or len(after_call) != len(case.args):
        text = message("arguments unreadable")
        raise Mismatch(text, expected="the arguments as they were", received="unreadable arguments",
                       difference=Difference(Kind.VALUE, text))
    names = case.arg_names or tuple(f"arg{i}" for i in range(len(case.args)))
    for name, before, after in zip(names, case.args, after_call):
        if not isinstance(before, np.ndarray):
            continue
        if not isinstance(after, np.ndarray):
            # The worker sends None for an argument it can no longer encode.
            text = message("input unreadable", name=name)
            raise Mismatch(text, expected=before, received="an unreadable array",
                           difference=Difference(Kind.VALUE, text))
        if not (after.shape == before.shape and after.dtype == before.dtype
                and np.array_equal(after, before, equal_nan=True)):
            found = difference(before, after, name)
            modified = message("input modified", name=name)
            if found is not None:
                modified = Text(f"{modified.ko}: {found.text.ko}", f"{modified.en}: {found.text.en}")
            raise Mismatch(modified, expected=before, received=after)


def _same_form(expected: Any, received: Any) -> bool:
    """Arrays of the same shape, sequences of the same length, recursively."""
    if isinstance(expected, np.ndarray):
        return isinstance(received, np.ndarray) and received.shape == expected.shape
    if isinstance(expected, (tuple, list)):
        return (isinstance(received, (tuple, list)) and len(received) == len(expected)
                and all(_same_form(e, r) for e, r in zip(expected, received)))
    return True


def looks_like(got: Any, mistaken: Any, correct: Any) -> bool:
    """Whether ``got`` is what a known mistake gives, on an input that shows that mistake.

    For diagnosers. Unlike a bare ``np.allclose`` this neither broadcasts (an
    output of the wrong shape is not "the same") nor matches on inputs where the
    mistake gives the correct answer anyway (a 1x1 kernel is its own flip, an
    all-zero image hides every mistake), which on shrunk counterexamples would
    blame a mistake the student did not make.
    """
    def same(a: Any, b: Any) -> bool:
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype.kind in "biuf" and b.dtype.kind in "biuf" \
            and bool(np.allclose(a, b))

    return isinstance(got, np.ndarray) and same(got, mistaken) and not same(mistaken, correct)


def widened_to_float64(case: Case, got: Any, expected: Any) -> bool:
    """Whether float32 arguments gave float64 where the reference keeps float32.

    For diagnosers: the usual cause is a buffer made without ``dtype=``
    (``np.zeros(shape)``, ``np.eye(k)``, ``mask.astype(float)``), which is float64
    and widens everything it touches.
    """
    arrays = list(case.args) + list(case.kwargs.values())
    if not any(isinstance(a, np.ndarray) and a.dtype == np.float32 for a in arrays):
        return False
    pairs = (list(zip(got, expected)) if isinstance(got, (tuple, list))
             and isinstance(expected, (tuple, list)) else [(got, expected)])
    return any(isinstance(g, np.ndarray) and isinstance(e, np.ndarray)
               and g.dtype == np.float64 and e.dtype == np.float32 for g, e in pairs)
