#!/usr/bin/env python3
"""Benchmark: grading one full submission, and a class, on this machine.

    python benchmarks/grading_speed.py                 # one submission + a class of 200
    python benchmarks/grading_speed.py --class-size 20 # a quicker class run

The class mixes correct, half-done (stubs) and wrong submissions the way a real
class does. Grading is single-threaded per submission (BLAS pinned to one
thread in the sandbox); the class uses every core.
"""
from __future__ import annotations

import argparse
import json
import os
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    settings = load_settings({"isolation": args.isolation, "workers": args.workers})
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = reference_submission(tmp / "one")
        specs = specs_for(None)
        for label, folder in (("correct", one),):
            start = time.perf_counter()
            result = grade_submission(folder, specs, settings=settings)
            seconds = time.perf_counter() - start
            figures[f"one_{label}_seconds"] = round(seconds, 2)
            print(f"one {label} submission, all {len(specs)} functions: {seconds:.1f} s "
                  f"({result.score:g}/{result.max_score:g}, isolation {result.isolation})")
        if args.class_size:
            students = make_class(tmp / "class", args.class_size)
            start = time.perf_counter()
            results, failures = grade_class(students, tmp / "out", None, settings)
            seconds = time.perf_counter() - start
            figures.update(class_size=args.class_size, workers=args.workers,
                           class_seconds=round(seconds, 1),
                           seconds_per_student=round(seconds / args.class_size, 2),
                           grading_failures=len(failures))
            print(f"class of {args.class_size} on {args.workers} workers: {seconds:.0f} s "
                  f"({seconds / args.class_size:.2f} s per student), failures: {len(failures)}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
