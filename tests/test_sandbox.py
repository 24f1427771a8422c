"""The sandbox that runs student code: values cross intact, hostile code changes nothing outside.

Every behaviour is checked under both isolations (bubblewrap is skipped where it
does not work). Hostile submissions live in ``tests/sandbox_fixtures``.
"""
from __future__ import annotations

import math
import os
import socket
import statistics
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.sandbox import (RNG, CallResult, CodecError, Limits, Sandbox, SandboxError,
                                isolation_available)
from autograder.sandbox.codec import MAX_NESTING, decode, encode
from autograder.sandbox.frames import PREFIX, FrameError, pack, parse_header, parse_prefix
from cnnlab.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "sandbox_fixtures"
BASIC = FIXTURES / "basic"
HOSTILE = FIXTURES / "hostile"
HAS_BWRAP = isolation_available() == "bwrap"
ISOLATIONS = ["process", pytest.param("bwrap", marks=pytest.mark.skipif(
    not HAS_BWRAP, reason="bubblewrap is not installed or does not work here"))]
LIMITS = Limits.defaults(call_timeout=5.0, memory_mb=512, import_timeout=5.0, output_chars=2000)


@pytest.fixture(scope="module", params=ISOLATIONS)
def basic(request):
    with Sandbox(BASIC, LIMITS, isolation=request.param) as box:
        yield box


@pytest.fixture(scope="module", params=ISOLATIONS)
def hostile(request):
    with Sandbox(HOSTILE, LIMITS, isolation=request.param) as box:
        yield box


