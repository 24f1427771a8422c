"""Optional cgroups per sandbox: a process cap and a memory cap that hold even for root.

``pids``: ``RLIMIT_NPROC`` is not enforced for processes of uid 0, and when the
grader runs as root with a Python the sandbox user cannot read
(``/root/.pyenv``), the student process keeps outer uid 0. A ``pids`` cgroup
(cgroup v1 ``pids`` hierarchy, or v2 with the controller enabled) caps the
number of tasks and lists every process of the submission, however it detached
itself, so :meth:`SandboxCgroup.kill_all` leaves nothing behind.

``memory``: ``RLIMIT_AS`` bounds the address space only. Pages a process never
maps are outside it: a memfd filled with ``write()``, SysV shared memory attached
a piece at a time, files in the private ``/tmp`` and ``/dev/shm``, pipe buffers.
A memory cgroup (v1 ``memory.limit_in_bytes``, and ``memory.memsw.limit_in_bytes``
where swap is accounted; v2 ``memory.max`` with ``memory.swap.max`` = 0) charges
all of them to the sandbox. Past its limit the kernel's out-of-memory killer
kills the student's process, and :meth:`MemoryCgroup.oom_kills` tells the
sandbox that it was a memory kill.

Both are optional. Where a cgroup cannot be created (no such controller
mounted, no permission, a v2 parent that does not delegate the controller),
``create`` returns ``None`` and the sandbox goes on without it: processes are
then bounded by rlimits, the pid namespace (bubblewrap) and a /proc scan;
memory by ``RLIMIT_AS`` and the tmpfs sizes alone.

A grader killed before it closed its sandboxes leaves their (empty) cgroups
behind; every ``create`` first removes those of graders that are gone
(:func:`remove_leftovers`).
"""
from __future__ import annotations

import itertools
import os
import signal
import time
from pathlib import Path
from typing import Callable, Optional

PREFIX = "autograder-sandbox-"  # then the grader's pid, a counter and the creation time
_counter = itertools.count()
# An empty cgroup of a grader that is gone is removed only once it is this many
# seconds old: a grader in another pid namespace (same hierarchy, its pid not
# visible here) may have just made it and not yet moved its worker in.
LEFTOVER_AGE = 10.0


def _cgroup_mounts() -> list[tuple[str, Path, set[str]]]:
    """``(root, mount point, controllers)`` of each cgroup mount; no controllers for v2."""
    mounts = []
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return mounts
    for line in lines:
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        controllers = set(tail[2].split(",")) if tail[0] == "cgroup" else set()
        mounts.append((fields[3], Path(fields[4]), controllers))
    return mounts


def cgroup_parents(controller: str) -> list[Path]:
    """Folders (this process's own cgroups) under which a child with ``controller`` may be made."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    mounts = _cgroup_mounts()
    parents = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers:  # cgroup v1: the hierarchy that has this controller
            if controller not in controllers.split(","):
                continue
            found = [(root, point) for root, point, names in mounts if controller in names]
        else:  # cgroup v2, alone or beside v1 ("hybrid")
            found = [(root, point) for root, point, names in mounts if not names]
        for root, point in found:
            if path == root or path.startswith(root.rstrip("/") + "/"):
                folder = point / path[len(root):].lstrip("/")
                if folder.is_dir() and folder not in parents:
                    parents.append(folder)
    return parents


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def remove_leftovers(parent: Path) -> None:
    """Remove the empty sandbox cgroups under ``parent`` whose grader process is gone."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    now = time.time()
    for path in entries:
        parts = path.name[len(PREFIX):].split("-")
        if not path.name.startswith(PREFIX) or not all(p.isdigit() for p in parts):
            continue
        created = int(parts[2]) if len(parts) > 2 else 0  # older names carry no time
        if _alive(int(parts[0])) or now - created < LEFTOVER_AGE:
            continue
        try:
            path.rmdir()  # refused while it holds a process
        except OSError:
            continue


