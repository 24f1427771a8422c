"""Reusable judges: compare with the reference, expect ValueError, inputs left unchanged.

A judge decides one case of a concept. It has the signature
``judge(case, student, reference)`` and raises
:class:`~autograder.spec.Mismatch` when the student's function is wrong.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .compare import assert_matches, assert_same_dtypes
from .spec import Case, Mismatch
from .student import BadOutput, StudentRaised


def call_student(student, case: Case) -> Any:
    """The student's value for ``case``; an exception becomes a :class:`Mismatch`."""
    try:
        return student(*case.args, **case.kwargs)
    except StudentRaised as exc:
        raise Mismatch(f"raised {exc.result.error_type}: {exc.result.message}",
                       received=f"{exc.result.error_type}: {exc.result.message}") from None
    except BadOutput as exc:
        raise Mismatch(f"returned something that is not plain data: {exc}",
                       received=str(exc)) from None


def compare_with_reference(case: Case, student, reference) -> None:
    """The default judge: same value as the reference (or ValueError where it raises)."""
    expected, rejected = _reference_outcome(case, reference)
    if rejected is not None:
        expect_value_error(case, student, reference, reason=rejected)
        return
    received = call_student(student, case)
    try:
        assert_matches(expected, received)
    except Mismatch as exc:
        raise Mismatch(exc.detail, expected=expected, received=received) from None


def expect_value_error(case: Case, student, reference, reason: str = "") -> None:
    """The call must raise ``ValueError`` (bad arguments, API.md)."""
    try:
        received = student(*case.args, **case.kwargs)
    except StudentRaised as exc:
        if exc.is_value_error:
            return
        raise Mismatch(f"should raise ValueError, raised {exc.result.error_type}: "
                       f"{exc.result.message}", expected="ValueError",
                       received=f"{exc.result.error_type}: {exc.result.message}") from None
    except BadOutput as exc:
        received = f"<{exc}>"
    why = f" ({reason})" if reason else ""
    raise Mismatch(f"should raise ValueError{why}, but returned a value",
                   expected=f"ValueError{why}", received=received)


def same_dtypes(case: Case, student, reference) -> None:
    """Judge for dtype concepts: the reference's shapes and dtypes, whatever the values.

    For functions whose values other concepts grade, so that a wrong value
    does not cost the dtype's points as well.
    """
    expected = reference(*case.args, **case.kwargs)
    received = call_student(student, case)
    try:
        assert_same_dtypes(expected, received)
    except Mismatch as exc:
        raise Mismatch(exc.detail, expected=expected, received=received) from None


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
        raise Mismatch(f"raised {result.error_type}: {result.message}",
                       received=f"{result.error_type}: {result.message}")
    if result.status == "bad_output":
        raise Mismatch(f"returned something that is not plain data: {result.message}",
                       received=result.message)
    expected = reference(*case.args, **case.kwargs)
    if not _same_form(expected, result.value):
        raise Mismatch("returned no result of the expected shape, so it cannot show that it "
                       "leaves its inputs unchanged", expected=expected, received=result.value)
    after_call = result.args_after
    if after_call is None or len(after_call) != len(case.args):
        raise Mismatch("the arguments could not be read back after the call, so they count as "
                       "modified", expected="the arguments as they were",
                       received="unreadable arguments")
    names = case.arg_names or tuple(f"arg{i}" for i in range(len(case.args)))
    for name, before, after in zip(names, case.args, after_call):
        if not isinstance(before, np.ndarray):
            continue
        if not isinstance(after, np.ndarray):
            # The worker sends None for an argument it can no longer encode.
            raise Mismatch(f"the function modified its input `{name}` so that it can no longer "
                           "be read back (for example by assigning its dtype or shape)",
                           expected=before, received="an unreadable array")
        if not (after.shape == before.shape and after.dtype == before.dtype
                and np.array_equal(after, before, equal_nan=True)):
            raise Mismatch(f"the function modified its input `{name}`",
                           expected=before, received=after)


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
