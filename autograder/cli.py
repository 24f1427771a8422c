"""Command line: ``autograder grade | grade-class | check | carry-forward | demo | list | similarity | report``.

Exit codes: 0 when grading ran (whatever the student scored), 1 when the
self-check found a failing function, 2 for usage errors, 3 when grading itself
failed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .settings import add_setting_flags, load_settings, overrides_from_args

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def _settings(args: argparse.Namespace):
    return load_settings(overrides_from_args(args))


def _grade(args: argparse.Namespace) -> int:
    from .grading_isolation import grading_settings
    from .pipeline import GradingJob, grade_student
    from .report import print_submission, to_gradescope, to_html, to_markdown
    from .stored_results import write_atomic

    path = Path(args.path)
    if not path.is_dir():
        print(f"error: {path} is not a folder of student modules", file=sys.stderr)
        return 2
    student = args.student or path.resolve().name
    out = Path(args.out) if args.out else Path("grading-output") / student
    console = Console(stderr=args.quiet)
    job = GradingJob(student, path, out, args.assignment,
                     tuple(args.function) if args.function else None)
    settings, note = grading_settings(_settings(args))
    if note:
        print(note, file=sys.stderr)
    with console.status("grading...") if not args.quiet else _null():
        result = grade_student(job, settings, force=True)
    if args.json:
        import json
        write_atomic(Path(args.json), json.dumps(to_gradescope(result), ensure_ascii=False, indent=2))
    if args.feedback:
        feedback = Path(args.feedback)
        write_atomic(feedback, to_html(result) if feedback.suffix == ".html" else to_markdown(result))
    if not args.quiet:
        print_submission(result, console)
        console.print(f"feedback and results.json: {escape(str(out))}/", highlight=False)
    return 0


def _grade_class(args: argparse.Namespace, examples: Path | None = None) -> int:
    from .classroom import discover_submissions, grade_class
    from .report import print_gradebook, print_lost_concepts

    root = Path(examples or args.root)
    submissions = discover_submissions(root)
    if not submissions:
        print(f"error: no student folders in {root}", file=sys.stderr)
        return 2
    console = Console()
    if examples is not None:
        console.print(f"[bold]Grading the bundled example submissions in {escape(str(root))}[/]")
    results, failures = grade_class(submissions, Path(args.out), args.assignment,
                                    _settings(args), progress=not args.quiet, force=args.force,
                                    trusted_code=examples is not None)
    if not args.quiet:
        print_gradebook(results, console)
        if examples is not None:
            print_lost_concepts(results, console)
        console.print(f"gradebook: {escape(str(Path(args.out) / 'gradebook.csv'))}; per-student "
                      f"results.json and feedback.html under {escape(str(args.out))}/<student>/",
                      highlight=False)
    for failure in failures:
        print(f"grading failed for {failure.student}:\n{failure.error}", file=sys.stderr)
    return 3 if failures else 0


def _demo(args: argparse.Namespace) -> int:
    return _grade_class(args, examples=Path(args.examples))


def _check(args: argparse.Namespace) -> int:
    from .selfcheck import run_self_check

    report = run_self_check(Path(args.path), assignment=args.assignment, functions=args.function,
                            isolation=args.isolation)
    print(report.text(language=args.language))
    return 0 if report.passed else 1


def _carry_forward(args: argparse.Namespace) -> int:
    from .carry_forward import carry_forward

    try:
        report = carry_forward(Path(args.path), args.assignment)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.text())
    return 0


def _list(args: argparse.Namespace) -> int:
    from .manifest import assignments
    from .settings import describe_settings
    from .specs import all_specs

    if args.settings:
        for info in describe_settings(overrides_from_args(args)):
            print(f"{info.key} = {info.value!r}    [{info.source}]\n    {info.description}")
        return 0
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


def _report(args: argparse.Namespace) -> int:
    from .class_report.cli import run_report

    return run_report(Path(args.grades), Path(args.out or args.grades), str(args.grades))


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def grading(p: argparse.ArgumentParser) -> None:
        p.add_argument("--assignment", "-a", help="grade only this assignment's functions")
        add_setting_flags(p)

    g = sub.add_parser("grade", help="grade one submission folder")
    g.add_argument("path")
    grading(g)
    g.add_argument("--function", "-f", action="append",
                   help="grade only this function (module.function); repeatable")
    g.add_argument("--out", help="folder for the student's files (default grading-output/<student>)")
    g.add_argument("--json", help="also write Gradescope results.json here")
    g.add_argument("--feedback", help="also write feedback here (.md or .html)")
    g.add_argument("--student", help="student id for the report (default: folder name)")
    g.add_argument("--quiet", action="store_true")
    g.set_defaults(run=_grade)

    c = sub.add_parser("grade-class", help="grade one folder per student, in parallel")
    c.add_argument("root", help="folder with one sub-folder per student")
    c.add_argument("--out", required=True, help="output folder")
    grading(c)
    c.add_argument("--force", action="store_true", help="regrade students whose inputs did not change")
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(run=_grade_class)

    k = sub.add_parser("check", help="student self-check (needs no reference solutions)")
    k.add_argument("path", nargs="?", default=".")
    k.add_argument("--assignment", "-a", help="check only this assignment's functions")
    k.add_argument("--isolation", choices=["auto", "bwrap", "process"], default=None,
                   help="how your code is isolated (default: the isolation setting)")
    k.add_argument("--function", "-f", action="append")
    k.add_argument("--language", choices=["ko", "en"], default="ko")
    k.set_defaults(run=_check)

    cf = sub.add_parser("carry-forward", help="copy finished modules and trained weights from "
                        "earlier assignment folders (never overwrites edited files)")
    cf.add_argument("path", nargs="?", default=".", help="the current assignment's folder")
    cf.add_argument("--assignment", "-a", required=True, help="the current assignment's id")
    cf.set_defaults(run=_carry_forward)

    d = sub.add_parser("demo", help="grade the bundled example submissions")
    d.add_argument("--examples", default=str(EXAMPLES))
    d.add_argument("--out", default="grading-output/demo")
    grading(d)
    d.add_argument("--force", action="store_true", help="regrade students whose inputs did not change")
    d.set_defaults(run=_demo, quiet=False)

    ls = sub.add_parser("list", help="list assignments (--concepts: every concept; --settings: the settings)")
    ls.add_argument("--concepts", action="store_true")
    ls.add_argument("--settings", action="store_true",
                    help="print every setting, its value in force, where it came from and what it means")
    add_setting_flags(ls)
    ls.set_defaults(run=_list)
    from .similarity.cli import add_options as similarity_options
    sm = sub.add_parser("similarity", help="which submissions are suspiciously alike (HTML + CSV)")
    sm.add_argument("root", help="folder with one sub-folder per student")
    sm.add_argument("--out", required=True, help="folder for similarity.html and similarity.csv")
    similarity_options(sm)
    sm.set_defaults(run=_similarity)
    rp = sub.add_parser("report", help="what the class got wrong: class_report.html + .csv from graded results")
    rp.add_argument("grades", help="grade-class or demo output folder (one sub-folder per student)")
    rp.add_argument("--out", help="folder for class_report.html and class_report.csv (default: GRADES)")
    rp.set_defaults(run=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .grading_isolation import IsolationRefused
    from .manifest import UnknownAssignment
    from .reference import ReferenceNotFound
    from .settings import SettingsError
    try:
        return args.run(args)
    except (UnknownAssignment, ReferenceNotFound, SettingsError, IsolationRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished students are saved; rerun to continue", file=sys.stderr)
        return 130
