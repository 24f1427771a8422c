"""The reference standing in for a student: called as the engine calls a student, recorded.

Runs in the grader's process (the reference is trusted), unchanged or broken on
purpose by a :data:`Behaviour`, so that a check can ask which calls a concept
really makes and whether a given mistake fails it.
"""
from __future__ import annotations

import inspect
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

from ..reference import materialize, reference_function
from ..sandbox import CallResult
from ..spec import FunctionSpec
from ..student import BudgetedCalls, CallLog

# Shrinking stops this many calls after the first failure: a check needs the
# failure, not the smallest example.
SHRINK_CALLS = 3
CONCEPT_SECONDS = 60.0


@dataclass
class Call:
    """One call a concept made: the arguments as the grader passed them, bound to their names."""
    args: tuple
    kwargs: dict
    bound: dict
    error: str = ""        # "ValueError: message" when the reference raised

    def named(self, arg: str, default: Any = inspect.Parameter.empty) -> Any:
        return self.bound.get(arg, default)


# behaviour(call, reference_on) -> value: ``reference_on(args, kwargs)`` calls the reference.
Behaviour = Callable[[Call, Callable[[tuple, dict], Any]], Any]


class StandIn(BudgetedCalls):
    """The reference, unchanged or broken on purpose, called as the engine calls a student.

    Runs in this process (the reference is trusted). Every call is recorded with
    the reference's own outcome, so a check can ask what a concept really tried.
    """

    def __init__(self, qualname: str, behaviour: Optional[Behaviour] = None):
        self.function = reference_function(qualname)
        self.signature = inspect.signature(self.function)
        self.behaviour = behaviour
        self.calls: list[Call] = []
        self.log = CallLog()
        self.deadline = float("inf")
        self.budget_seconds = float("inf")
        self.max_calls = float("inf")
        self.current_case = None
        self.spent = 0.0

    def reference_on(self, args: tuple, kwargs: dict) -> Any:
        return self.function(*materialize(args), **materialize(kwargs))

    def raw(self, *args, return_args: bool = False, **kwargs) -> CallResult:
        self.check_budget()
        self.log.calls += 1
        try:
            bound = dict(self.signature.bind(*args, **kwargs).arguments)
        except TypeError:
            bound = {}
        call = Call(args, kwargs, bound)
        self.calls.append(call)
        live = materialize(args)
        try:
            if self.behaviour is None:
                value = self.function(*live, **materialize(kwargs))
            else:
                value = self.behaviour(call, self.reference_on)
        except Exception as exc:  # the stand-in raised: what a student's exception looks like
            call.error = f"{type(exc).__name__}: {exc}"
            return CallResult("raised", error_type=type(exc).__name__,
                              is_value_error=isinstance(exc, ValueError), message=str(exc))
        return CallResult("ok", value=value, args_after=tuple(live) if return_args else None)


def run_with(spec: FunctionSpec, concept_name: str, behaviour: Optional[Behaviour] = None):
    """Grade one concept with the stand-in, as the engine grades a student (the
    examples a live search tries, which the example bank replays); returns
    ``(ConceptResult, calls)``."""
    from ..engine import run_concept

    concept = next(c for c in spec.concepts if c.name == concept_name)
    stand_in = StandIn(spec.qualname, behaviour)
    stand_in.deadline = time.monotonic() + CONCEPT_SECONDS
    result = run_concept(spec, concept, stand_in, budget_seconds=CONCEPT_SECONDS,
                         shrink_calls=SHRINK_CALLS,
                         max_examples=concept.max_examples or _examples_per_concept())
    return result, stand_in.calls


@lru_cache(maxsize=None)
def _examples_per_concept() -> int:
    from ..settings import load_settings

    return load_settings().examples_per_concept