def same(a, b) -> bool:
    """Equal in value *and* type: dtypes, numpy scalar types, tuple vs list, NaN == NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):  # any byte order arrives in the machine's own
        return (a.dtype.newbyteorder("=") == b.dtype.newbyteorder("=") and a.dtype.isnative
                and a.shape == b.shape and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and (a == b or (a != a and b != b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (a != a and b != b)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


ROUND_TRIP = [
    np.arange(6, dtype=np.int64).reshape(2, 3),
    np.linspace(0, 1, 12, dtype=np.float32).reshape(2, 2, 3),
    np.array([True, False, True]),
    np.array([1 + 2j, -1j], dtype=np.complex128),
    np.array([0.5, np.nan, -np.inf], dtype=np.float16),
    np.arange(24, dtype=np.uint8).reshape(2, 3, 4)[:, ::2, 1:].transpose(2, 0, 1),  # not contiguous
    np.arange(4, dtype=">f8"),                       # arrives as the native float64
    np.array(7.25),
    np.zeros((0, 3), dtype=np.float32),
    np.empty((2, 0, 5), dtype=np.int16),
    np.float32(1.5), np.int8(-3), np.uint64(2**64 - 1), np.bool_(True), np.float64(np.nan),
    0, -5, 2**80, 1.5, -0.0, float("inf"), float("nan"), True, False, None,
    "", "padding='same' 패딩", "\ud800 lone surrogate",
    (), (1, (2.0, "x")), [], [1, [2, [3]]], {}, {"a": 1, "b": [np.ones(2)], "c": {"d": None}},
    [Conv2D(32, 3, padding="same"), MaxPooling2D(2), Flatten(), Dense(10, activation="softmax"),
     Dropout(0.5, name="drop")],
]


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_startup_and_warm_call_time(isolation, capsys):
    """Measured here and printed with ``-s``: worker start-up and warm round trips."""
    start = time.perf_counter()
    with Sandbox(BASIC, LIMITS, isolation=isolation) as box:
        box.start()
        startup = time.perf_counter() - start
        x = np.ones((8, 8, 3))
        assert box.call("values", "echo", (x,)).status == "ok"
        times = []
        for _ in range(300):
            t = time.perf_counter()
            box.call("values", "echo", (x, 2), {"stride": 1})
            times.append(time.perf_counter() - t)
    median = statistics.median(times)
    with capsys.disabled():
        print(f"\n[{isolation}] start-up {startup * 1e3:.0f} ms, warm call median "
              f"{median * 1e6:.0f} us, p90 {sorted(times)[270] * 1e6:.0f} us")
    assert median < 0.005


@pytest.mark.parametrize("value", ROUND_TRIP, ids=lambda v: type(v).__name__)
def test_values_round_trip_exactly(basic, value):
    result = basic.call("values", "echo", (value,), {"key": value})
    assert result.status == "ok", result.message
    assert same(result.value, ((value,), {"key": value}))


def test_student_sees_the_types_the_grader_sent(basic):
    args = (np.zeros(2, np.float32), np.int64(3), 3, 3.0, (1,), [1], {"a": 1}, None, RNG(0))
    result = basic.call("values", "type_names", args)
    assert result.value == ["ndarray", "int64", "int", "float", "tuple", "list", "dict",
                            "NoneType", "Generator"]


def test_rng_is_a_seeded_generator_on_the_student_side(basic):
    first = basic.call("values", "draw", (RNG(1234), 5))
    again = basic.call("values", "draw", (RNG(1234), 5))
    other = basic.call("values", "draw", (RNG(99), 5))
    np.testing.assert_array_equal(first.value, np.random.default_rng(1234).random(5))
    np.testing.assert_array_equal(first.value, again.value)
    assert not np.array_equal(first.value, other.value)


def test_modules_import_siblings_and_cnnlab(basic):
    assert basic.call("conv", "uses_sibling", (21,)).value == 42
    layer = basic.call("conv", "make_layer", (16,)).value
    assert layer == Conv2D(16, 3, padding="same")


def test_arguments_are_copies_and_args_after_shows_mutation(basic):
    x = np.arange(1.0, 7.0).reshape(2, 3)
    result = basic.call("values", "zero_first", (x, 5), return_args=True)
    assert result.status == "ok"
    assert x[0, 0] == 1.0  # the grader's array is untouched
    mutated, five = result.args_after
    assert mutated[0, 0] == 0.0 and five == 5
    np.testing.assert_array_equal(mutated.ravel()[1:], x.ravel()[1:])
    assert basic.call("values", "zero_first", (x,)).args_after is None


@pytest.mark.parametrize("function, error_type, is_value_error", [
    ("raise_value_error", "ValueError", True),
    ("raise_shape_error", "ShapeError", True),   # a ValueError subclass counts
    ("raise_key_error", "KeyError", False),
    ("not_implemented", "NotImplementedError", False),
])
def test_exceptions_are_reported_with_type_and_place(basic, function, error_type, is_value_error):
    args = ("x",) if function == "raise_value_error" else ()
    result = basic.call("values", function, args)
    assert result.status == "raised"
    assert result.error_type == error_type
    assert result.is_value_error is is_value_error
    assert result.location.startswith("values.py, line ")
    if function == "raise_value_error":
        assert result.message == "x must be 4-D"


def test_output_is_captured_per_call(basic):
    loud = basic.call("values", "shout", ("hello grader",))
    assert loud.value == 12
    assert "hello grader" in loud.output and "to stderr" in loud.output
    assert basic.call("values", "quiet").output == ""


def test_missing_module_and_function(basic):
    assert basic.call("pooling", "max_pool2d", (1,)).status == "missing"
    assert basic.call("values", "no_such_function").status == "missing"
    assert basic.has_function("values", "echo").status == "ok"
    not_callable = basic.has_function("values", "NOT_A_FUNCTION")
    assert not_callable.status == "missing" and "int" in not_callable.message
    assert basic.has_function("dropout", "dropout").status == "missing"


def test_restart_starts_a_fresh_worker(basic):
    basic.call("conv", "uses_sibling", (1,))
    before = basic.restarts
    basic.restart()
    assert basic.restarts == before + 1
    assert basic.call("conv", "uses_sibling", (2,)).value == 4  # modules import again


def test_unsupported_argument_types_raise_in_the_grader(basic):
    with pytest.raises(CodecError):
        basic.call("values", "echo", (object(),))
    with pytest.raises(CodecError):
        basic.call("values", "echo", ({1: "int key"},))
    with pytest.raises(ValueError):
        basic.call("values", "echo; import os", ())


# --- hostile code -----------------------------------------------------------------

def test_timeout_then_the_next_call_restarts_the_worker(hostile):
    restarts = hostile.restarts
    start = time.monotonic()
    result = hostile.call("attacks", "hang", timeout=0.5)
    assert result.status == "timeout"
    assert time.monotonic() - start < 3
    assert result.location.startswith("attacks.py, line 1") and result.location.endswith("in hang")
    assert hostile.call("attacks", "whoami").status == "ok"
    assert hostile.restarts == restarts + 1


def test_blocking_sleep_times_out(hostile):
    assert hostile.call("attacks", "sleep_forever", timeout=0.5).status == "timeout"
    assert hostile.call("attacks", "whoami").status == "ok"


def test_os_exit_in_a_call_is_a_crash(hostile):
    result = hostile.call("attacks", "exit_hard", (3,))
    assert result.status == "crashed"
    assert "code 3" in result.message
    assert hostile.call("attacks", "whoami").status == "ok"


def test_sys_exit_in_a_call_is_a_crash_without_restart(hostile):
    hostile.call("attacks", "whoami")
    restarts = hostile.restarts
    result = hostile.call("attacks", "exit_politely", (4,))
    assert result.status == "crashed" and "sys.exit(4)" in result.message
    assert hostile.call("attacks", "whoami").status == "ok"
    assert hostile.restarts == restarts


def test_segfault_is_a_crash(hostile):
    result = hostile.call("attacks", "segfault")
    assert result.status == "crashed"
    assert "SIGSEGV" in result.message
    assert result.location == "attacks.py, line 30, in segfault"
    assert hostile.call("attacks", "whoami").status == "ok"


@pytest.mark.parametrize("function", ["huge_array", "growing_list"])
def test_memory_blow_up_is_reported_and_grading_continues(hostile, function):
    result = hostile.call("attacks", function, timeout=20)
    assert result.status == "memory", result
    assert hostile.call("attacks", "whoami").status == "ok"


def test_sigkill_from_outside_counts_as_memory(hostile):
    result = hostile.call("attacks", "killed_like_oom")
    assert result.status == "memory" and "SIGKILL" in result.message
    assert hostile.call("attacks", "whoami").status == "ok"


def test_print_flood_is_truncated_and_fast(hostile):
    start = time.monotonic()
    result = hostile.call("attacks", "print_flood", (100,))  # 100 MB through print()
    assert result.status == "ok" and result.value == "done"
    assert time.monotonic() - start < LIMITS.call_timeout
    assert result.output.startswith("x" * 999 + "\n")
    assert len(result.output) < LIMITS.output_chars + 100
    assert "more characters of output dropped" in result.output


def test_fd_flood_is_capped_without_hanging(hostile):
    result = hostile.call("attacks", "fd_flood", (100,))  # 100 MB through os.write(1, ...)
    # Writes past max_file_mb fail with EFBIG inside the student process.
    assert result.status in ("ok", "raised")
    assert result.output.startswith("y" * 100)
    assert len(result.output) < LIMITS.output_chars + 100
    assert hostile.call("attacks", "whoami").status == "ok"


@pytest.mark.parametrize("function", ["evil_object", "evil_in_list"])
def test_reduce_payload_is_never_executed(hostile, tmp_path, function):
    marker = tmp_path / "pwned"
    result = hostile.call("attacks", function, (str(marker),))
    assert result.status == "bad_output"
    assert "attacks.Evil" in result.message
    assert not marker.exists()


@pytest.mark.parametrize("function, words", [
    ("generator", "generator"), ("object_array", "dtype object"),
    ("a_function", "builtin_function_or_method"),
    ("deep_nesting", f"deeper than {MAX_NESTING}"), ("cycle", f"deeper than {MAX_NESTING}"),
    ("broadcast_giant", "MB limit"),
])
def test_non_data_return_values_are_bad_output(hostile, function, words):
    result = hostile.call("attacks", function)
    assert result.status == "bad_output"
    assert words in result.message
    assert result.value is None


def test_oversized_return_value_is_bad_output(hostile):
    result = hostile.call("attacks", "huge_string", (20,))  # 20 MB of JSON text
    assert result.status == "bad_output" and "too much data" in result.message
    assert hostile.call("attacks", "whoami").status == "ok"


@pytest.mark.parametrize("function", ["close_fds", "garbage_to_protocol"])
def test_protocol_tampering_is_a_crash_not_a_grader_error(hostile, function):
    result = hostile.call("attacks", function)
    assert result.status == "crashed"
    assert "file descriptors" in result.message
    assert hostile.call("attacks", "whoami").status == "ok"


def test_a_fork_returning_into_the_worker_does_not_answer(hostile):
    first = hostile.call("attacks", "fork_and_return")
    assert first.status == "ok"
    for _ in range(3):  # no stray second answer puts the stream out of step
        assert hostile.call("attacks", "whoami").status == "ok"


def test_numpy_monkeypatching_stays_in_the_student_process(hostile):
    assert hostile.call("attacks", "patch_numpy").value == "patched"
    assert hostile.call("attacks", "numpy_is_patched").value is True  # it did patch its own copy
    assert not np.allclose(1.0, 2.0)
    assert not np.array_equal(np.zeros(2), np.ones(2))
    assert not (np.zeros(2) == np.ones(2)).any()


def _processes_with_argument(argument: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmdline = Path(f"/proc/{name}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argument.encode() in cmdline:
                found.append(int(name))
    return found


@pytest.mark.parametrize("cgroup", [True, False], ids=["cgroup", "no-cgroup"])
@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_no_process_outlives_close(isolation, cgroup):
    tag = f"{os.getpid() % 1000}.{time.monotonic_ns() % 10**6}"
    spawned, forked = f"1017.{tag.replace('.', '')}", f"1018.{tag.replace('.', '')}"
    box = Sandbox(HOSTILE, LIMITS, isolation=isolation, cgroup=cgroup)
    assert box.call("attacks", "spawn_sleeper", (spawned,)).status == "ok"
    assert box.call("attacks", "fork_sleeper", (forked,)).status == "ok"
    time.sleep(0.05)
    assert _processes_with_argument(spawned) and _processes_with_argument(forked)
    box.close()
    assert _processes_with_argument(spawned) == []
    assert _processes_with_argument(forked) == []
    with pytest.raises(SandboxError):
        box.call("attacks", "whoami")
    box.close()  # a second close is harmless


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_memory_cgroup_holds_the_worker_and_goes_with_it(isolation):
    """Where one can be made, each worker runs in a memory cgroup of memory_mb + 2 * tmp_mb."""
    with Sandbox(BASIC, LIMITS, isolation=isolation) as box:
        box.start()
        first = box.memory_cgroup
        if first is None:
            pytest.skip("no memory cgroup can be created here: RLIMIT_AS and the tmpfs sizes only")
        limit = next(first / name for name in ("memory.limit_in_bytes", "memory.max")
                     if (first / name).exists())
        assert int(limit.read_text()) == LIMITS.memory_cgroup_bytes
        assert box._worker.pid in [int(p) for p in (first / "cgroup.procs").read_text().split()]
        box.restart()  # a new worker, a new cgroup; the old one is gone
        second = box.memory_cgroup
        assert second is not None and second != first and not first.exists()
    assert not second.exists()
    with Sandbox(BASIC, LIMITS, isolation=isolation, cgroup=False) as box:
        box.start()
        assert box.memory_cgroup is None


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_fork_bomb_is_capped(isolation):
    limits = Limits.defaults(call_timeout=10.0, max_processes=16, import_timeout=10.0)
    with Sandbox(HOSTILE, limits, isolation=isolation) as box:
        box.start()
        if not box.pids_limited:
            pytest.skip("running as root without a pids cgroup: nothing caps processes")
        result = box.call("attacks", "fork_bomb", (200,))
    assert result.status == "ok"
    assert result.value < 200


def test_import_errors_are_cached_and_leave_other_modules_working(hostile):
    syntax = hostile.call("broken_syntax", "fine")
    assert syntax.status == "import_error"
    assert "SyntaxError" in syntax.message and "line 5" in syntax.message
    assert "def broken(x:" in syntax.message
    raising = hostile.call("raises_at_import", "anything")
    assert raising.status == "import_error"
    assert "ZeroDivisionError" in raising.message and "line 1" in raising.message
    quitting = hostile.call("sysexit_at_import", "anything")
    assert quitting.status == "import_error" and "sys.exit" in quitting.message
    exiting = hostile.call("exits_at_import", "anything")
    assert exiting.status == "import_error" and "code 5" in exiting.message
    assert hostile.call("attacks", "whoami").status == "ok"
    restarts = hostile.restarts
    again = hostile.call("exits_at_import", "anything")  # cached: no second crash
    assert again.message == exiting.message and hostile.restarts == restarts
    assert hostile.has_function("broken_syntax", "fine").status == "import_error"


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_import_that_hangs_times_out(isolation):
    with Sandbox(HOSTILE, Limits.defaults(import_timeout=1.0), isolation=isolation) as box:
        start = time.monotonic()
        result = box.call("hangs_at_import", "anything")
        assert result.status == "import_error"
        assert "did not finish within 1 s" in result.message
        assert time.monotonic() - start < 4
        assert box.call("attacks", "whoami").status == "ok"


# --- what only bubblewrap protects ----------------------------------------------

bwrap_only = pytest.mark.skipif(not HAS_BWRAP, reason="bubblewrap is not available here")


@bwrap_only
def test_bwrap_hides_the_repository_and_the_references():
    # A virtual environment inside the checkout (.venv, as tasks.py makes it) is
    # bound read-only, so the checkout's folder exists and shows only that.
    from autograder.sandbox.launcher import python_roots
    environments = {Path(root).relative_to(REPO).parts[0] for root in python_roots()
                    if Path(root).is_relative_to(REPO)}
    with Sandbox(HOSTILE, LIMITS, isolation="bwrap") as box:
        for path in (REPO / "solutions" / "conv.py", REPO / "solutions", REPO,
                     FIXTURES / "basic" / "values.py"):
            function = "read_file" if path.suffix else "list_dir"
            result = box.call("attacks", function, (str(path),))
            if path == REPO and environments and result.status == "ok":
                assert set(result.value) <= environments, result.value
                continue
            assert result.status == "raised", (path, result)
            assert result.error_type in ("FileNotFoundError", "PermissionError")
        assert box.call("attacks", "whoami").value != 0
        assert int(box.call("attacks", "capabilities").value, 16) == 0


@bwrap_only
def test_bwrap_filesystem_is_read_only_except_tmp():
    with Sandbox(HOSTILE, LIMITS, isolation="bwrap") as box:
        assert box.call("attacks", "write_file", ("/tmp/scratch.txt",)).value == "written"
        for path in ("/planted.txt", "/sandbox/submission/attacks.py", "/usr/planted.txt"):
            result = box.call("attacks", "write_file", (path,))
            assert result.status == "raised", (path, result)
            assert result.error_type in ("OSError", "PermissionError"), result
    assert (HOSTILE / "attacks.py").read_text().startswith('"""Hostile student code')


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_network_is_cut_only_under_bwrap(isolation):
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    port = server.getsockname()[1]
    done = threading.Event()

    def answer():
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except OSError:  # timeout: look at ``done`` again
                continue
            conn.sendall(b"hello")
            conn.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        with Sandbox(HOSTILE, LIMITS, isolation=isolation) as box:
            result = box.call("attacks", "connect", (port,))
    finally:
        done.set()
        thread.join(5)
        server.close()
    if isolation == "bwrap":
        assert result.status == "raised" and result.error_type in (
            "ConnectionRefusedError", "OSError", "TimeoutError")
    else:  # documented: the fallback does not cut the network (and this proves the server works)
        assert result.status == "ok" and result.value == "hello"


