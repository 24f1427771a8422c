"""One running worker: start it, talk to it, and kill it with everything it spawned.

Killing covers every way a submission's processes can be found: the process
tree below the worker (snapshot taken while it is alive), its process group
and session, the sandbox's cgroups (if any), the pid namespace
(bubblewrap: all die with its init), and a /proc scan for the sandbox's random
token in the environment (catches ``setsid`` escapees of the plain-process
fallback when no cgroup exists).
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path
from typing import Optional

from . import launcher
from .cgroup import MemoryCgroup, PidsCgroup, SandboxCgroup
from .channel import Channel, widen_pipe
from .limits import Limits
from .workspace import Workspace

# The worker's exit code when its protocol pipes fail (see worker.main).
EXIT_LOST_PIPES = 87
# Tasks the sandbox itself runs besides the student's (the launcher shell that
# becomes bubblewrap, bubblewrap's init, the worker), with room to spare.
_OWN_TASKS = 6


def _scan_processes(token: bytes, session: int, ancestors: set[int]) -> list[int]:
    """Live pids with ``token`` in their environment, in ``session``, or below ``ancestors``.

    The descendant walk catches children that called ``setsid`` and cleared
    their environment while their parent (the worker) is still alive.
    """
    me = os.getpid()
    parents: dict[int, int] = {}
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        pid = int(name)
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
            fields = stat[stat.rindex(b")") + 2:].split()  # state ppid pgrp session ...
            if fields[0] in (b"Z", b"X"):  # already dead, waiting to be reaped
                continue
            parents[pid] = int(fields[1])
            if int(fields[3]) == session or token in Path(f"/proc/{name}/environ").read_bytes():
                found.add(pid)
        except (OSError, ValueError, IndexError):
            continue
    roots = set(ancestors) | found
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in roots and pid not in roots:
                roots.add(pid)
                changed = True
    return sorted((roots & parents.keys()) - {me})


def describe_exit(returncode: Optional[int], bwrap: bool) -> str:
    """Human wording for how the worker ended (bubblewrap reports a signal as 128 + n)."""
    if returncode is None:
        return "the process closed its connection to the grader"
    if returncode == EXIT_LOST_PIPES:
        return ("the process lost its pipes to the grader (the code closed or overwrote "
                "file descriptors it does not own)")
    number = -returncode if returncode < 0 else None
    if bwrap and returncode > 128:
        number = returncode - 128
    if number:
        try:
            name = signal.Signals(number).name
            detail = signal.strsignal(number) or ""
        except ValueError:
            name, detail = f"signal {number}", ""
        return f"the process was killed by {name}" + (f" ({detail})" if detail else "")
    return f"the process exited with code {returncode} (os._exit or a fatal error)"


class WorkerProcess:
    """A started worker with its channel; :meth:`kill` is final.

    Parameters
    ----------
    isolation : {"bwrap", "process"}
    workspace : Workspace
    limits : Limits
    use_cgroup : bool
        Put the worker in its own ``pids`` and memory cgroups where they can be created.

    Attributes
    ----------
    memory_killed : bool
        Set by :meth:`kill`: the out-of-memory killer of the sandbox's memory
        cgroup killed one of its processes.
    """

    def __init__(self, isolation: str, workspace: Workspace, limits: Limits,
                 use_cgroup: bool = True):
        self.isolation = isolation
        self.token = secrets.token_hex(16)
        self.popen: Optional[subprocess.Popen] = None
        self.cgroup: Optional[PidsCgroup] = None
        self.memory_cgroup: Optional[MemoryCgroup] = None
        self.memory_killed = False
        self.channel: Optional[Channel] = None
        self._uid_capped = False
        cmd_read, cmd_write = os.pipe()
        resp_read, resp_write = os.pipe()
        try:
            for fd in (cmd_write, resp_write):
                widen_pipe(fd)
            launch = launcher.plan(isolation, workspace, limits, (cmd_read, resp_write), self.token)
            self.paths = launch.paths
            argv = launch.argv
            if use_cgroup:
                self.cgroup = PidsCgroup.create(limits.max_processes + _OWN_TASKS, launch.user)
                self.memory_cgroup = MemoryCgroup.create(limits.memory_cgroup_bytes, launch.user)
            if self.cgroups:
                argv = _joining(self.cgroups, argv)
            # RLIMIT_NPROC binds unless the student's processes keep outer uid 0.
            self._uid_capped = launch.user is not None or os.geteuid() != 0
            with open(workspace.output, "ab") as output:
                self.popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=output,
                                              stderr=output, **launcher.popen_kwargs(launch))
        except BaseException:
            for fd in (cmd_read, cmd_write, resp_read, resp_write):
                os.close(fd)
            self.kill()
            raise
        os.close(cmd_read)
        os.close(resp_write)
        self.channel = Channel(resp_read, cmd_write)

    @property
    def pid(self) -> int:
        return self.popen.pid if self.popen else -1

    @property
    def cgroups(self) -> list[SandboxCgroup]:
        return [c for c in (self.cgroup, self.memory_cgroup) if c is not None]

    @property
    def pids_capped(self) -> bool:
        """Whether the number of the submission's processes is capped (cgroup or rlimit)."""
        return self.cgroup is not None or self._uid_capped

    def drop_unjoined_cgroups(self) -> None:
        """Forget the cgroups the launcher could not join (call once the worker is ready).

        The kernel may refuse the move (cgroup v2 lets an unprivileged uid move
        a process only with write access where the two cgroups meet); the
        sandbox then runs without that cgroup, as where none can be created.
        """
        for cgroup in self.cgroups:
            if self.popen is None or self.popen.pid not in cgroup.pids():
                cgroup.remove()
                if cgroup is self.cgroup:
                    self.cgroup = None
                else:
                    self.memory_cgroup = None

    def wait_exit(self, seconds: float) -> Optional[int]:
        """The return code if the process ends within ``seconds`` by itself, else ``None``."""
        if self.popen is None:
            return None
        try:
            return self.popen.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> Optional[int]:
        """Kill the worker and every process of the submission; return the worker's return code."""
        code = None
        if self.popen is not None and self.popen.returncode is None:
            # Snapshot the tree while the worker is alive: orphans lose their parent link.
            victims = set(self._scan({self.popen.pid}))
            # Descendants first: under bubblewrap, killing its namespace init lets bwrap
            # reap it and exit by itself, so no zombie is left to the system's init.
            inner = victims - {self.popen.pid}
            _kill_each(inner)
            settle = 0.5 if self.isolation == "bwrap" and inner else 0
            if self.wait_exit(settle) is None:
                try:  # not reaped yet, so the group id cannot belong to anyone else
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except OSError:
                    pass
        if self.popen is not None:
            try:
                code = self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                code = None
        if self.memory_cgroup is not None:
            self.memory_killed = self.memory_killed or self.memory_cgroup.oom_kills() > 0
        for cgroup in self.cgroups:
            cgroup.kill_all()
        for cgroup in self.cgroups:
            cgroup.remove()
        self.cgroup = self.memory_cgroup = None
        if self.popen is not None:
            self._kill_stragglers()
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        return code

    def _scan(self, ancestors: set[int]) -> list[int]:
        token = f"{launcher.TOKEN_VARIABLE}={self.token}".encode()
        return _scan_processes(token, self.popen.pid, ancestors)

    def _kill_stragglers(self, timeout: float = 5.0) -> None:
        """SIGKILL what the scan finds until it finds nothing (forks may race the first rounds).

        Only live matches (token or session) seed the descendant walk here:
        pids remembered from earlier rounds may already belong to someone else.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self._scan(set())
            if not pids:
                return
            _kill_each(pids)
            time.sleep(0.005)


def _joining(cgroups: list[SandboxCgroup], argv: list) -> list:
    """``argv`` run by a shell that first moves itself into ``cgroups``.

    The shell joins, then becomes the launcher: no fork escapes the cgroups. A
    move the kernel refuses is skipped (see :meth:`WorkerProcess.drop_unjoined_cgroups`).
    """
    files = [str(c.procs_file) for c in cgroups]
    joins = ['echo $$ 2>/dev/null > "$0"; ']
    joins += [f'echo $$ 2>/dev/null > "${i}"; ' for i in range(1, len(files))]
    shift = f"shift {len(files) - 1}; " if len(files) > 1 else ""
    return ["/bin/sh", "-c", "".join(joins) + shift + 'exec "$@"', *files, *argv]


def _kill_each(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
