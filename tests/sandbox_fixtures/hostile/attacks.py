"""Hostile student code: every function misbehaves in its own way."""
import ctypes
import os
import socket
import subprocess
import sys
import time

import numpy as np


def hang():
    while True:
        pass


def sleep_forever():
    time.sleep(10_000)


def exit_hard(code=3):
    os._exit(code)


def exit_politely(code=4):
    sys.exit(code)


def segfault():
    ctypes.string_at(0)


def huge_array():
    return np.ones(10**11)


def growing_list():
    chunks = []
    while True:
        chunks.append(bytearray(1 << 20))


def print_flood(megabytes=100):
    line = "x" * 999
    for _ in range(megabytes * 1000):
        print(line)
    return "done"


def fd_flood(megabytes=100):
    block = b"y" * (1 << 20)
    for _ in range(megabytes):
        os.write(1, block)
    return "done"


class Evil:
    """Unpickling this would run a shell command that creates ``marker``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def evil_object(marker):
    return Evil(marker)


def evil_in_list(marker):
    return [1, {"a": Evil(marker)}]


def generator():
    return (i for i in range(3))


def object_array():
    return np.array([1, "a", None], dtype=object)


def a_function():
    return print


def deep_nesting(depth=10_000):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def cycle():
    value = []
    value.append(value)
    return value


def read_file(path):
    with open(path) as handle:
        return handle.read()


def list_dir(path):
    return sorted(os.listdir(path))


def connect(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
        return conn.recv(100).decode()


def spawn_sleeper(seconds):
    """A background child in its own session, left running."""
    proc = subprocess.Popen(["sleep", str(seconds)], start_new_session=True)
    return proc.pid


def fork_sleeper(seconds):
    """os.fork + setsid + exec, with the environment cleared as well."""
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.execve("/usr/bin/sleep", ["sleep", str(seconds)], {})
    return pid


def fork_bomb(limit=500):
    """Start sleepers until the system refuses; return how many started."""
    started = 0
    try:
        for _ in range(limit):
            subprocess.Popen(["sleep", "1000"])
            started += 1
    except OSError:
        pass
    return started


def close_fds():
    for fd in range(3, 4096):
        try:
            os.close(fd)
        except OSError:
            pass
    return "closed"


def garbage_to_protocol():
    for fd in range(3, 4096):
        try:
            os.write(fd, b"\xff" * 64 + b"SBX1" + b"\xff" * 64)
        except OSError:
            pass
    return "written"


def patch_numpy():
    np.allclose = lambda *a, **k: True
    np.array_equal = lambda *a, **k: True
    try:
        np.ndarray.__eq__ = lambda *a: True
    except TypeError:
        pass
    return "patched"


def numpy_is_patched():
    return np.allclose(1.0, 2.0)


def whoami():
    return os.getuid()


def huge_string(megabytes=20):
    return "x" * (megabytes << 20)


def write_file(path):
    with open(path, "w") as handle:
        handle.write("written")
    return "written"


def capabilities():
    """The effective capability mask of the student process, as hex text."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("CapEff:"):
                return line.split()[1]
    return ""


def fork_and_return():
    """Both the worker and its fork come back from this call."""
    os.fork()
    return os.getpid()


def broadcast_giant():
    """A view that claims 8 TB without owning it."""
    return np.broadcast_to(np.float64(1.0), (10**6, 10**6))


def killed_like_oom():
    """What the kernel's out-of-memory killer does."""
    os.kill(os.getpid(), 9)
