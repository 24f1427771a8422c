"""The student's function as the grader sees it: a call into the sandbox.

Outcomes that hypothesis may shrink (a wrong value, an exception) are ordinary
exceptions; outcomes that must stop the search at once (timeout, crash, memory,
not implemented) derive from ``BaseException`` so hypothesis lets them through.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .sandbox import CallResult, Sandbox


class StudentRaised(Exception):
    """The student's function raised an exception (an ordinary, shrinkable failure)."""

    def __init__(self, result: CallResult):
        super().__init__(f"{result.error_type}: {result.message}")
        self.result = result

    @property
    def is_value_error(self) -> bool:
        return self.result.is_value_error


class BadOutput(Exception):
    """The function returned something that is not plain data (shrinkable failure)."""


class SandboxAbort(BaseException):
    """Timeout, crash or memory blow-up: the concept stops and scores zero."""

    def __init__(self, status: str, message: str, case: Any = None, location: str = ""):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.case = case
        self.location = location   # where the student's code was stopped, when known


class NotImplementedAbort(BaseException):
    """The stub still raises ``NotImplementedError``."""


class BudgetExhausted(BaseException):
    """The concept used up its time or call budget; the search stops with what it found."""


@dataclass
class CallLog:
    """What the student's code printed during one concept, capped."""
    limit: int = 4000
    text: str = ""
    calls: int = 0
    seconds: float = 0.0      # the calls' round trips, timed by the grader (never by the student)

    def add(self, output: str) -> None:
        if output and len(self.text) < self.limit:
            self.text += output[: self.limit - len(self.text)]


class BudgetedCalls:
    """What the engine needs of anything it calls as a student's function.

    A subclass has ``log``, ``deadline``, ``budget_seconds`` and ``max_calls``
    and defines ``raw`` (one call, its :class:`CallResult`), calling
    :meth:`check_budget` first; calling the object itself returns the value or
    raises what the student's call amounted to.
    """

    def check_budget(self) -> None:
        """:class:`BudgetExhausted` once the calls, their seconds or the deadline are spent."""
        if (self.log.seconds > self.budget_seconds or self.log.calls >= self.max_calls
                or time.monotonic() > self.deadline):
            raise BudgetExhausted()

    def __call__(self, *args, **kwargs) -> Any:
        result = self.raw(*args, **kwargs)
        if result.status == "raised":
            raise StudentRaised(result)
        if result.status == "bad_output":
            raise BadOutput(result.message)
        return result.value


@dataclass
class StudentFunction(BudgetedCalls):
    """Callable proxy for ``module.function`` inside ``sandbox``.

    A call past ``budget_seconds`` of timed calls (``log.seconds``), past
    ``max_calls`` calls, or after ``deadline`` (a ``time.monotonic()`` value)
    raises :class:`BudgetExhausted` instead of calling. The current case is
    remembered so an abort can say which input caused it.
    """
    sandbox: Sandbox
    module: str
    function: str
    log: CallLog = field(default_factory=CallLog)
    deadline: float = float("inf")
    budget_seconds: float = float("inf")
    max_calls: float = float("inf")
    current_case: Any = None
    spent: float = 0.0        # seconds of all calls, across logs (the caller resets it)

    def raw(self, *args, return_args: bool = False, **kwargs) -> CallResult:
        self.check_budget()
        start = time.monotonic()
        result = self.sandbox.call(self.module, self.function, args, kwargs,
                                   return_args=return_args)
        elapsed = time.monotonic() - start
        self.log.calls += 1
        self.log.seconds += elapsed
        self.spent += elapsed
        self.log.add(result.output)
        if result.status in ("timeout", "crashed", "memory", "missing", "import_error"):
            raise SandboxAbort(result.status, result.message, self.current_case, result.location)
        if result.status == "raised" and result.error_type == "NotImplementedError":
            raise NotImplementedAbort(result.message)
        return result
