"""Command line: build the nbgrader course directory, build notebooks, grade, export.

    python -m autograder.course build COURSE_DIR [--course-id ID] [--exchange DIR] [--assignment ID ...]
    python -m autograder.course notebooks OUT_DIR [--assignment ID ...]
    python -m autograder.course grade COURSE_DIR ASSIGNMENT [--student NAME ...] [--force] [--workers N]
    python -m autograder.course export COURSE_DIR [--format gradebook|canvas|moodle] [--to FILE] [--weight ID=W ...]
    python -m autograder.course similarity COURSE_DIR ASSIGNMENT [--out DIR] [--threshold T]
    python -m autograder.course report COURSE_DIR ASSIGNMENT [--out DIR]

Exit status: 0 when it worked; 1 when grading or recording failed for some
student (named on stderr); 2 when the course is not ready for the command
(one line says what to run first).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.grading_isolation import IsolationRefused
from autograder.manifest import UnknownAssignment, assignments, get_assignment
from autograder.settings import SettingsError, add_setting_flags, load_settings, overrides_from_args

from .build import DEFAULT_COURSE_ID
from .errors import CourseError
from .feedback import lateness_text
from .sources import has_notebook, notebook_name


def _weight(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ASSIGNMENT=WEIGHT, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder.course", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="write source/<assignment>/ and the nbgrader configuration")
    build.add_argument("course_dir", type=Path)
    build.add_argument("--course-id", default=None,
                       help=f"nbgrader's course id (a new course: default {DEFAULT_COURSE_ID}; "
                            "an existing nbgrader_config.py is kept)")
    build.add_argument("--exchange", type=Path, help="nbgrader exchange directory (c.Exchange.root)")
    build.add_argument("--assignment", action="append", help="only this assignment (repeatable)")

    notebooks = commands.add_parser("notebooks", help="build the .ipynb files only")
    notebooks.add_argument("out_dir", type=Path)
    notebooks.add_argument("--assignment", action="append", help="only this assignment (repeatable)")

    grade = commands.add_parser("grade", help="grade submitted/*/ASSIGNMENT, record it in nbgrader, write feedback")
    grade.add_argument("course_dir", type=Path)
    grade.add_argument("assignment")
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument("--force", action="store_true",
                       help="regrade and record even the submissions whose inputs did not change")
    grade.add_argument("--quiet", action="store_true", help="no progress lines")
    add_setting_flags(grade)

    export = commands.add_parser("export", help="the course gradebook (or an LMS import file) from gradebook.db")
    export.add_argument("course_dir", type=Path)
    export.add_argument("--format", choices=["gradebook", "canvas", "moodle"], default="gradebook")
    export.add_argument("--to", type=Path, default=None,
                        help="output file (default COURSE_DIR/grades/<gradebook|canvas|moodle>.csv)")
    export.add_argument("--weight", type=_weight, action="append", metavar="ASSIGNMENT=WEIGHT",
                        help="weight of an assignment in the percentage (repeatable; default: its points)")

    from autograder.similarity.cli import add_options as similarity_options
    similarity = commands.add_parser("similarity", help="which submissions of ASSIGNMENT are alike "
                                     "(default: COURSE_DIR/reports/ASSIGNMENT/similarity.html, .csv)")
    similarity.add_argument("course_dir", type=Path)
    similarity.add_argument("assignment")
    similarity.add_argument("--out", type=Path, default=None)
    similarity_options(similarity)

    report = commands.add_parser("report", help="what the class got wrong in ASSIGNMENT, from its grades "
                                 "(default: COURSE_DIR/reports/ASSIGNMENT/class_report.html, .csv)")
    report.add_argument("course_dir", type=Path)
    report.add_argument("assignment")
    report.add_argument("--out", type=Path, default=None)
    return parser


def _build(args: argparse.Namespace) -> int:
    from .build import build_course

    report = build_course(args.course_dir, course_id=args.course_id, exchange_root=args.exchange,
                          assignments=args.assignment)
    for note in report.config:
        print(note)
    for folder in report.sources:
        print(f"wrote {folder}")
    skipped = [a for a, spec in assignments().items() if not has_notebook(spec)]
    if skipped and not args.assignment:
        print(f"skipped (no notebook source yet): {', '.join(skipped)}")
    print(f"next: cd {args.course_dir} && nbgrader generate_assignment <assignment>")
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from .notebooks import build_notebook

    ids = args.assignment or [a for a, spec in assignments().items() if has_notebook(spec)]
    for assignment_id in ids:
        assignment = get_assignment(assignment_id)
        print(f"wrote {build_notebook(assignment, args.out_dir / notebook_name(assignment))}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .grade import grade_course

    report = grade_course(args.course_dir, args.assignment, students=args.student, force=args.force,
                          settings=load_settings(overrides_from_args(args)), progress=not args.quiet)
    manual = []
    for student, grade in sorted(report.grades.items()):
        notes = [] if student in report.regraded else ["unchanged"]
        if grade.seconds_late > 0:
            notes.insert(0, f"late by {lateness_text(grade.seconds_late).en}, penalty "
                            f"{grade.late_penalty:g}")
        if grade.needs_manual_grade:
            manual.append(student)
        print(f"{student}: {grade.score:g} / {grade.max_score:g}"
              + (f" ({'; '.join(notes)})" if notes else ""))
    for student, error in sorted(report.failures.items()):
        print(f"{student}: {error}", file=sys.stderr)
    if manual:
        print(f"needs manual grading in formgrader: {', '.join(manual)}")
    print(f"gradebook: nbgrader export / python -m autograder.course export {args.course_dir}; "
          f"feedback: {args.course_dir / 'feedback'}/*/{args.assignment}/ "
          f"(next: nbgrader release_feedback {args.assignment})")
    return 1 if report.failures else 0


def _export(args: argparse.Namespace) -> int:
    from .export import export_gradebook

    weights = dict(args.weight) if args.weight else None
    print(f"wrote {export_gradebook(args.course_dir, args.to, args.format, weights)}")
    return 0


def _similarity(args: argparse.Namespace) -> int:
    from autograder.similarity.cli import run_course_similarity

    return run_course_similarity(args)


def _report(args: argparse.Namespace) -> int:
    from autograder.class_report.cli import run_course_report

    return run_course_report(args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run = {"build": _build, "notebooks": _notebooks, "grade": _grade, "export": _export,
           "similarity": _similarity, "report": _report}[args.command]
    try:
        return run(args)
    except (CourseError, UnknownAssignment, SettingsError, IsolationRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished students are saved; rerun to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
