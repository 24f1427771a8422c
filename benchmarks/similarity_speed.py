#!/usr/bin/env python3
"""Benchmark: the similarity report over a generated class (default 200 students).

    python benchmarks/similarity_speed.py                  # 200 students
    python benchmarks/similarity_speed.py --class-size 40 --json out.json

Every student takes each module from one of the hand-written styles of
tests/similarity_styles.py or the references, disguised (renamed, reordered,
re-laid): most pairs share some module, so there are many more matches to
find, measure and draw than in a real class. It times the command an
instructor runs (``autograder similarity``, one process) and its phases.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from similarity_class import STUBS, make_mixed_class  # noqa: E402

from autograder.similarity import compare  # noqa: E402
from autograder.similarity.collect import collect_class  # noqa: E402


def phases(root: Path) -> dict[str, float]:
    """Seconds spent collecting, fingerprinting and comparing, in this process."""
    submissions = {p.name: p for p in sorted(root.iterdir())}
    start = time.perf_counter()
    codes = collect_class(submissions, [STUBS])
    collected = time.perf_counter()
    boilerplate = compare.boilerplate_hashes(p.read_text(encoding="utf-8") for p in STUBS.glob("*.py"))
    documents = compare.build_documents(codes, boilerplate, workers=1)
    fingerprinted = time.perf_counter()
    pairs = compare.compare_all(documents, 0.2)
    compared = time.perf_counter()
    return {"collect_s": collected - start, "fingerprint_s": fingerprinted - collected,
            "compare_s": compared - fingerprinted, "pairs_above_floor": len(pairs),
            "bytes_of_code": sum(len(f.text) for c in codes for f in c.files)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_mixed_class(Path(tmp) / "class", args.class_size, seed=args.seed)
        out = Path(tmp) / "report"
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "autograder", "similarity", str(root),
                              "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        figures = {"students": args.class_size, "command_wall_s": wall, "cpus": os.cpu_count(),
                   "html_bytes": (out / "similarity.html").stat().st_size,
                   "csv_rows": len((out / "similarity.csv").read_text().splitlines()) - 1}
        figures.update(phases(root))
    print(run.stdout.strip().splitlines()[0])
    for key, value in figures.items():
        print(f"{key:>20}: {value:.2f}" if isinstance(value, float) else f"{key:>20}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
