"""The few lines both command lines share: the options and running the report."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DEFAULT_FLOOR, DEFAULT_THRESHOLD


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--threshold``, ``--floor`` and ``--stubs``."""
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"flag pairs at or above this similarity, 0-1 (default {DEFAULT_THRESHOLD})")
    parser.add_argument("--floor", type=float, default=DEFAULT_FLOOR,
                        help=f"list pairs at or above this in the CSV, 0-1 (default {DEFAULT_FLOOR})")
    parser.add_argument("--stubs", type=Path, action="append",
                        help="folder of released stub modules to ignore (repeatable; default "
                             "the course's assignments/modules/)")


def run_similarity(submissions: dict[str, Path], out_dir: Path, title: str,
                   args: argparse.Namespace, stub_dirs: list[Path] | None = None) -> int:
    """Write the report for ``submissions`` into ``out_dir`` and print where it is.

    Returns
    -------
    int
        0 when the report was written, 2 when there is nothing to compare or
        copydetect is not installed.
    """
    if not submissions:
        print("error: no submissions to compare", file=sys.stderr)
        return 2
    if not 0 <= args.floor <= 1 or not 0 <= args.threshold <= 1:
        print("error: --threshold and --floor are shares between 0 and 1", file=sys.stderr)
        return 2
    try:
        import copydetect  # noqa: F401
    except ImportError:
        print("error: the similarity report needs copydetect: pip install 'cnn-exercises[course]'",
              file=sys.stderr)
        return 2
    from . import released_stub_dirs, similarity_report

    stubs = list(args.stubs or []) + (stub_dirs or released_stub_dirs())
    report = similarity_report(submissions, out_dir, title=title, threshold=args.threshold,
                               floor=args.floor, stub_dirs=stubs)
    print(f"{report.students} submissions compared in {report.seconds:.1f} s: "
          f"{len(report.flagged)} pairs at or above {args.threshold:g}, "
          f"{len(report.pairs)} pairs at or above {args.floor:g} in the CSV")
    from .report import groups

    for group in groups(report.flagged)[:10]:
        print(f"  group of {len(group)}: {', '.join(group)}")
    print(f"report: {report.html}\ncsv: {report.csv}")
    return 0


def run_course_similarity(args: argparse.Namespace) -> int:
    """``python -m autograder.course similarity COURSE_DIR ASSIGNMENT``.

    Compares ``COURSE_DIR/submitted/*/ASSIGNMENT/``; the stubs released in
    ``COURSE_DIR/source/ASSIGNMENT/`` and ``release/`` are ignored as well as
    the repository's. Writes ``COURSE_DIR/reports/ASSIGNMENT/`` unless ``--out``.
    """
    from autograder.course.grade import find_submissions

    from . import released_stub_dirs

    course, assignment = Path(args.course_dir), args.assignment
    submissions = find_submissions(course, assignment)
    if not submissions:
        print(f"error: nothing collected in {course / 'submitted'}/*/{assignment}/",
              file=sys.stderr)
        return 2
    out = args.out or course / "reports" / assignment
    stubs = [course / "source" / assignment, course / "release" / assignment] + released_stub_dirs()
    return run_similarity(submissions, out, f"{course.name} / {assignment}", args, stubs)