class SandboxCgroup:
    """One sandbox's cgroup in one hierarchy.

    Attributes
    ----------
    path : Path
    procs_file : Path
        Write a pid here to move that process (and its future children) in.
    """
    controller = ""

    def __init__(self, path: Path):
        self.path = path
        self.procs_file = path / "cgroup.procs"

    @classmethod
    def _create(cls, configure: Callable[[Path], None],
                owner: Optional[int]) -> Optional["SandboxCgroup"]:
        """A fresh cgroup set up by ``configure`` (``OSError`` if it cannot be), or ``None``.

        Parameters
        ----------
        owner : int, optional
            uid that will write its own pid into ``cgroup.procs`` (the sandbox's
            unprivileged uid); the file is handed to it.
        """
        for parent in cgroup_parents(cls.controller):
            remove_leftovers(parent)
            path = parent / f"{PREFIX}{os.getpid()}-{next(_counter)}-{int(time.time())}"
            try:
                path.mkdir()
            except OSError:
                continue
            cgroup = cls(path)
            try:
                configure(path)
                if owner is not None:
                    os.chown(cgroup.procs_file, owner, -1)
                return cgroup
            except OSError:
                cgroup.remove()
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

    def remove(self, timeout: float = 5.0) -> bool:
        """Delete the cgroup once its killed tasks have exited; ``True`` if it is gone.

        A process that held gigabytes takes a while to exit; the rmdir is
        refused until it has.
        """
        deadline = time.monotonic() + timeout
        pause = 0.002
        while True:
            try:
                self.path.rmdir()
                return True
            except FileNotFoundError:
                return True
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.1)


class PidsCgroup(SandboxCgroup):
    """One sandbox's cgroup with ``pids.max`` set."""
    controller = "pids"

    @classmethod
    def create(cls, max_pids: int, owner: Optional[int] = None) -> Optional["PidsCgroup"]:
        """A fresh cgroup capped at ``max_pids`` tasks, or ``None`` where that is impossible."""
        def configure(path: Path) -> None:
            if not (path / "pids.max").exists():  # not a cgroup, or no pids controller here
                raise OSError("no pids controller")
            (path / "pids.max").write_text(str(max_pids))

        return cls._create(configure, owner)


class MemoryCgroup(SandboxCgroup):
    """One sandbox's cgroup with a memory limit and no swap beyond it.

    Attributes
    ----------
    limit_bytes : int
    """
    controller = "memory"

    def __init__(self, path: Path, limit_bytes: int = 0):
        super().__init__(path)
        self.limit_bytes = limit_bytes

    @classmethod
    def create(cls, limit_bytes: int, owner: Optional[int] = None) -> Optional["MemoryCgroup"]:
        """A fresh cgroup holding at most ``limit_bytes`` of memory, or ``None`` where impossible."""
        def configure(path: Path) -> None:
            if (path / "memory.limit_in_bytes").exists():  # v1
                (path / "memory.limit_in_bytes").write_text(str(limit_bytes))
                if (path / "memory.memsw.limit_in_bytes").exists():  # memory + swap
                    (path / "memory.memsw.limit_in_bytes").write_text(str(limit_bytes))
                try:  # the OOM killer on (v1 copies the parent's switch)
                    (path / "memory.oom_control").write_text("0")
                except OSError:
                    pass
            elif (path / "memory.max").exists():  # v2
                (path / "memory.max").write_text(str(limit_bytes))
                if (path / "memory.swap.max").exists():
                    (path / "memory.swap.max").write_text("0")
            else:
                raise OSError("no memory controller")

        cgroup = cls._create(configure, owner)
        if cgroup is not None:
            cgroup.limit_bytes = limit_bytes
        return cgroup

    def _counter(self, name: str, key: str) -> int:
        try:
            lines = (self.path / name).read_text().splitlines()
        except OSError:
            return 0
        for line in lines:
            words = line.split()
            if len(words) == 2 and words[0] == key and words[1].isdigit():
                return int(words[1])
        return 0

    def oom_kills(self) -> int:
        """Processes of this cgroup the out-of-memory killer has killed so far."""
        if (self.path / "memory.events").exists():  # v2
            return self._counter("memory.events", "oom_kill")
        return self._counter("memory.oom_control", "oom_kill")

    def peak_bytes(self) -> Optional[int]:
        """The most memory the cgroup has held, where the kernel reports it."""
        for name in ("memory.max_usage_in_bytes", "memory.peak"):
            try:
                return int((self.path / name).read_text())
            except (OSError, ValueError):
                continue
        return None
