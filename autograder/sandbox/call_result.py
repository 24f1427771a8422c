"""The outcome of one call into the sandbox."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


class SandboxError(RuntimeError):
    """The sandbox itself cannot run (no working isolation, a worker that never starts)."""


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

    @property
    def ok(self) -> bool:
        return self.status == "ok"