def test_auto_picks_what_is_available(monkeypatch):
    with Sandbox(BASIC, LIMITS) as box:
        assert box.isolation == isolation_available()
    with pytest.raises(ValueError):
        Sandbox(BASIC, LIMITS, isolation="docker")
    monkeypatch.setenv("AUTOGRADER_ISOLATION", "process")
    with Sandbox(BASIC, LIMITS) as box:
        assert box.isolation == "process"
        assert box.call("shapes", "double", (4,)).value == 8
    if isolation_available() == "bwrap":  # an explicit choice wins over the setting
        with Sandbox(BASIC, LIMITS, isolation="bwrap") as box:
            assert box.isolation == "bwrap"
    else:
        with pytest.raises(SandboxError):
            Sandbox(BASIC, LIMITS, isolation="bwrap")


# --- the codec and the frames on their own ------------------------------------------

def _round(value):
    encoded = encode(value)
    body = bytearray(encoded.size)
    for offset, chunk in encoded.chunks:
        body[offset:offset + chunk.nbytes] = chunk
    return encoded.tree, body


@pytest.mark.parametrize("tree, why", [
    ({"$": "nd", "dtype": "|O8", "shape": [1], "at": 0, "n": 8}, "object dtype"),
    ({"$": "nd", "dtype": "<U4", "shape": [1], "at": 0, "n": 16}, "string dtype"),
    ({"$": "nd", "dtype": "<f8", "shape": [3], "at": 0, "n": 16}, "size mismatch"),
    ({"$": "nd", "dtype": "<f8", "shape": [2], "at": 8, "n": 16}, "outside the body"),
    ({"$": "nd", "dtype": "<f8", "shape": [-2], "at": 0, "n": 16}, "negative dim"),
    ({"$": "pickle", "data": "gASV"}, "unknown tag"),
    ({"$": "layer", "layer": "Lambda", "kwargs": None}, "layer not in the table"),
    ({"$": "layer", "layer": "Dense", "kwargs": {"$": "dict", "items": [["code", 1]]}},
     "unknown layer argument"),
    ([1, 2], "untagged list"),
    ({"$": "dict", "items": [[1, 2]]}, "non-str key"),
])
def test_decode_rejects_malformed_trees(tree, why):
    with pytest.raises(CodecError):
        decode(tree, bytearray(16), layer_types={"Dense": Dense})


def test_decode_caps_nesting_depth():
    tree = None
    for _ in range(MAX_NESTING + 5):
        tree = {"$": "list", "items": [tree]}
    with pytest.raises(CodecError):
        decode(tree, b"")


def test_decoded_arrays_are_writable_and_independent():
    x = np.arange(5.0)
    tree, body = _round((x, x))
    a, b = decode(tree, body)
    a[0] = 99
    assert b[0] == 0 and x[0] == 0


def test_frames_reject_garbage_and_oversize():
    first = pack({"op": "x"})[0]
    assert parse_header(first[PREFIX.size:]) == {"op": "x"}
    with pytest.raises(FrameError):
        parse_prefix(b"EVIL" + first[4:PREFIX.size], 1 << 20)
    with pytest.raises(FrameError):
        parse_prefix(PREFIX.pack(b"SBX1", 10, 1 << 40), 1 << 20)
    with pytest.raises(FrameError):
        parse_header(b"[1, 2]")


def test_call_result_defaults():
    result = CallResult("ok", value=1)
    assert result.ok and result.args_after is None and result.output == ""
