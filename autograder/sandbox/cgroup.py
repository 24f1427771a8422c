"""An optional ``pids`` cgroup per sandbox: a process cap that holds even for root.

``RLIMIT_NPROC`` is not enforced for processes of uid 0, and when the grader
runs as root with a Python the sandbox user cannot read (``/root/.pyenv``),
the student process keeps outer uid 0. Where the grader may create a child
cgroup with a ``pids.max`` file (cgroup v1 ``pids`` hierarchy, or v2 with the
controller enabled), each sandbox gets one: it caps the number of tasks and
lists every process of the submission, however it detached itself, so
:meth:`PidsCgroup.kill_all` leaves nothing behind. Where no such cgroup can be
created, :func:`PidsCgroup.create` returns ``None`` and the sandbox relies on
rlimits, the pid namespace (bubblewrap) and a /proc scan.
"""
from __future__ import annotations

import itertools
import os
import signal
import time
from pathlib import Path
from typing import Optional

_counter = itertools.count()


def _candidate_parents() -> list[Path]:
    """Folders under which this process may create its sandboxes' cgroups."""
    parents = []
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return parents
    for line in lines:
        _, controllers, path = line.split(":", 2)
        relative = path.lstrip("/")
        if "pids" in controllers.split(","):
            parents.append(Path("/sys/fs/cgroup/pids") / relative)
        elif controllers == "":  # cgroup v2, alone or beside v1 ("hybrid")
            for mount in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
                if (mount / "cgroup.controllers").exists():
                    parents.append(mount / relative)
                    break
    return parents


class PidsCgroup:
    """One sandbox's cgroup with ``pids.max`` set.

    Attributes
    ----------
    path : Path
    procs_file : Path
        Write a pid here to move that process (and its future children) in.
    """

    def __init__(self, path: Path):
        self.path = path
        self.procs_file = path / "cgroup.procs"

    @classmethod
    def create(cls, max_pids: int, owner: Optional[int] = None) -> Optional["PidsCgroup"]:
        """A fresh cgroup capped at ``max_pids`` tasks, or ``None`` where that is impossible.

        Parameters
        ----------
        owner : int, optional
            uid that will write its own pid into ``cgroup.procs`` (the sandbox's
            unprivileged uid); the file is handed to it.
        """
        for parent in _candidate_parents():
            path = parent / f"autograder-sandbox-{os.getpid()}-{next(_counter)}"
            try:
                path.mkdir()
            except OSError:
                continue
            try:
                if not (path / "pids.max").exists():  # not a cgroup, or no pids controller here
                    raise OSError("no pids controller")
                (path / "pids.max").write_text(str(max_pids))
                if owner is not None:
                    os.chown(path / "cgroup.procs", owner, -1)
                return cls(path)
            except OSError:
                cls(path).remove()
        return None

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in self.procs_file.read_text().split()]
        except (OSError, ValueError):
            return []

    def kill_all(self, timeout: float = 5.0) -> bool:
        """SIGKILL every process in the cgroup until it is empty; ``True`` if it emptied."""
        kill_file = self.path / "cgroup.kill"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                return True
            if kill_file.exists():
                try:
                    kill_file.write_text("1")
                except OSError:
                    pass
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.002)
        return not self.pids()

    def remove(self) -> None:
        """Delete the (empty) cgroup; retries briefly while killed tasks finish exiting."""
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.005)
