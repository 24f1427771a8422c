"""The vocabulary of a grading spec: cases, concepts, hints and diagnosers.

A spec is data plus small functions. Adding an exercise means adding one module
under :mod:`autograder.specs` that builds a :class:`FunctionSpec`; the engine
never changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from hypothesis import strategies as st


@dataclass(frozen=True)
class Hint:
    """One sentence for the student, in Korean and English."""
    ko: str
    en: str


@dataclass(frozen=True)
class Case:
    """One call: positional and keyword arguments, with names for the feedback."""
    args: tuple
    kwargs: dict = field(default_factory=dict)
    arg_names: tuple[str, ...] = ()

    def named(self) -> dict[str, Any]:
        names = self.arg_names or tuple(f"arg{i}" for i in range(len(self.args)))
        return {**dict(zip(names, self.args)), **self.kwargs}


class Mismatch(AssertionError):
    """The student's answer differs from what the concept requires.

    Raised inside a hypothesis test so that hypothesis shrinks to the smallest
    input that still shows it.
    """

    def __init__(self, detail: str, expected: Any = None, received: Any = None,
                 case: Optional[Case] = None, hint: Optional[Hint] = None):
        super().__init__(detail)
        self.detail = detail
        self.expected = expected
        self.received = received
        self.case = case
        self.hint = hint  # overrides the concept's hint when a judge knows better


# A student callable: ``student(*args, **kwargs)`` runs the student's function in
# the sandbox and returns its value, or raises StudentRaised / SandboxFailure.
Student = Callable[..., Any]
Reference = Callable[..., Any]
# A judge decides one case: it returns quietly or raises Mismatch.
Judge = Callable[[Case, Student, Reference], None]


@dataclass(frozen=True)
class Diagnoser:
    """Recognises a typical mistake from the smallest failing example.

    ``matches(case, received, reference)`` returns True when the student's output
    equals what the mistaken implementation would give.
    """
    name: str
    hint: Hint
    matches: Callable[[Case, Any, Reference], bool]


@dataclass(frozen=True)
class Concept:
    """One idea of a function, graded on its own for partial credit.

    Parameters
    ----------
    name : str
        Short concept name shown to students ("stride", "same padding", ...).
    points : float
    cases : hypothesis strategy of Case
        Inputs that exercise this concept (and, as far as possible, only it).
    hint : Hint
        What a failure most likely means.
    judge : callable, optional
        ``judge(case, student, reference)`` raises :class:`Mismatch` on a wrong
        answer (see :mod:`autograder.judges`). Defaults to comparing with the
        reference.
    examples : tuple of Case
        Explicit inputs always tried first (worked examples from the lecture).
    max_examples : int, optional
        How many generated inputs to try; default the ``examples_per_concept``
        setting (a spec asks for fewer where a few examples show everything).
    offline : bool
        Whether the student's self-check can run it from stored answers alone.
    """
    name: str
    points: float
    cases: st.SearchStrategy
    hint: Hint
    judge: Optional[Judge] = None
    examples: tuple[Case, ...] = ()
    max_examples: Optional[int] = None
    offline: bool = True   # False: the judge needs the references beyond stored answers


@dataclass(frozen=True)
class FunctionSpec:
    """How one student function is graded."""
    module: str
    function: str
    concepts: tuple[Concept, ...]
    diagnosers: tuple[Diagnoser, ...] = ()
    arg_names: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.function}"

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.concepts)
