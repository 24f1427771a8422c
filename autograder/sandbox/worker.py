"""The student side of the sandbox: import student modules, run calls, answer in frames.

Started by :mod:`launcher` as ``python -P -s -B worker.py CMD_FD RESP_FD`` inside
the isolation; never imported by the grader. It loads :mod:`codec`,
:mod:`frames` and :mod:`capture` from its own directory by file path (this
folder is not a package on the student side).

Everything in :func:`main` up to the ``ready`` message is trusted set-up done
before any student code exists in the process:

1. the protocol pipes move to high, close-on-exec fds (student subprocesses do
   not inherit them) and every other inherited fd is closed;
2. numpy and ``cnnlab.layers`` are imported from the grader's copies;
3. fds 1 and 2 point to the capture file (``O_APPEND``); ``sys.stdout`` and
   ``sys.stderr`` become writers that keep ``output_chars`` characters per
   call and only count the rest, so a ``print`` flood costs a method call per
   line and never fills a pipe; ``faulthandler`` writes fatal-error tracebacks
   there too;
4. rlimits: address space (``memory_mb``), processes/threads (``max_processes``
   more than the uid already runs),
   file size (``max_file_mb``, with ``SIGXFSZ`` ignored so an fd flood gets
   ``EFBIG`` instead of killing the worker), no core dumps. Soft and hard
   limits are both lowered, so unprivileged student code cannot raise them;
5. the submission folder goes first on ``sys.path`` and becomes the cwd.

Each request is one frame; student modules are imported on first use and
cached (import errors too). A call's exceptions, ``sys.exit`` and
``MemoryError`` are caught here; ``os._exit``, fatal signals and timeouts end
the process and are reported by the grader.
"""
from __future__ import annotations

import faulthandler
import gc
import importlib
import importlib.machinery
import importlib.util
import os
import resource
import signal
import sys
import time

import numpy

_HERE = os.path.dirname(os.path.abspath(__file__))
_RESERVE_BYTES = 8 << 20
_EXIT_LOST_PIPES = 87  # process.EXIT_LOST_PIPES on the grader side  # freed on MemoryError so the answer can still be built


