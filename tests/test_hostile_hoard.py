"""Memory the address-space limit does not see stays within the sandbox's memory cgroup.

The submissions live in ``tests/corpus/hostile/<name>/`` (their ``expect.toml``
says ``kind = "hoard"``): ``hoards_memfd`` stores 3 GB in a memfd with
``os.write`` (pages never mapped), ``hoards_sysv_shm`` 3 GB in SysV shared memory
attached 64 MB at a time; both then answer correctly. ``RLIMIT_AS`` sees neither.
While each is graded, a watcher measures from outside the sandbox what the attack
holds (the memfd's size through ``/proc/<pid>/fd``; the segments of the worker's
IPC namespace through ``nsenter``). It must stay within ``memory_mb + 2 * tmp_mb``
(the sandbox's memory cgroup limit), the attacking function must score zero with
the memory message, and the other functions keep full marks.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
import tomllib
from pathlib import Path
from typing import Callable

import pytest

from autograder.engine import grade_submission
from autograder.manifest import specs_for
from autograder.sandbox import isolation_available
from autograder.settings import load_settings
from autograder.vocabulary import MESSAGES, Status

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
# One memory kill is enough to give up on a function here (the default allows two).
SETTINGS = load_settings({"aborts_per_function": 1})
LIMIT_BYTES = (SETTINGS.memory_mb + 2 * SETTINGS.tmp_mb) << 20
ATTACK_SEEN_BYTES = 256 << 20  # less than this held: the attack did not run, the test proves nothing
HOARD_NAME = "autograder-hoard"  # the memfd's name in hoards_memfd/shapes.py


def memory_cgroup_possible() -> bool:
    """Whether this process may create a child memory cgroup (v1 or v2) at all."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return False
    folders = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            folders.append(Path("/sys/fs/cgroup/memory") / path.lstrip("/"))
        elif controllers == "":
            folders += [Path("/sys/fs/cgroup") / path.lstrip("/"),
                        Path("/sys/fs/cgroup/unified") / path.lstrip("/")]
    for folder in folders:
        probe = folder / f"autograder-probe-{os.getpid()}"
        try:
            probe.mkdir()
        except OSError:
            continue
        try:
            if (probe / "memory.limit_in_bytes").exists() or (probe / "memory.max").exists():
                return True
        finally:
            probe.rmdir()
    return False


def sandbox_cgroups_left() -> list[str]:
    """Cgroups that sandboxes of this process made and did not remove, in every hierarchy."""
    prefix = f"autograder-sandbox-{os.getpid()}-"
    left = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for mount in controllers.split(",") if controllers else ["", "unified"]:
            folder = Path("/sys/fs/cgroup") / mount / path.lstrip("/")
            if folder.is_dir():
                left += [str(p) for p in folder.iterdir() if p.name.startswith(prefix)]
    return left


def expectation(name: str) -> dict:
    return tomllib.loads((CORPUS / name / "expect.toml").read_text(encoding="utf-8"))


def my_descendants() -> list[int]:
    """Live pids below this test process (the sandboxes' workers among them)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
                parents[int(entry)] = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return sorted(found)


def memfd_bytes() -> int:
    """Bytes in the attack's memfds, over every process below this one."""
    total = 0
    for pid in my_descendants():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(f"/memfd:{HOARD_NAME}"):
                    total += os.stat(f"/proc/{pid}/fd/{fd}").st_size
            except OSError:
                continue
    return total


def sysv_shm_bytes() -> int:
    """Resident bytes of SysV shared memory in the IPC namespaces of processes below this one."""
    mine = os.stat("/proc/self/ns/ipc").st_ino
    total, seen = 0, {mine}
    for pid in my_descendants():
        try:
            namespace = os.stat(f"/proc/{pid}/ns/ipc").st_ino
        except OSError:
            continue
        if namespace in seen:
            continue
        seen.add(namespace)
        listing = subprocess.run(["nsenter", "--target", str(pid), "--ipc", "cat",
                                  "/proc/sysvipc/shm"], capture_output=True, text=True,
                                 timeout=10).stdout.splitlines()
        if not listing:
            continue
        rss = listing[0].split().index("rss")
        total += sum(int(row.split()[rss]) for row in listing[1:] if row.strip())
    return total


class PeakWatcher(threading.Thread):
    """Calls ``measure`` every few milliseconds until stopped and keeps the largest value."""

    def __init__(self, measure: Callable[[], int]):
        super().__init__(daemon=True)
        self.measure = measure
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, self.measure())
            self.stopped.wait(0.02)

    def __enter__(self) -> "PeakWatcher":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.join()
        self.peak = max(self.peak, self.measure())


MEASURES = {"hoards_memfd": memfd_bytes, "hoards_sysv_shm": sysv_shm_bytes}


@pytest.mark.parametrize("name", sorted(MEASURES))
def test_unmapped_memory_is_bounded_and_graded_as_a_memory_kill(name):
    expect = expectation(name)
    assert expect["kind"] == "hoard"
    if not memory_cgroup_possible():
        pytest.skip("no memory cgroup can be created here: only RLIMIT_AS and the tmpfs "
                    "sizes bound the sandbox's memory")
    if expect.get("requires_bwrap") and isolation_available() != "bwrap":
        pytest.skip("needs bubblewrap: the attack only runs in a private IPC namespace")
    if name == "hoards_sysv_shm" and subprocess.run(
            ["nsenter", "--target", str(os.getpid()), "--ipc", "true"],
            capture_output=True).returncode != 0:
        pytest.skip("nsenter cannot enter an IPC namespace here: nothing to measure with")
    memory = MESSAGES["memory"]
    functions = expect["zero"] + expect["full"]
    for isolation in expect["isolations"]:
        with PeakWatcher(MEASURES[name]) as watcher:
            result = grade_submission(CORPUS / name, specs_for(functions=functions), student=name,
                                      settings=SETTINGS.replace(isolation=isolation))
        where = f"{name} under {result.isolation}"
        print(f"\n{where}: the attack held at most {watcher.peak / 2**20:.0f} MiB "
              f"(limit {LIMIT_BYTES / 2**20:.0f} MiB)")
        assert watcher.peak >= ATTACK_SEEN_BYTES, f"{where}: the attack never ran"
        assert watcher.peak <= LIMIT_BYTES, where
        assert watcher.measure() == 0, f"{where}: the hoard outlived the grading"
        assert sandbox_cgroups_left() == [], where
        graded = {t.name: t for t in result.tasks}
        for qualname in expect["zero"]:
            concepts = graded[qualname].concepts
            assert graded[qualname].score == 0, (where, [(c.concept, c.status) for c in concepts])
            killed = [c for c in concepts if c.status == Status.MEMORY]
            assert killed, (where, [(c.concept, c.status, c.message_en) for c in concepts])
            assert memory.ko in killed[0].message_ko and memory.en in killed[0].message_en
            assert "memory limit" in killed[0].message_en, killed[0].message_en
        for qualname in expect["full"]:
            lost = [(c.concept, c.status, c.message_en)
                    for c in graded[qualname].concepts if not c.passed]
            assert lost == [], (where, qualname)

