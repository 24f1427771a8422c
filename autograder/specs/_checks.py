"""Checks shared by several specs (private: not a spec module, not in ``SPEC_MODULES``)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..checks import inputs_unchanged
from ..spec import Case, Mismatch
from ..student import BadOutput, StudentRaised


def _same_form(expected: Any, received: Any) -> bool:
    """Arrays of the same shape, sequences of the same length, recursively."""
    if isinstance(expected, np.ndarray):
        return isinstance(received, np.ndarray) and received.shape == expected.shape
    if isinstance(expected, (tuple, list)):
        return (isinstance(received, (tuple, list)) and len(received) == len(expected)
                and all(_same_form(e, r) for e, r in zip(expected, received)))
    return True


def unchanged_with_result(case: Case, student, reference) -> None:
    """Inputs left unchanged by a call that returned a result of the reference's form.

    :func:`~autograder.checks.inputs_unchanged` alone passes a function that
    computes nothing (``pass``, ``return None``, a constant): such a function
    must not earn the points for leaving its inputs alone. The values are not
    compared here, so a function that computes the wrong numbers without
    touching its inputs still earns them (partial credit stays targeted).
    """
    try:
        received = student(*case.args, **case.kwargs)
    except StudentRaised as exc:
        raise Mismatch(f"raised {exc.result.error_type}: {exc.result.message}",
                       received=f"{exc.result.error_type}: {exc.result.message}") from None
    except BadOutput as exc:
        raise Mismatch(f"returned something that is not plain data: {exc}",
                       received=str(exc)) from None
    expected = reference(*case.args, **case.kwargs)
    if not _same_form(expected, received):
        raise Mismatch("returned no result of the expected shape, so it cannot show that it "
                       "leaves its inputs unchanged", expected=expected, received=received)
    inputs_unchanged(case, student, reference)


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
