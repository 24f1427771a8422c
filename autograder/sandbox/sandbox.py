"""``Sandbox``: one submission's worker, called function by function, restarted as needed."""
from __future__ import annotations

import math
import os
import re
import signal
import time
from pathlib import Path
from typing import Any, Optional

from .channel import ChannelClosed, ChannelTimeout
from .codec import RNG, CodecError, decode, encode
from .frames import FrameError
from .launcher import isolation_available
from .limits import Limits
from .process import WorkerProcess, describe_exit
from .call_result import CallResult, SandboxError, SourcePlace
from .workspace import Workspace

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_FUNCTION_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MEMORY_HINTS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory")
_ISOLATIONS = ("auto", "bwrap", "process")


def _layer_types() -> dict:
    try:
        from cnnlab.layers import LAYER_TYPES
    except ImportError:
        return {}
    return dict(LAYER_TYPES)


class Sandbox:
    """Run one submission's functions in an isolated, resource-limited process.

    One sandbox per submission, reused across its calls (a warm call costs
    about a tenth of a millisecond); use it as a context manager, or call
    :meth:`close`. Not thread-safe: one caller at a time. The worker dies with
    the grader; the kernel ties that to the *thread* that started it (the first
    call, or the call after a restart), so use a sandbox from a thread that
    outlives it (the main thread, or a pool thread, not a short-lived one).

    Parameters
    ----------
    submission_dir : Path
        Folder with the student's modules (``shapes.py``, ``conv.py``, ...).
        Its ``.py`` files are copied into a private directory; the folder
        itself is never exposed.
    limits : Limits, optional
        Default: the limits of the settings in force (:meth:`Limits.defaults`).
    isolation : {"auto", "bwrap", "process"}, optional
        ``"bwrap"`` requires bubblewrap (``SandboxError`` if it does not work
        here), ``"process"`` is the plain-subprocess fallback, ``"auto"``
        picks bubblewrap when it works. Default: the ``isolation`` setting.
    cgroup : bool
        Also confine the worker in a ``pids`` cgroup when one can be created.

    Attributes
    ----------
    isolation : str
        The isolation in use (``"bwrap"`` or ``"process"``).
    restarts : int
        Workers started after the first (after timeouts, crashes, memory kills).
    """

    def __init__(self, submission_dir: Path, limits: Optional[Limits] = None,
                 isolation: Optional[str] = None, *, cgroup: bool = True):
        if limits is None:
            limits = Limits.defaults()
        if isolation is None:
            from ..settings import load_settings
            isolation = load_settings().isolation
        if isolation not in _ISOLATIONS:
            raise ValueError(f"isolation must be one of {_ISOLATIONS}, got {isolation!r}")
        if isolation == "auto":
            isolation = isolation_available()
        elif isolation == "bwrap" and isolation_available() != "bwrap":
            raise SandboxError("bubblewrap isolation was requested but does not work here")
        submission_dir = Path(submission_dir)
        if not submission_dir.is_dir():
            raise FileNotFoundError(f"submission folder not found: {submission_dir}")
        self.isolation = isolation
        self.limits = limits
        self.restarts = 0
        self.use_cgroup = cgroup
        self.workspace: Optional[Workspace] = Workspace(submission_dir)
        self.layer_types = _layer_types()
        self._worker: Optional[WorkerProcess] = None
        self._started = 0
        self._next_id = 0
        self._imported: set[str] = set()        # imported by the current worker
        self._import_failures: dict[str, CallResult] = {}

    # -- lifecycle ---------------------------------------------------------------
    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    @property
    def pids_limited(self) -> bool:
        """Whether the running worker's process count is capped (rlimit or cgroup)."""
        return self._worker is not None and self._worker.pids_capped

    def start(self) -> None:
        """Start the worker now (otherwise the first call does); ``SandboxError`` if it cannot."""
        if self.workspace is None:
            raise SandboxError("the sandbox is closed")
        if self._worker is not None:
            return
        self.workspace.clear_output()
        try:
            worker = WorkerProcess(self.isolation, self.workspace, self.limits, self.use_cgroup)
        except (OSError, RuntimeError) as exc:
            raise SandboxError(f"the sandbox worker could not be launched: {exc}") from exc
        deadline = time.monotonic() + self.limits.startup_timeout
        config = {"submission": worker.paths["submission"], "lib": worker.paths["lib"],
                  "output": worker.paths["output"], "limits": self.limits.as_dict(),
                  "max_body": self.limits.max_transfer_mb << 20,
                  # Under bubblewrap --die-with-parent does this; its parent is bwrap's init.
                  "parent_pid": os.getpid() if self.isolation == "process" else 0}
        try:
            worker.channel.send(config, deadline=deadline)
            ready, _ = worker.channel.receive(deadline, max_body=0)
            if ready.get("ready") is not True:
                raise FrameError("unexpected first message")
        except (ChannelTimeout, ChannelClosed, FrameError) as exc:
            code = worker.kill()
            printed, fault = self.workspace.read_output(2000)
            raise SandboxError(f"the sandbox worker did not start ({type(exc).__name__}; "
                               f"{describe_exit(code, self.isolation == 'bwrap')}): "
                               f"{(printed + fault).strip()[:2000]}") from exc
        if self._started:
            self.restarts += 1
        self._started += 1
        self._worker = worker
        self._imported = set()

    def _stop(self) -> Optional[int]:
        worker, self._worker = self._worker, None
        self._imported = set()
        return worker.kill() if worker is not None else None

    def stop(self) -> None:
        """Kill the worker and every process of the submission now; the next call starts afresh."""
        self._stop()

    def restart(self) -> None:
        """Kill the worker (and everything it spawned) and start a fresh one."""
        self._stop()
        self.start()

    def close(self) -> None:
        """Kill every process of the submission and delete the private directory."""
        self._stop()
        if self.workspace is not None:
            self.workspace.remove()
            self.workspace = None

    # -- requests ----------------------------------------------------------------
    def _failure(self, status: str, message: str, seconds: float, code: Optional[int] = None,
                 exited: bool = False) -> CallResult:
        """A result for a worker that timed out, died or broke the protocol (already killed)."""
        printed, fault = self.workspace.read_output(self.limits.output_chars)
        location = Workspace.fault_location(fault, self._inside_submission)
        if exited:
            message = describe_exit(code, self.isolation == "bwrap")
            # An unexpected SIGKILL is what the kernel's out-of-memory killer sends.
            oom_kill = code in (-signal.SIGKILL, 128 + signal.SIGKILL)
            if oom_kill or any(hint in printed + fault for hint in _MEMORY_HINTS):
                status = "memory"
            if oom_kill:
                message += " (most likely for using too much memory)"
            if fault.startswith("Fatal Python error: "):
                detail = fault.splitlines()[0].removeprefix("Fatal Python error: ").strip()
                if detail and detail not in message:
                    message += f": {detail}"
        return CallResult(status, message=message, output=printed, seconds=seconds,
                          location=location)

    @property
    def _inside_submission(self) -> str:
        return "/sandbox/submission" if self.isolation == "bwrap" else str(self.workspace.submission)

    def _request(self, header: dict, payload, timeout: float) -> tuple[Optional[dict], Any]:
        """Send one request; ``(response, body)`` or ``(None, CallResult)`` when the worker failed."""
        self.start()
        worker = self._worker
        self._next_id += 1
        header["id"] = self._next_id
        chunks, size = (), 0
        if payload is not None:
            header["payload"] = payload.tree
            chunks, size = payload.chunks, payload.size
        started = time.monotonic()
        deadline = started + timeout
        try:
            worker.channel.send(header, chunks, size, deadline)
            response, body = worker.channel.receive(deadline, self.limits.max_transfer_mb << 20)
            if response.get("id") != self._next_id:
                raise FrameError("a response out of step with the requests")
        except ChannelTimeout:
            self._stop()
            return None, self._failure("timeout", f"did not finish within {timeout:g} s",
                                       time.monotonic() - started)
        except ChannelClosed:
            code = worker.wait_exit(0.5)  # None: still running with its pipes closed
            self._stop()
            return None, self._failure("crashed", "", time.monotonic() - started, code,
                                       exited=True)
        except FrameError as exc:
            self._stop()
            return None, self._failure(
                "crashed", f"the sandbox's message stream was corrupted ({exc}); the code "
                "probably wrote to or closed file descriptors it does not own",
                time.monotonic() - started)
        return response, body

    def _ensure_imported(self, module: str) -> Optional[CallResult]:
        """``None`` once ``module`` is imported in the worker, else the (cached) failure."""
        if not _NAME_RE.match(module):
            raise ValueError(f"not a module name: {module!r}")
        if module in self._import_failures:
            return _copy(self._import_failures[module])
        if module in self._imported:
            return None
        response, body = self._request({"op": "import", "module": module}, None,
                                       self.limits.import_timeout)
        if response is None:
            failure = body
            detail = {"timeout": f"importing {module}.py did not finish within "
                                 f"{self.limits.import_timeout:g} s"}.get(failure.status)
            failure.message = (detail or f"{failure.message} while importing {module}.py")
            failure.status = "import_error"
        elif response.get("status") == "ok":
            self._imported.add(module)
            return None
        else:
            failure = CallResult(_status(response, ("missing", "import_error")),
                                 message=_text(response.get("message"))[:2000],
                                 output=_text(response.get("output"))[: self.limits.output_chars + 200],
                                 error_type=_text_or_none(response.get("error_type")),
                                 place=_place(response.get("where")))
            failure.error_message = _text(response.get("error_message"))[:1100]
        self._import_failures[module] = failure
        return _copy(failure)

    def has_function(self, module: str, function: str) -> CallResult:
        """``ok`` if ``module.function`` exists and is callable, else ``missing``/``import_error``."""
        if not _FUNCTION_RE.match(function):
            raise ValueError(f"not a function name: {function!r}")
        failure = self._ensure_imported(module)
        if failure is not None:
            return failure
        response, body = self._request({"op": "has", "module": module, "function": function},
                                       None, self.limits.call_timeout)
        if response is None:
            return body
        return CallResult(_status(response, ("ok", "missing", "import_error")),
                          message=_text(response.get("message"))[:2000])

    def call(self, module: str, function: str, args: tuple = (), kwargs: Optional[dict] = None,
             timeout: Optional[float] = None, return_args: bool = False) -> CallResult:
        """Call ``module.function(*args, **kwargs)`` in the sandbox.

        Parameters
        ----------
        args, kwargs
            Plain data (see :mod:`codec`); the student receives copies.
        timeout : float, optional
            Seconds for this call (default ``limits.call_timeout``).
        return_args : bool
            Also send back the positional arguments as they were after the
            call (``CallResult.args_after``), to detect mutation; an argument
            the student changed so that it can no longer be encoded comes back
            as ``None``.

        Raises
        ------
        CodecError
            If ``args``/``kwargs`` hold a type the sandbox cannot send.
        SandboxError
            If the sandbox is closed or its worker cannot be started.
        """
        if not _FUNCTION_RE.match(function):
            raise ValueError(f"not a function name: {function!r}")
        timeout = self.limits.call_timeout if timeout is None else float(timeout)
        if not timeout > 0 or math.isnan(timeout):
            raise ValueError(f"timeout must be positive, got {timeout}")
        payload = encode((tuple(args), dict(kwargs or {})),
                         max_bytes=self.limits.max_transfer_mb << 20,
                         layer_types=self.layer_types)
        failure = self._ensure_imported(module)
        if failure is not None:
            return failure
        header = {"op": "call", "module": module, "function": function, "timeout": timeout,
                  "return_args": bool(return_args)}
        response, body = self._request(header, payload, timeout)
        if response is None:
            return body
        return self._result(response, body)

    def _result(self, response: dict, body: bytearray) -> CallResult:
        result = CallResult(
            _status(response, ("ok", "raised", "crashed", "memory", "missing", "import_error",
                               "bad_output")),
            error_type=_text_or_none(response.get("error_type")),
            is_value_error=response.get("is_value_error") is True,
            message=_text(response.get("message"))[:1100],
            output=_text(response.get("output"))[: self.limits.output_chars + 200],
            seconds=float(response["seconds"]) if type(response.get("seconds")) is float else 0.0,
            location=_text(response.get("location"))[:300],
            place=_place(response.get("where")))
        if "payload" not in response:
            return result
        try:
            value, after = decode(response["payload"], body, make_rng=RNG,
                                  layer_types=self.layer_types)
        except (CodecError, TypeError, ValueError) as exc:
            result.status = "bad_output"
            result.message = f"the returned data could not be read: {exc}"[:1100]
            return result
        if result.status == "ok":
            result.value = value
        result.args_after = after if type(after) is tuple else None
        return result


