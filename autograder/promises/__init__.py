"""Every promise a stub makes, and the concept that grades it.

Students read a stub's docstring as the contract, so whatever it promises must
be graded. Each reference docstring (and so the stub generated from it) holds a
``Graded`` section: one line per promise, in a small fixed vocabulary, naming
the concept of the function's spec that grades it::

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form stride: int, pair -> "stride"
    - form stride, padding: default -> "one channel"
    - ndim x: 3 -> "leading axes"
    - edge x: 0 -> "at zero"
    - ties x -> "ties: first max"
    - raises x, w, stride -> "errors"

The kinds (:data:`KINDS`):

``dtype A: D, ...``
    Argument ``A`` of dtype ``D`` gives the documented result dtype.
``form A, ...: F, ...``
    ``A`` accepts each form ``F``: ``int``, ``pair`` (an ``(h, w)`` tuple),
    ``"same"``, ``"valid"``, or ``default`` (the argument left out).
``ndim A: n, ...``
    ``A`` may have ``n`` axes (leading axes, "any shape").
``edge A: v``
    An edge value: elements (or a scalar ``A``) equal to ``v``, or ``empty``
    (a batch of zero samples).
``ties A``
    Which of equal values in ``A`` wins is part of the result.
``raises A, ...``
    Bad arguments raise ``ValueError`` naming ``A`` (as the reference's message
    does), and valid calls do not raise.

:func:`check_function` holds every line to account twice, with the reference
standing in for a student in this process: the concept must make a call that
shows the promise (a float32 ``A``, a pair stride, a 3-D ``x``, a rejected
call naming ``A`` next to an accepted one), and an implementation that breaks
exactly that promise (the reference with its result's dtype changed, pairs
refused, the default replaced, ties broken the other way, errors swallowed, or
every call refused) must fail the concept. The rest of the docstring may not
promise more than its ``Graded`` section: a few explicit phrases
(:data:`.docstrings.PARAMETER_TRIGGERS`, a ``Raises`` section, "dtype" or "integer" in
``Returns``, "ties", ````A == v````) each require a line of their kind.

Modules: :mod:`.docstrings` (reading the lines and the phrases), :mod:`.stand_in`
(the reference called as a student), :mod:`.breaks` (what shows each kind of
promise and what breaks it), :mod:`.check` (the check and its table).
``python -m autograder.promises`` prints every promise with its concept.
"""
from __future__ import annotations

from .breaks import Check, check_for, names
from .check import Finding, check_all, check_function, main, table
from .docstrings import (FORMS, KINDS, Promise, Requirement, parse_graded, requirements,
                         sections, stub_docstrings)
from .stand_in import Call, StandIn, run_with

__all__ = ["Call", "Check", "FORMS", "Finding", "KINDS", "Promise", "Requirement", "StandIn",
           "check_all", "check_for", "check_function", "main", "names", "parse_graded",
           "requirements", "run_with", "sections", "stub_docstrings", "table"]
