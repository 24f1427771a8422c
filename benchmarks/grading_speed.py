#!/usr/bin/env python3
"""Benchmark: grading one full submission, and a class, on this machine.

    python benchmarks/grading_speed.py                 # one submission + a class of 200
    python benchmarks/grading_speed.py --class-size 20 # a quicker class run
    python benchmarks/grading_speed.py --modes bank    # only with the example bank

Each figure is taken twice: "live" draws every concept's examples with
hypothesis for every student (how grading worked before the example bank),
"bank" replays the examples drawn once. Both give the same grades.

The class mixes correct, half-done (stubs) and wrong submissions the way a real
class does. Grading is single-threaded per submission (BLAS pinned to one
thread in the sandbox); the class uses every core.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from autograder.manifest import specs_for  # noqa: E402
from autograder.classroom import grade_class  # noqa: E402
from autograder.engine import grade_submission  # noqa: E402
from autograder.example_bank import ensure_banks  # noqa: E402
from autograder.sandbox.cgroup import cgroup_parents  # noqa: E402
from autograder.settings import load_settings  # noqa: E402
from submissions import (flipped_kernel_submission, reference_submission,  # noqa: E402
                         stub_submission)


def make_class(root: Path, size: int) -> dict[str, Path]:
    """``size`` submissions: 60% correct, 20% stubs, 20% with a flipped kernel."""
    correct = reference_submission(root / "_correct")
    stubs = stub_submission(root / "_stubs")
    flipped = flipped_kernel_submission(root / "_flipped")
    students = {}
    for i in range(size):
        source = correct if i % 5 < 3 else (stubs if i % 5 == 3 else flipped)
        target = root / f"student{i:03d}"
        shutil.copytree(source, target)
        students[target.name] = target
    return students


class CpuMeter:
    """CPU seconds of this process and every process it starts, the sandboxes included.

    A sandbox's Python runs under bubblewrap, which is killed when grading
    ends, so ``RUSAGE_CHILDREN`` never sees that Python's CPU time. Where this
    process can make a CPU accounting cgroup (cgroup v1 ``cpuacct``, or v2)
    and move itself in, every descendant is counted there; otherwise the meter
    falls back to ``getrusage`` and says that the sandboxes are not counted.
    """

    def __init__(self) -> None:
        self.usage_file: Path | None = None
        for folder in cgroup_parents("cpuacct"):   # v1 cpuacct first, else v2
            usage = "cpuacct.usage" if (folder / "cpuacct.usage").exists() else "cpu.stat"
            try:
                mine = folder / f"grading-speed-{os.getpid()}"
                mine.mkdir()
                (mine / "cgroup.procs").write_text(str(os.getpid()))
                self.usage_file, self.folder = mine / usage, mine
                break
            except OSError:
                continue
        self.counts_sandboxes = self.usage_file is not None

    def close(self) -> None:
        """Move back to the parent cgroup and delete ours (it must be empty)."""
        if self.usage_file is not None:
            (self.folder.parent / "cgroup.procs").write_text(str(os.getpid()))
            for _ in range(300):   # up to 30 s: the last killed sandboxes may still be exiting
                try:
                    self.folder.rmdir()
                    return
                except OSError as exc:
                    error = exc
                    time.sleep(0.1)
            print(f"note: could not remove {self.folder}: {error}")

    def seconds(self) -> float:
        if self.usage_file is None:
            own = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        text = self.usage_file.read_text()
        if self.usage_file.name == "cpu.stat":
            return int(text.split("usage_usec")[1].split()[0]) / 1e6
        return int(text) / 1e9


METER: CpuMeter | None = None


def _cpu() -> float:
    """CPU seconds of this process and of the processes it started (see :class:`CpuMeter`)."""
    return METER.seconds()


def grade_one(folder: Path, settings) -> dict:
    """Wall and CPU seconds (grader and sandbox together) for one full submission."""
    specs = specs_for(None)
    wall, cpu = time.perf_counter(), _cpu()
    result = grade_submission(folder, specs, settings=settings)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    assert result.score == result.max_score, "the reference must get full marks"
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "examples": sum(c.examples_run for c in result.concepts), "isolation": result.isolation}


def grade_many(students: dict[str, Path], out: Path, settings) -> dict:
    wall = time.perf_counter()
    _, failures = grade_class(students, out, None, settings, progress=False)
    wall = time.perf_counter() - wall
    return {"class_seconds": round(wall, 1), "seconds_per_student": round(wall / len(students), 2),
            "grading_failures": len(failures)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--modes", default="live,bank",
                        help="live (hypothesis draws for every student, as before the bank), bank")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    global METER
    METER = CpuMeter()
    if not METER.counts_sandboxes:
        print("note: no CPU accounting cgroup here; CPU seconds leave out the sandboxes' Python")
    try:
        return run(args)
    finally:
        METER.close()


def run(args: argparse.Namespace) -> int:
    figures: dict = {"cpus": os.cpu_count(), "machine": platform.platform(),
                     "processor": platform.processor() or platform.machine(),
                     "load_average": os.getloadavg()[0],
                     "cpu_seconds_include_sandboxes": METER.counts_sandboxes}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        settings = load_settings({"isolation": args.isolation, "workers": args.workers,
                                  "bank_dir": str(tmp / "bank")})
        one = reference_submission(tmp / "one")
        grade_submission(one, specs_for(functions=["shapes.flatten"]),
                         settings=settings.replace(example_bank=False))  # imports, bwrap probe
        start = time.perf_counter()
        ensure_banks(specs_for(None), settings)
        figures["bank_build_seconds"] = round(time.perf_counter() - start, 1)
        print(f"example bank built once for all {len(specs_for(None))} functions: "
              f"{figures['bank_build_seconds']} s")
        students = make_class(tmp / "class", args.class_size) if args.class_size else {}
        for mode in args.modes.split(","):
            mode_settings = settings.replace(example_bank=(mode == "bank"))
            one_figures = grade_one(one, mode_settings)
            figures[f"{mode}_one"] = one_figures
            print(f"[{mode}] one correct submission, all functions: {one_figures['wall_seconds']} s "
                  f"wall, {one_figures['cpu_seconds']} CPU s (grader + sandbox), "
                  f"{one_figures['examples']} examples, isolation {one_figures['isolation']}")
            if students:
                class_figures = grade_many(students, tmp / f"out-{mode}", mode_settings)
                figures[f"{mode}_class"] = class_figures
                print(f"[{mode}] class of {args.class_size} on {args.workers} workers: "
                      f"{class_figures['class_seconds']} s ({class_figures['seconds_per_student']} s "
                      f"per student), grading failures: {class_figures['grading_failures']}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