def _status(response: dict, allowed: tuple) -> str:
    """The response's status if it is one of ``allowed``, else ``"crashed"`` (a forged answer)."""
    status = response.get("status")
    return status if type(status) is str and status in allowed else "crashed"


def _text(value: Any) -> str:
    """A string from the worker, with lone surrogates (valid JSON, invalid UTF-8) replaced."""
    if type(value) is not str:
        return ""
    return value.encode("utf-8", "replace").decode("utf-8")


def _text_or_none(value: Any) -> Optional[str]:
    return _text(value) if type(value) is str else None


def _place(where: Any) -> Optional[SourcePlace]:
    """The worker's report of a place in the submission, if well formed (it is untrusted)."""
    if type(where) is not dict:
        return None
    texts = {key: where.get(key) for key in ("file", "function", "source")}
    numbers = {key: where.get(key) for key in ("line", "column", "end_column")}
    if not all(type(v) is str for v in texts.values()) \
            or not all(type(v) is int and 0 <= v < 1 << 31 for v in numbers.values()):
        return None
    return SourcePlace(_text(texts["file"])[:200], numbers["line"], _text(texts["function"])[:200],
                       _text(texts["source"])[:300], numbers["column"], numbers["end_column"])


def _copy(result: CallResult) -> CallResult:
    return CallResult(result.status, message=result.message, output=result.output,
                      location=result.location, error_type=result.error_type,
                      error_message=result.error_message, place=result.place)
