"""Command lines that start the worker under bubblewrap or as a plain process.

:func:`plan` returns everything ``subprocess.Popen`` needs; :mod:`process`
starts it. :func:`isolation_available` says once per grader process whether
bubblewrap really works here, by starting Python through the very same plan.
"""
from __future__ import annotations

import functools
import os
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .limits import Limits
from .workspace import Workspace

WORKER_DIR = Path(__file__).resolve().parent
REPO_ROOT = WORKER_DIR.parents[1]
UNPRIVILEGED_UID = 65534  # "nobody"
INSIDE = Path("/sandbox")
TOKEN_VARIABLE = "AUTOGRADER_SANDBOX_TOKEN"
# Kept from the grader's environment: older OpenBLAS builds crash on some CPUs without them.
_PASSED_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_PYTHON_FLAGS = ("-P", "-s", "-B")  # no script dir or user site on sys.path, no .pyc writes


@dataclass
class LaunchPlan:
    """How to start one worker.

    Attributes
    ----------
    argv : list of str
    env : dict
        The whole environment of the new process (nothing else is inherited).
    user : int or None
        uid (and gid) to switch to before ``exec`` (only when the grader is root).
    paths : dict
        ``submission``, ``lib``, ``output`` as the worker sees them.
    pass_fds : tuple of int
    """
    argv: list
    env: dict
    user: Optional[int]
    paths: dict
    pass_fds: tuple = field(default_factory=tuple)


