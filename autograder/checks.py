"""Reusable checks: compare with the reference, expect ValueError, inputs left unchanged.

A check has the signature ``check(case, student, reference)`` and raises
:class:`~autograder.spec.Mismatch` when the student's function is wrong.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .compare import assert_matches
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
    """The default check: same value as the reference (or ValueError where it raises)."""
    try:
        expected = reference(*case.args, **case.kwargs)
    except ValueError as exc:
        expect_value_error(case, student, reference, reason=str(exc))
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


def inputs_unchanged(case: Case, student, reference) -> None:
    """The function must not modify its array arguments (API.md: never modify inputs)."""
    result = student.raw(*case.args, return_args=True, **case.kwargs)
    if result.args_after is None:
        return
    names = case.arg_names or tuple(f"arg{i}" for i in range(len(case.args)))
    for name, before, after in zip(names, case.args, result.args_after):
        if isinstance(before, np.ndarray) and not (
                isinstance(after, np.ndarray) and after.shape == before.shape
                and after.dtype == before.dtype and np.array_equal(after, before, equal_nan=True)):
            raise Mismatch(f"the function modified its input `{name}`",
                           expected=before, received=after)
