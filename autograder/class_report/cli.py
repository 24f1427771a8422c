"""The few lines both command lines share: running the report and saying what it found."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import class_report


def run_report(grades_dir: Path, out_dir: Path, title: str) -> int:
    """Write the class report of ``grades_dir`` into ``out_dir`` and print where it is.

    Returns
    -------
    int
        0 when the report was written, 2 when there is no graded student to report on.
    """
    from .load import load_class

    if not Path(grades_dir).is_dir():
        print(f"error: {grades_dir} is not a grading output folder", file=sys.stderr)
        return 2
    graded = load_class(Path(grades_dir))
    if not graded.students:
        print(f"error: no graded students in {grades_dir} (one folder per student with "
              "result.json; grade the class first)", file=sys.stderr)
        return 2
    report = class_report(grades_dir, out_dir, title=title, graded=graded)
    numbers = report.numbers
    s = numbers.summary
    mean = f"{s.mean:.1f}" if s.mean is not None else "-"
    print(f"{s.graded} graded, {s.failed} grading failed; mean {mean}, "
          f"{s.full_marks} at full marks, {s.untouched} untouched stubs")
    for m in numbers.mistakes[:5]:
        print(f"  {m.label}: {m.name}: {m.students} student{'' if m.students == 1 else 's'}")
    print(f"report: {report.html}\ncsv: {report.csv}")
    return 0


def run_course_report(args: argparse.Namespace) -> int:
    """``python -m autograder.course report COURSE_DIR ASSIGNMENT``.

    Reads ``COURSE_DIR/grades/ASSIGNMENT/`` (written by the course's grade
    step); writes ``COURSE_DIR/reports/ASSIGNMENT/`` unless ``--out``.
    """
    course, assignment = Path(args.course_dir), args.assignment
    grades = course / "grades" / assignment
    if not grades.is_dir():
        print(f"error: nothing graded in {grades}/; run "
              f"`python -m autograder.course grade {course} {assignment}` first", file=sys.stderr)
        return 2
    out = args.out or course / "reports" / assignment
    return run_report(grades, out, f"{course.name} / {assignment}")
