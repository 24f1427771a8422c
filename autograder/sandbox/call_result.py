"""The outcome of one call into the sandbox."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


class SandboxError(RuntimeError):
    """The sandbox itself cannot run (no working isolation, a worker that never starts)."""


@dataclass(frozen=True)
class SourcePlace:
    """A place in the submission's code, as the worker reported it (untrusted text).

    Attributes
    ----------
    file : str
        Relative to the submission (``"conv.py"``).
    line : int
        1-based.
    function : str
        The function the line belongs to; ``""`` at module level or unknown.
    source : str
        The line as written (without its newline), ``""`` when unknown.
    column, end_column : int
        The highlighted part of ``source``: 1-based first character and 1-based
        end (exclusive); ``0`` when unknown.
    """
    file: str
    line: int
    function: str = ""
    source: str = ""
    column: int = 0
    end_column: int = 0


@dataclass
class CallResult:
    """What happened when the grader called a student function.

    Attributes
    ----------
    status : str
        ``"ok"``, ``"raised"``, ``"timeout"``, ``"crashed"`` (``os._exit``,
        ``sys.exit``, a fatal signal, a broken protocol stream), ``"memory"``
        (``MemoryError`` under the address-space limit, or an unexpected
        ``SIGKILL`` as the out-of-memory killer sends), ``"missing"`` (no such
        module file or function), ``"import_error"`` or ``"bad_output"`` (a
        return value that is not plain data).
    value : Any
        The decoded return value when ``status == "ok"``.
    error_type : str or None
        Exception class name when the function raised (or ran out of memory).
    is_value_error : bool
        ``isinstance(exc, ValueError)`` on the student side.
    message : str
        Exception message, or what went wrong (at most about 1000 characters).
    output : str
        What the call printed (stdout and stderr), cut to ``Limits.output_chars``.
    args_after : tuple or None
        The positional arguments as they were after the call, when requested.
    seconds : float
        Time spent in the student's function (the whole wait on a timeout).
    location : str
        ``"conv.py, line 12, in conv2d"``: where in the submission it raised,
        crashed or was stopped, when known.
    error_message : str
        For an import error: the exception's own message (``message`` describes
        the whole failure, its place included).
    place : SourcePlace or None
        The same place with its line of code and columns, for an exception the
        student's code raised (a call's, or an import's, a ``SyntaxError`` included).
    """
    status: str
    value: Any = None
    error_type: Optional[str] = None
    is_value_error: bool = False
    message: str = ""
    output: str = ""
    args_after: Optional[tuple] = None
    seconds: float = 0.0
    location: str = ""
    error_message: str = ""
    place: Optional[SourcePlace] = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"