def _load_sibling(name: str):
    """Load a sibling module from this folder under a private module name."""
    private = f"_sandbox_{name}"
    spec = importlib.util.spec_from_file_location(private, os.path.join(_HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[private] = module
    spec.loader.exec_module(module)
    return module


frames = _load_sibling("frames")
codec = _load_sibling("codec")
capture = _load_sibling("capture")


def _close_other_fds(keep: set[int]) -> None:
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:  # the fd of the listdir itself, already gone
                pass


def _die_with_parent(parent: int) -> None:
    """SIGKILL this process when the grader dies (bubblewrap does this itself)."""
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the grader was already gone before the line above
        os._exit(1)


def _tasks_of_this_uid() -> int:
    """Processes and threads already running under this uid (what RLIMIT_NPROC counts).

    Without a user namespace the limit is per uid across the whole system, so
    the student's allowance is added on top of what the uid already runs.
    """
    uid, count = os.getuid(), 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                continue
    return count


def _set_limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        pass


def _relative(path: str, root: str) -> str:
    prefix = root.rstrip("/") + "/"
    return path[len(prefix):] if isinstance(path, str) and path.startswith(prefix) else path


def _student_location(exc: BaseException, root: str) -> str:
    """``"conv.py, line 12, in conv2d"`` for the innermost frame inside the submission."""
    place = _student_place(exc, root)
    return f"{place['file']}, line {place['line']}, in {place['function']}" if place else ""


def _source_line(path: str, line: int) -> str:
    """The text of ``line`` (1-based) of a submission file, at most 300 characters."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == line:
                    return text.rstrip("\r\n")[:300]
                if number > line:
                    break
    except OSError:
        pass
    return ""


def _char_column(source: str, byte_offset) -> int:
    """A 0-based UTF-8 byte offset into ``source`` as a 1-based character column (0: unknown)."""
    if not isinstance(byte_offset, int) or byte_offset < 0 or not source:
        return 0
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1


def _student_place(exc: BaseException, root: str):
    """The innermost frame of ``exc`` inside the submission: file, line, function, code, columns.

    Never a frame of the grader: only files under the submission folder count.
    """
    found = None
    tb = exc.__traceback__
    prefix = root.rstrip("/") + "/"
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(prefix):
            found = tb
        tb = tb.tb_next
    if found is None:
        return None
    code = found.tb_frame.f_code
    source = _source_line(code.co_filename, found.tb_lineno)
    column = end = 0
    try:
        start_line, end_line, start, stop = list(code.co_positions())[found.tb_lasti // 2]
        if start_line == found.tb_lineno:
            column = _char_column(source, start)
            end = _char_column(source, stop) if end_line == start_line else len(source) + 1
    except (IndexError, ValueError, TypeError):
        pass
    indent = len(source) - len(source.lstrip())
    return {"file": _relative(code.co_filename, root), "line": found.tb_lineno,
            "function": code.co_name if code.co_name != "<module>" else "",
            "source": source, "column": column if column > indent else 0,
            "end_column": end if column > indent else 0}


def _syntax_place(exc: SyntaxError, module: str, root: str):
    """Where a ``SyntaxError`` (or ``IndentationError``) points: file, line, code, columns."""
    if not isinstance(exc.lineno, int):
        return None
    source = (exc.text or "").rstrip("\r\n")[:300]
    column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else 0
    end = exc.end_offset if isinstance(exc.end_offset, int) and exc.end_lineno == exc.lineno \
        else 0
    return {"file": _relative(exc.filename or module + ".py", root), "line": exc.lineno,
            "function": "", "source": source, "column": column,
            "end_column": end if end > column else 0}


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # a student exception whose __str__ fails
        text = "<the exception's message could not be turned into text>"
    return text if len(text) <= 1000 else text[:1000] + " ..."


def _describe_import_error(exc: BaseException, module: str, root: str) -> str:
    name = type(exc).__name__
    if isinstance(exc, SyntaxError):
        where = f"{_relative(exc.filename or module + '.py', root)}, line {exc.lineno}"
        text = f"{name}: {exc.msg} ({where})"
        if exc.text:
            line = exc.text.rstrip("\n")
            text += f"\n    {line.strip()}"
            if exc.offset and exc.offset > 0:
                indent = len(line) - len(line.lstrip())
                text += "\n    " + " " * max(exc.offset - 1 - indent, 0) + "^"
        return text
    if isinstance(exc, SystemExit):
        return f"{module}.py called sys.exit({exc.code!r}) while being imported"
    location = _student_location(exc, root)
    return f"{name}: {_safe_str(exc)}" + (f" (at {location})" if location else "")


def _readable(value: object, options: dict) -> object:
    """``value`` if it can still be encoded, else ``None``."""
    try:
        codec.encode(value, **options)
    except Exception:  # CodecError, or a student object that breaks while being read
        return None
    return value


class Worker:
    """Request loop of one sandbox process."""

    def __init__(self, cmd_fd: int, resp_fd: int, config: dict):
        self.cmd_fd = cmd_fd
        self.resp_fd = resp_fd
        self.submission = config["submission"]
        self.limits = config["limits"]
        self.max_body = int(config["max_body"])
        self.pid = os.getpid()
        self.imports: dict[str, dict] = {}
        self.modules: dict[str, object] = {}
        self.reserve = None
        self.make_rng = numpy.random.default_rng
        try:
            from cnnlab.layers import LAYER_TYPES
            self.layer_types = dict(LAYER_TYPES)
        except Exception:
            self.layer_types = {}
        self.capture = capture.OutputCapture(config["output"], int(self.limits["output_chars"]))

    # -- set-up ------------------------------------------------------------------
    def confine(self) -> None:
        """Output capture, fault handler, rlimits, sys.path and cwd (see module docstring)."""
        self.capture.attach()
        faulthandler.enable(file=self.capture.fd, all_threads=True)
        faulthandler.register(signal.SIGALRM, file=self.capture.fd, all_threads=True)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limits = self.limits
        _set_limit(resource.RLIMIT_CORE, 0)
        _set_limit(resource.RLIMIT_FSIZE, int(limits["max_file_mb"]) << 20)
        _set_limit(resource.RLIMIT_NPROC, _tasks_of_this_uid() + int(limits["max_processes"]))
        _set_limit(resource.RLIMIT_AS, int(limits["memory_mb"]) << 20)
        self.refill_reserve()
        sys.path.insert(0, self.submission)
        os.chdir(self.submission)

    def refill_reserve(self) -> None:
        try:
            self.reserve = bytearray(_RESERVE_BYTES)
        except MemoryError:
            self.reserve = None

    # -- requests ----------------------------------------------------------------
    @staticmethod
    def arm(seconds: float) -> None:
        """Dump the student's stack to the capture file just before the grader's deadline.

        A real-time timer whose ``SIGALRM`` faulthandler handles in C: one
        syscall per call, and it works while student code holds the GIL.
        """
        margin = min(0.5, 0.1 * seconds)
        signal.setitimer(signal.ITIMER_REAL, max(seconds - margin, 0.01))

    @staticmethod
    def disarm() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    def import_module(self, name: str) -> dict:
        if name in self.imports:
            return self.imports[name]
        top = name.partition(".")[0]
        if importlib.machinery.PathFinder.find_spec(top, [self.submission]) is None:
            result = {"status": "missing", "message": f"the submission has no {top}.py"}
        else:
            self.capture.reset()
            self.arm(float(self.limits["import_timeout"]))
            try:
                self.modules[name] = importlib.import_module(name)
                result = {"status": "ok", "message": ""}
            except MemoryError:
                self.reserve = None
                result = {"status": "import_error",
                          "message": f"{name}.py ran out of memory while being imported"}
            except BaseException as exc:
                result = {"status": "import_error",
                          "message": _describe_import_error(exc, name, self.submission)}
                place = _syntax_place(exc, name, self.submission) if isinstance(exc, SyntaxError) \
                    else _student_place(exc, self.submission)
                if place:
                    result["where"] = place
                    result["error_type"] = type(exc).__name__
                    result["error_message"] = exc.msg if isinstance(exc, SyntaxError) \
                        else _safe_str(exc)
            finally:
                self.disarm()
            if self.reserve is None:
                gc.collect()
                self.refill_reserve()
            result["output"] = self.capture.collect()
        self.imports[name] = result
        return result

    def lookup(self, module: str, function: str):
        """``(callable, None)`` or ``(None, failure response)``."""
        result = self.import_module(module)
        if result["status"] != "ok":
            return None, result
        try:
            fn = getattr(self.modules[module], function, None)
        except Exception as exc:  # a module-level __getattr__ that raises
            return None, {"status": "missing", "message": _safe_str(exc)}
        if fn is None:
            return None, {"status": "missing", "message": f"{module}.py has no function {function}"}
        if not callable(fn):
            return None, {"status": "missing",
                          "message": f"{module}.{function} is a {type(fn).__name__}, not a function"}
        return fn, None

    def call(self, request: dict, body: bytearray) -> tuple[dict, tuple]:
        """Run one call: ``(response header, (return value, args after or None))``."""
        fn, failure = self.lookup(request["module"], request["function"])
        if failure is not None:
            return dict(failure), (None, None)
        args, kwargs = codec.decode(request["payload"], body, make_rng=self.make_rng,
                                    layer_types=self.layer_types)
        self.capture.reset()
        self.arm(float(request["timeout"]))
        response = {"status": "ok", "message": ""}
        value = None
        start = time.perf_counter()
        try:
            value = fn(*args, **kwargs)
        except MemoryError as exc:
            self.reserve = None
            response = {"status": "memory", "error_type": type(exc).__name__,
                        "message": _safe_str(exc) or "MemoryError",
                        "location": _student_location(exc, self.submission)}
        except SystemExit as exc:
            response = {"status": "crashed",
                        "message": f"the function called sys.exit({exc.code!r})",
                        "location": _student_location(exc, self.submission)}
        except BaseException as exc:
            place = _student_place(exc, self.submission)
            response = {"status": "raised", "error_type": type(exc).__name__,
                        "is_value_error": isinstance(exc, ValueError),
                        "message": _safe_str(exc), "location": ""}
            if place:
                response["where"] = place
                response["location"] = f"{place['file']}, line {place['line']}, in {place['function']}"
        if os.getpid() != self.pid:  # a fork of the worker returned here: only one may answer
            os._exit(0)
        response["seconds"] = time.perf_counter() - start
        self.disarm()
        if self.reserve is None:
            gc.collect()
            self.refill_reserve()
        after = args if request.get("return_args") else None
        return response, (value, after)

    def encode_result(self, response: dict, value: object, after: object):
        """Encode ``(value, args_after)``; anything not plain data becomes ``bad_output``."""
        encode = codec.encode
        options = {"max_bytes": self.max_body, "layer_types": self.layer_types}
        if after is not None:
            # An argument changed so that it cannot be sent back (a dtype assigned
            # in place, say) comes back as None: the grader counts it as changed.
            after = tuple(_readable(arg, options) for arg in after)
        try:
            return encode((value, after), **options)
        except codec.CodecError as exc:
            first_error = exc
        try:
            return encode((value, None), **options)  # only the arguments are unusual
        except codec.CodecError:
            pass
        if response["status"] == "ok":
            response.update(status="bad_output", message=f"the function returned a {first_error}")
        try:
            return encode((None, after), **options)
        except codec.CodecError:
            return encode((None, None), **options)

    def handle(self, request: dict, body: bytearray) -> None:
        try:
            response, encoded = self.respond(request, body)
        except Exception as exc:  # a malformed request, or a student who broke the worker
            response = {"status": "crashed", "message": f"sandbox worker error: {type(exc).__name__}: "
                                                        f"{_safe_str(exc)}"}
            encoded = None
        response["id"] = request.get("id")
        if encoded is not None:
            response["payload"] = encoded.tree
        try:
            message = frames.pack(response, *((encoded.chunks, encoded.size) if encoded else ()))
        except (frames.FrameError, ValueError) as exc:  # e.g. a 100 MB string as JSON
            message = frames.pack({"id": response["id"], "status": "bad_output",
                                   "message": f"the function returned too much data ({exc})",
                                   "output": response.get("output", "")})
        frames.write_all(self.resp_fd, message)

    def respond(self, request: dict, body: bytearray) -> tuple[dict, object]:
        """The response header and the encoded payload (or ``None``) for one request."""
        op = request.get("op")
        encoded = None
        if op == "import":
            response = dict(self.import_module(request["module"]))
        elif op == "has":
            fn, failure = self.lookup(request["module"], request["function"])
            response = {"status": "ok", "message": ""} if failure is None else dict(failure)
        elif op == "call":
            response, (value, after) = self.call(request, body)
            encoded = self.encode_result(response, value, after)
            response["output"] = self.capture.collect()
        else:
            response = {"status": "crashed", "message": f"unknown request {op!r}"}
        return response, encoded

    def serve(self) -> None:
        frames.write_frame(self.resp_fd, {"ready": True, "pid": os.getpid()})
        while True:
            try:
                request, body = frames.read_frame(self.cmd_fd, self.max_body)
            except EOFError:
                return
            self.handle(request, body)
            del request, body


def main(argv: list[str]) -> int:
    cmd_fd = capture.move_fd_high(int(argv[1]))
    resp_fd = capture.move_fd_high(int(argv[2]))
    _close_other_fds({0, 1, 2, cmd_fd, resp_fd})
    config, _ = frames.read_frame(cmd_fd, 1 << 20)
    if config.get("parent_pid"):
        _die_with_parent(int(config["parent_pid"]))
    sys.path.insert(0, config["lib"])
    worker = Worker(cmd_fd, resp_fd, config)
    worker.confine()
    try:
        worker.serve()
    except (OSError, frames.FrameError):  # the grader went away, or a student broke the pipes
        return _EXIT_LOST_PIPES
    return 0


if __name__ == "__main__":
    os._exit(main(sys.argv))
