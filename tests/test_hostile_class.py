"""One student never stops a class, and a killed class run leaves nothing running.

Both tests run the real ``autograder grade-class`` command. The class is made
of corpus submissions: ``hostile_files`` as is (alice) and with its run-time
hostile folder (mallory, see ``test_hostile_files.hostile_folder``), and
``hang_in_call`` (whose conv2d never returns) for the run that is killed. The
killed run's sandbox cgroups (where this machine lets the grader make them)
are removed by the next sandbox that starts.
"""
from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from autograder.sandbox import Sandbox, isolation_available
from autograder.sandbox.cgroup import LEFTOVER_AGE, PREFIX
from test_hostile_files import hostile_folder, remove_nested

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
ISOLATION = "bwrap" if isolation_available() == "bwrap" else "process"


def grade_class_command(root: Path, out: Path, *flags: str) -> list[str]:
    return [sys.executable, "-m", "autograder", "grade-class", str(root), "--out", str(out),
            "--quiet", "--isolation", ISOLATION, *flags]


def test_a_failing_student_gets_a_gradebook_row_and_the_rest_are_graded(tmp_path):
    root, out = tmp_path / "class", tmp_path / "out"
    shutil.copytree(CORPUS / "hostile_files", root / "alice")
    hostile_folder(root / "mallory")
    shutil.copytree(CORPUS / "hostile_files", root / "zed")
    out.mkdir()
    (out / "zed").write_text("a file where zed's folder should go\n")  # writing zed's files fails
    try:
        done = subprocess.run(grade_class_command(root, out, "--assignment", "cnn31_flatten_mlp",
                                                  "--workers", "2"),
                              capture_output=True, text=True, timeout=900)
    finally:
        remove_nested(root / "mallory" / "deep")
    assert done.returncode == 3, done.stderr[-3000:]  # grading ran; one student's grading failed
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == ["alice", "mallory", "zed"]
    assert rows["zed"]["total"] == "" and rows["zed"]["note"].startswith("grading failed: ")
    assert "zed" in rows["zed"]["note"] or "Directory" in rows["zed"]["note"], rows["zed"]
    for student in ("alice", "mallory"):
        assert rows[student]["note"] == "" and float(rows[student]["shapes.flatten"]) > 0
        assert (out / student / "results.json").is_file()
    assert rows["alice"]["total"] == rows["mallory"]["total"]
    assert "files not read" in (out / "mallory" / "feedback.md").read_text(encoding="utf-8")
    assert "grading failed for zed" in done.stderr


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            alive.add(pid)
    return alive


def _is_sandbox_worker(pid: int) -> bool:
    """Whether ``pid`` runs the sandbox's worker (not bubblewrap's start-up probe)."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(word.endswith(b"/worker.py") for word in words)


def _sandbox_cgroups(creators: set[int]) -> list[Path]:
    """Sandbox cgroups made by the processes ``creators``, beside this process's own cgroups."""
    found = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for mount in controllers.split(",") if controllers else ["", "unified"]:
            folder = Path("/sys/fs/cgroup") / mount / path.lstrip("/")
            if folder.is_dir():
                found += [p for p in folder.iterdir() if p.name.startswith(PREFIX)
                          and int(p.name[len(PREFIX):].split("-")[0]) in creators]
    return found


def test_kill_9_of_a_class_run_leaves_no_worker_or_sandbox_running(tmp_path):
    root, out = tmp_path / "class", tmp_path / "out"
    for student in ("ann", "ben"):
        shutil.copytree(CORPUS / "hang_in_call", root / student)
    run = subprocess.Popen(grade_class_command(root, out, "--workers", "2",
                                               "--call-timeout", "60"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Wait until both workers are inside a student's call (a sandbox runs below each).
        deadline = time.monotonic() + 120
        seen: set[int] = set()
        while time.monotonic() < deadline:
            seen |= _descendants(run.pid)
            workers = [p for p in _descendants(run.pid)
                       if any(_is_sandbox_worker(d) for d in _descendants(p))]
            if len(workers) >= 2 and len(seen) >= 6:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, "the class run never got to its students"
        seen |= _descendants(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 20
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        survivors = _alive(seen)
        assert not survivors, [Path(f"/proc/{p}/cmdline").read_bytes()[:120] for p in survivors]
        left = _sandbox_cgroups(seen)  # nothing removed them: their graders died at once
        if left:
            time.sleep(LEFTOVER_AGE)
            with Sandbox(CORPUS / "hang_in_call", isolation=ISOLATION) as box:
                box.start()
            assert [p for p in left if p.exists()] == []
    finally:
        for pid in _alive(_descendants(run.pid)) | _alive(locals().get("seen", set())):
            try:
                os.kill(pid, signal.SIGKILL)  # the processes this test started, by pid
            except OSError:
                pass
        if run.poll() is None:
            run.kill()
