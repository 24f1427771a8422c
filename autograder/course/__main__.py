"""Command line: build the nbgrader course directory, build notebooks, grade a collection.

    python -m autograder.course build COURSE_DIR [--course-id ID] [--exchange DIR] [--assignment ID ...]
    python -m autograder.course notebooks OUT_DIR [--assignment ID ...]
    python -m autograder.course grade COURSE_DIR ASSIGNMENT [--workers N]
    python -m autograder.course export COURSE_DIR [--out FILE]
    python -m autograder.course similarity COURSE_DIR ASSIGNMENT [--out DIR] [--threshold T]
    python -m autograder.course report COURSE_DIR ASSIGNMENT [--out DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.manifest import assignments, get_assignment
from autograder.settings import add_setting_flags, load_settings, overrides_from_args

from .sources import has_notebook, notebook_name
from .build import DEFAULT_COURSE_ID, build_course
from .notebooks import build_notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.course", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="write nbgrader_config.py and source/<assignment>/")
    build.add_argument("course_dir", type=Path)
    build.add_argument("--course-id", default=DEFAULT_COURSE_ID)
    build.add_argument("--exchange", type=Path, help="nbgrader exchange directory (c.Exchange.root)")
    build.add_argument("--assignment", action="append", help="only this assignment (repeatable)")

    notebooks = commands.add_parser("notebooks", help="build the .ipynb files only")
    notebooks.add_argument("out_dir", type=Path)
    notebooks.add_argument("--assignment", action="append", help="only this assignment (repeatable)")

    grade = commands.add_parser("grade", help="grade submitted/*/ASSIGNMENT and write feedback/")
    grade.add_argument("course_dir", type=Path)
    grade.add_argument("assignment")
    add_setting_flags(grade)

    export = commands.add_parser("export", help="join grades/*/gradebook.csv into one course gradebook")
    export.add_argument("course_dir", type=Path)
    export.add_argument("--out", type=Path, default=None)

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

    args = parser.parse_args(argv)
    if args.command == "build":
        folders = build_course(args.course_dir, course_id=args.course_id,
                               exchange_root=args.exchange, assignments=args.assignment)
        for folder in folders:
            print(f"wrote {folder}")
        skipped = [a for a, spec in assignments().items() if not has_notebook(spec)]
        if skipped and not args.assignment:
            print(f"skipped (no notebook source yet): {', '.join(skipped)}")
        print(f"next: cd {args.course_dir} && nbgrader generate_assignment <assignment>")
        return 0
    if args.command == "notebooks":
        ids = args.assignment or [a for a, spec in assignments().items() if has_notebook(spec)]
        for assignment_id in ids:
            assignment = get_assignment(assignment_id)
            print(f"wrote {build_notebook(assignment, args.out_dir / notebook_name(assignment))}")
        return 0
    if args.command == "export":
        from .export import export_gradebook

        print(f"wrote {export_gradebook(args.course_dir, args.out)}")
        return 0
    if args.command == "similarity":
        from autograder.similarity.cli import run_course_similarity

        return run_course_similarity(args)
    if args.command == "report":
        from autograder.class_report.cli import run_course_report

        return run_course_report(args)
    from autograder.grading_isolation import IsolationRefused

    from .grade import grade_course

    try:
        report = grade_course(args.course_dir, args.assignment,
                              settings=load_settings(overrides_from_args(args)))
    except IsolationRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for student, scores in sorted(report.scores.items()):
        print(f"{student}: {scores['score']:g} / {scores['max_score']:g}")
    for student, error in sorted(report.failures.items()):
        print(f"{student}: GRADING FAILED (no feedback written)\n{error}", file=sys.stderr)
    print(f"gradebook: {report.gradebook}")
    print(f"feedback: {args.course_dir / 'feedback'}/*/{args.assignment}/ "
          f"(next: nbgrader release_feedback {args.assignment})")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
