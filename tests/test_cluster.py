"""Grading a class on a real Dask cluster: a scheduler and two worker processes on loopback.

The cluster is started with the same commands the instructor guide gives for
lab machines (``dask scheduler``, ``dask worker``); the grades must equal a
local run's, and a worker killed mid-run must take no grade with it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from autograder.classroom import grade_class  # noqa: E402
from autograder.settings import load_settings  # noqa: E402
from submissions import flipped_kernel_submission, mutate, reference_submission, stub_submission  # noqa: E402

ASSIGNMENT = "cnn331_convolution"
DASK = Path(sys.executable).with_name("dask")


def _comparable(result) -> dict:
    data = result.to_dict()
    data.pop("seconds")
    for task in data["tasks"]:
        task.pop("seconds")
    return data


def _without_timing(path: Path) -> str:
    text = re.sub(r"[0-9.]+ s(?=</sub>|</small>)", "", path.read_text(encoding="utf-8"))
    return re.sub(r'"execution_time": [0-9.]+', "", text)


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes, as on lab machines (loopback only)."""

    def __init__(self, folder: Path, workers: int = 2, scheduler_env: dict | None = None):
        self.folder = folder
        file = folder / "scheduler.json"
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
               "AUTOGRADER_BANK_DIR": str(folder / "worker-bank")}
        self.scheduler = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(file)], env={**env, **(scheduler_env or {})},
            stdout=subprocess.DEVNULL, stderr=open(folder / "scheduler.log", "w"))
        deadline = time.monotonic() + 60
        while not file.exists() or not file.read_text().strip():
            assert time.monotonic() < deadline and self.scheduler.poll() is None, \
                (folder / "scheduler.log").read_text()
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(file.read_text())["address"]
        # One thread per worker process, no nanny: the pid is the worker itself.
        self.workers = [subprocess.Popen(
            [str(DASK), "worker", self.address, "--nthreads", "1", "--no-nanny",
             "--no-dashboard", "--name", f"lab{i}"], env=env, stdout=subprocess.DEVNULL,
            stderr=open(folder / f"worker{i}.log", "w")) for i in range(workers)]
        from distributed import Client
        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.kill()
            process.wait()


@pytest.fixture
def cluster(tmp_path):
    folder = tmp_path / "cluster"
    folder.mkdir()
    started = Cluster(folder)
    yield started
    started.close()


def _class(root: Path, size: int) -> dict[str, Path]:
    correct = reference_submission(root / "_correct")
    stubs = stub_submission(root / "_stubs")
    flipped = flipped_kernel_submission(root / "_flipped")
    padded_once = reference_submission(root / "_padded_once")
    mutate(padded_once / "shapes.py", 'return sliding_output(n, k, s, (p, p), "kernel_size")',
           'return sliding_output(n, k, s, (p, 0), "kernel_size")')
    sources = [correct, stubs, flipped, padded_once]
    students = {}
    for i in range(size):
        target = root / "class" / f"s{i:02d}"
        shutil.copytree(sources[i % len(sources)], target)
        students[target.name] = target
    # What is not read is said in the feedback, wherever the student is graded.
    (students["s01"] / "notes.py").symlink_to("/etc/passwd")
    return students


def test_cluster_grades_equal_a_local_run_and_resume_the_same_way(cluster, tmp_path):
    students = _class(tmp_path, 6)
    settings = load_settings({"workers": 2})
    local, failures = grade_class(students, tmp_path / "local", ASSIGNMENT, settings, progress=False)
    assert failures == []
    remote_settings = settings.replace(scheduler=cluster.address)
    remote, failures = grade_class(students, tmp_path / "remote", ASSIGNMENT, remote_settings,
                                   progress=False)
    assert failures == []
    assert [_comparable(r) for r in remote] == [_comparable(r) for r in local]
    assert len({r.score for r in remote}) > 2  # correct, untouched and wrong students differ
    assert any("notes.py" in line for line in remote[1].skipped)
    for student in students:  # the same files, but for how long grading took
        for name in ("results.json", "feedback.md", "feedback.html"):
            assert _without_timing(tmp_path / "remote" / student / name) == \
                _without_timing(tmp_path / "local" / student / name)
    assert (tmp_path / "remote" / "gradebook.csv").read_text() == \
        (tmp_path / "local" / "gradebook.csv").read_text()
    # A rerun on the cluster reuses everything: no student file is written again.
    stamps = {s: (tmp_path / "remote" / s / "result.json").stat().st_mtime_ns for s in students}
    grade_class(students, tmp_path / "remote", ASSIGNMENT, remote_settings, progress=False)
    assert stamps == {s: (tmp_path / "remote" / s / "result.json").stat().st_mtime_ns
                      for s in students}


def test_a_killed_worker_loses_no_grade(cluster, tmp_path):
    students = _class(tmp_path, 8)
    settings = load_settings({"scheduler": cluster.address})
    victim = cluster.workers[0]
    killed = threading.Event()

    def kill_once_grading_runs() -> None:
        # Kill a worker as soon as the first student's files appear (tasks are in flight).
        while not any((tmp_path / "out").glob("*/result.json")):
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        killed.set()

    threading.Thread(target=kill_once_grading_runs, daemon=True).start()
    results, failures = grade_class(students, tmp_path / "out", ASSIGNMENT, settings,
                                    progress=False)
    assert killed.is_set() and victim.wait(10) == -signal.SIGKILL
    assert failures == []
    assert sorted(r.student for r in results) == sorted(students)
    local, _ = grade_class(students, tmp_path / "local", ASSIGNMENT,
                           load_settings({"workers": 2}), progress=False)
    assert [_comparable(r) for r in results] == [_comparable(r) for r in local]


def test_a_student_whose_grading_keeps_killing_workers_is_reported(tmp_path):
    # The scheduler gives a task up after the first worker it killed (allowed-failures 0).
    (tmp_path / "strict").mkdir()
    strict = Cluster(tmp_path / "strict",
                     scheduler_env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"})
    try:
        students = _class(tmp_path, 4)
        settings = load_settings({"scheduler": strict.address})

        def kill_while_busy() -> None:
            from distributed import Client
            with Client(strict.address, timeout="30s") as client:
                while not any(client.processing().values()):
                    time.sleep(0.02)
                busy = [w for w, tasks in client.processing().items() if tasks]
                name = client.scheduler_info()["workers"][busy[0]]["name"]
            strict.workers[int(name.removeprefix("lab"))].send_signal(signal.SIGKILL)

        threading.Thread(target=kill_while_busy, daemon=True).start()
        results, failures = grade_class(students, tmp_path / "out", ASSIGNMENT, settings,
                                        progress=False)
        assert failures, "the killed worker's student must be reported"
        assert all("killed the Dask workers" in f.error for f in failures)
        assert sorted([r.student for r in results] + [f.student for f in failures]) == \
            sorted(students)
        # the others were graded by the surviving worker
        done = {r.student for r in results}
        assert done and all((tmp_path / "out" / s / "result.json").exists() for s in done)
    finally:
        strict.close()
