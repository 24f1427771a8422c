"""Command line: ``autograder grade | grade-class | check | demo | list | similarity``.

Exit codes: 0 when grading ran (whatever the student scored), 1 when the
self-check found a failing function, 2 for usage errors, 3 when grading itself
failed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def _grade(args: argparse.Namespace) -> int:
    from .assignments import models_for, specs_for, speed_for
    from .classroom import fingerprint
    from .engine import grade_submission
    from .report import print_submission, to_html, to_markdown, write_gradescope
    from .report.gradescope import write_atomic

    path = Path(args.path)
    if not path.is_dir():
        print(f"error: {path} is not a folder of student modules", file=sys.stderr)
        return 2
    console = Console(stderr=args.quiet)
    specs = specs_for(args.assignment, args.function)
    with console.status("grading...") if not args.quiet else _null():
        result = grade_submission(path, specs, student=args.student or path.name,
                                  assignment=args.assignment, isolation=args.isolation,
                                  models=[] if args.function else models_for(args.assignment),
                                  speed=[] if args.function else speed_for(args.assignment))
    result.fingerprint = fingerprint(path, args.assignment)
    if args.json:
        write_gradescope(result, Path(args.json))
    if args.feedback:
        feedback = Path(args.feedback)
        write_atomic(feedback, to_html(result) if feedback.suffix == ".html" else to_markdown(result))
    if not args.quiet:
        print_submission(result, console)
    return 0


def _grade_class(args: argparse.Namespace) -> int:
    from .classroom import discover_submissions, grade_class
    from .report import print_gradebook

    submissions = discover_submissions(Path(args.root))
    if not submissions:
        print(f"error: no student folders in {args.root}", file=sys.stderr)
        return 2
    results, failures = grade_class(submissions, Path(args.out), args.assignment, args.workers,
                                    args.isolation, progress=not args.quiet)
    if not args.quiet:
        print_gradebook(results)
        print(f"gradebook: {Path(args.out) / 'gradebook.csv'}")
    for failure in failures:
        print(f"grading failed for {failure.student}:\n{failure.error}", file=sys.stderr)
    return 3 if failures else 0


def _check(args: argparse.Namespace) -> int:
    from .selfcheck import run_check

    report = run_check(Path(args.path), assignment=args.assignment, functions=args.function,
                       isolation=args.isolation)
    print(report.text(language=args.language))
    return 0 if report.passed else 1


def _demo(args: argparse.Namespace) -> int:
    from .classroom import discover_submissions, grade_class
    from .report import print_gradebook

    examples = Path(args.examples)
    out = Path(args.out)
    console = Console()
    console.print(f"[bold]Grading the bundled example submissions in {examples}[/]")
    results, failures = grade_class(discover_submissions(examples), out, args.assignment,
                                    args.workers, args.isolation, progress=True)
    print_gradebook(results, console)
    for result in results:
        failed = [c for f in result.functions for c in f.concepts if not c.passed]
        if failed:
            console.print(f"\n[bold]{result.student}[/]: {len(failed)} concept(s) below full marks")
        for c in failed:
            why = c.diagnosis_en or c.message_en
            console.print(f"  ✗ {c.name} [{c.status}] — {why[:150]}", highlight=False)
    console.print(f"gradebook: {out / 'gradebook.csv'}; per-student results.json and "
                  f"feedback.html under {out}/<student>/")
    for failure in failures:
        print(f"grading failed for {failure.student}:\n{failure.error}", file=sys.stderr)
    return 3 if failures else 0


def _list(args: argparse.Namespace) -> int:
    from .assignments import assignments
    from .specs import all_specs

    for a in assignments().values():
        print(f"{a.id:22s} {a.section:6s} {a.title}")
        for name in a.functions:
            print(f"    {name}")
    if args.concepts:
        for spec in all_specs().values():
            print(f"{spec.qualname} ({spec.max_score:g} points)")
            for c in spec.concepts:
                print(f"    {c.name}: {c.points:g}")
    return 0


def _similarity(args: argparse.Namespace) -> int:
    from .classroom import discover_submissions
    from .similarity.cli import run_similarity

    if not Path(args.root).is_dir():
        print(f"error: {args.root} is not a folder of student folders", file=sys.stderr)
        return 2
    return run_similarity(discover_submissions(Path(args.root)), Path(args.out), str(args.root), args)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--assignment", "-a", help="grade only this assignment's functions")
        p.add_argument("--isolation", choices=["auto", "bwrap", "process"], default="auto",
                       help="how student code is isolated (default: bubblewrap when it works)")

    g = sub.add_parser("grade", help="grade one submission folder")
    g.add_argument("path")
    common(g)
    g.add_argument("--function", "-f", action="append",
                   help="grade only this function (module.function); repeatable")
    g.add_argument("--json", help="write Gradescope results.json here")
    g.add_argument("--feedback", help="write feedback here (.md or .html)")
    g.add_argument("--student", help="student id for the report (default: folder name)")
    g.add_argument("--quiet", action="store_true")
    g.set_defaults(run=_grade)

    c = sub.add_parser("grade-class", help="grade one folder per student, in parallel")
    c.add_argument("root", help="folder with one sub-folder per student")
    c.add_argument("--out", required=True, help="output folder")
    common(c)
    c.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(run=_grade_class)

    k = sub.add_parser("check", help="student self-check (needs no reference solutions)")
    k.add_argument("path", nargs="?", default=".")
    common(k)
    k.add_argument("--function", "-f", action="append")
    k.add_argument("--language", choices=["ko", "en"], default="ko")
    k.set_defaults(run=_check)

    d = sub.add_parser("demo", help="grade the bundled example submissions")
    d.add_argument("--examples", default=str(EXAMPLES))
    d.add_argument("--out", default="grading-output/demo")
    common(d)
    d.add_argument("--workers", type=int)
    d.set_defaults(run=_demo)

    ls = sub.add_parser("list", help="list assignments (and with --concepts, every concept)")
    ls.add_argument("--concepts", action="store_true")
    ls.set_defaults(run=_list)
    from .similarity.cli import add_options as similarity_options
    sm = sub.add_parser("similarity", help="which submissions are suspiciously alike (HTML + CSV)")
    sm.add_argument("root", help="folder with one sub-folder per student")
    sm.add_argument("--out", required=True, help="folder for similarity.html and similarity.csv")
    similarity_options(sm)
    sm.set_defaults(run=_similarity)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .assignments import UnknownAssignment
    from .reference import ReferenceNotFound
    try:
        return args.run(args)
    except (UnknownAssignment, ReferenceNotFound) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished students are saved; rerun to continue", file=sys.stderr)
        return 130