def sandbox_env(home: str, token: str) -> dict:
    """A minimal environment: single-threaded BLAS (deterministic, one core), UTF-8, fixed hash seed."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "VECLIB_MAXIMUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        TOKEN_VARIABLE: token,
    }
    env.update({k: os.environ[k] for k in _PASSED_VARIABLES if k in os.environ})
    return env


def python_roots() -> list[str]:
    """Folders the interpreter needs: prefixes, the real executable's home, site-packages.

    Nested folders and folders under ``/usr`` (bound whole) are dropped.
    """
    candidates = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix,
                  str(Path(os.path.realpath(sys.executable)).parent.parent)}
    candidates.update(site.getsitepackages())
    resolved = set()
    for path in candidates:
        for variant in (os.path.abspath(path), os.path.realpath(path)):
            if os.path.isdir(variant) and variant != "/":
                resolved.add(variant.rstrip("/"))
    roots: list[str] = []
    for path in sorted(resolved, key=len):
        if path == "/usr" or path.startswith("/usr/"):
            continue
        if not any(path == r or path.startswith(r + "/") for r in roots):
            roots.append(path)
    # Only a course checkout holds the references; an installed wheel has none, and
    # then the site-packages folder around this package may be bound freely.
    secret = REPO_ROOT / "solutions"
    for root in roots:
        if secret.exists() and (str(secret) == root or str(secret).startswith(root + "/")):
            raise RuntimeError(f"the Python installation {root} contains the course repository; "
                               "bubblewrap would expose it")
    return roots


def _reachable_by_others(path: str) -> bool:
    """True if a uid other than the owner can reach ``path`` (x on every ancestor, r on it)."""
    real = Path(os.path.realpath(path))
    for folder in [*reversed(real.parents), real]:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return bool(real.stat().st_mode & stat.S_IROTH)


def unprivileged_user(paths: list[str]) -> Optional[int]:
    """uid to drop to before ``exec``: ``nobody`` if the grader is root and it can read ``paths``.

    Under another uid the student's processes count against their own
    ``RLIMIT_NPROC`` (root ignores it). When the grader is not root it
    already is unprivileged and ``None`` is returned.
    """
    if os.geteuid() != 0:
        return None
    if all(_reachable_by_others(p) for p in paths):
        return UNPRIVILEGED_UID
    return None


def worker_argv(python: str, worker_script: str, fds: tuple[int, int]) -> list[str]:
    return [python, *_PYTHON_FLAGS, worker_script, str(fds[0]), str(fds[1])]


@functools.lru_cache(maxsize=None)
def _bwrap_help() -> str:
    try:
        return subprocess.run(["bwrap", "--help"], capture_output=True, text=True,
                              timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _bwrap_option(option: str, *args: str) -> list[str]:
    """``[option, *args]`` if this bubblewrap knows ``option`` (older ones lack a few), else ``[]``."""
    return [option, *args] if f"{option} " in _bwrap_help() else []


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"):
        args += ["--ro-bind-try", name, name]
    return args


def bwrap_plan(workspace: Workspace, limits: Limits, fds: tuple[int, int], token: str,
               command: Optional[list] = None) -> LaunchPlan:
    """bubblewrap: only the interpreter, the worker, cnnlab and the submission copy are visible.

    All namespaces are new (no network, own pids, own uid map), ``/`` and
    ``/dev`` are read-only, ``/tmp`` and ``/dev/shm`` small private tmpfs
    mounts, the capture file the only writable grader-side path, and the
    process dies with the grader.
    """
    roots = python_roots()
    user = unprivileged_user([*roots, str(WORKER_DIR), str(workspace.submission)])
    inside = {"submission": str(INSIDE / "submission"), "lib": str(INSIDE / "lib"),
              "output": str(INSIDE / "output.txt")}
    args = ["bwrap", "--unshare-all", "--unshare-user", "--uid", str(UNPRIVILEGED_UID),
            "--gid", str(UNPRIVILEGED_UID), *_bwrap_option("--disable-userns"),
            "--die-with-parent", "--new-session", "--hostname", "sandbox"]
    if os.geteuid() == 0 and user is None:
        args += ["--cap-drop", "ALL"]  # root keeps capabilities inside by default
    args += _system_binds()
    # The only writable places are two tmpfs mounts of tmp_mb each (their pages are
    # RAM outside the address-space limit, so each needs a size) and the capture
    # file; /dev is read-only, or /dev/shm would be an unbounded tmpfs.
    if not _bwrap_option("--size", "0"):
        raise RuntimeError("this bubblewrap cannot limit a tmpfs (--size needs version 0.5 or newer)")
    size = str(limits.tmp_mb << 20)
    args += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm",
             "--remount-ro", "/dev", "--size", size, "--tmpfs", "/tmp"]
    for root in roots:
        args += ["--ro-bind", root, root]
    args += ["--ro-bind", str(workspace.submission), inside["submission"],
             "--ro-bind", str(workspace.lib), inside["lib"],
             "--ro-bind", str(WORKER_DIR), str(INSIDE / "worker"),
             "--bind", str(workspace.output), inside["output"],
             "--remount-ro", "/",
             "--chdir", inside["submission"], "--"]
    tail = command or worker_argv(sys.executable, str(INSIDE / "worker" / "worker.py"), fds)
    return LaunchPlan(args + tail, sandbox_env("/tmp", token), user, inside, tuple(fds))


def process_plan(workspace: Workspace, limits: Limits, fds: tuple[int, int], token: str,
                 command: Optional[list] = None) -> LaunchPlan:
    """Plain subprocess of the grader's own user: same rlimits and environment, cwd in the copy.

    For the student's self-check and code one trusts (see the package doc):
    instructor grading never runs untrusted code this way.
    """
    user = None
    inside = {"submission": str(workspace.submission), "lib": str(workspace.lib),
              "output": str(workspace.output)}
    tail = command or worker_argv(sys.executable, str(WORKER_DIR / "worker.py"), fds)
    return LaunchPlan(list(tail), sandbox_env(str(workspace.tmp), token), user, inside,
                      tuple(fds))


def plan(isolation: str, workspace: Workspace, limits: Limits, fds: tuple[int, int],
         token: str, command: Optional[list] = None) -> LaunchPlan:
    builder = {"bwrap": bwrap_plan, "process": process_plan}[isolation]
    return builder(workspace, limits, fds, token, command)


def popen_kwargs(launch: LaunchPlan) -> dict:
    """Arguments for ``subprocess.Popen`` shared by the worker start and the probe."""
    kwargs = dict(env=launch.env, pass_fds=launch.pass_fds, start_new_session=True,
                  close_fds=True, cwd=launch.paths["submission"] if launch.argv[0] != "bwrap"
                  else None)
    if launch.user is not None:
        kwargs.update(user=launch.user, group=launch.user, extra_groups=[])
    return kwargs


@functools.lru_cache(maxsize=None)
def bwrap_works() -> bool:
    """Start Python with numpy under the real bubblewrap plan once; cache the answer."""
    if shutil.which("bwrap") is None:
        return False
    with tempfile.TemporaryDirectory() as empty:
        try:
            workspace = Workspace(Path(empty))
        except OSError:
            return False
        try:
            launch = bwrap_plan(workspace, Limits.defaults(), (0, 1), "probe",
                                [sys.executable, *_PYTHON_FLAGS, "-c", "import numpy"])
            result = subprocess.run(launch.argv, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    timeout=60, **{**popen_kwargs(launch), "pass_fds": ()})
            return result.returncode == 0
        except (OSError, RuntimeError, subprocess.SubprocessError):
            return False
        finally:
            workspace.remove()


def isolation_available() -> str:
    """``"bwrap"`` if bubblewrap works on this machine, else ``"process"``."""
    return "bwrap" if bwrap_works() else "process"
