"""The course's grading step: the autograder grades, nbgrader records and writes the feedback.

    COURSE/submitted/<student>/<assignment>/             (nbgrader collect)
     1. -> COURSE/grades/<assignment>/<student>/result.json ...   the autograder, in parallel
     2. -> COURSE/gradebook.db, COURSE/autograded/...              nbgrader autograde
     3. -> COURSE/feedback/<student>/<assignment>/<nb>.html        nbgrader generate_feedback

Step 1 is :func:`autograder.classroom.grade_class` (the shared pipeline, in
worker processes); a rerun reuses every student whose fingerprint
(submission, grader, references, settings) is unchanged. Steps 2 and 3 are
nbgrader's own commands, run for the students regraded now and those nbgrader
has not recorded yet (a new or updated submission). In step 2 the course's
configuration makes nbgrader fill the autograder's grade cells from step 1's
results (:mod:`autograder.course.recording`), so nbgrader's totals, manual
scores, late penalties, exports and formgrader all work on these grades.
"""
from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from autograder.manifest import get_assignment
from autograder.settings import Settings, load_settings
from autograder.stored_results import load_result

from .course_config import check_config
from .errors import CourseError
from .gradebook import SubmissionGrade, check_assignment, submission_grades
from .nbgrader_commands import run_nbgrader, student_selection
from .sources import notebook_name


@dataclass
class GradeReport:
    """What one grading run did."""
    assignment: str
    grades: dict[str, SubmissionGrade]         # student -> nbgrader's totals after this run
    regraded: list[str]                        # graded now (the others' results were reused)
    recorded: list[str]                        # recorded in gradebook.db and given new feedback now
    failures: dict[str, str] = field(default_factory=dict)   # student -> what went wrong (never their fault)
    logs: list[Path] = field(default_factory=list)           # nbgrader's output


def find_submissions(course_dir: Path, assignment_id: str) -> dict[str, Path]:
    """``{student: submitted/<student>/<assignment>}`` for every collected submission."""
    submitted = Path(course_dir) / "submitted"
    found = {}
    for student_dir in sorted(submitted.glob("*")) if submitted.is_dir() else []:
        folder = student_dir / assignment_id
        if folder.is_dir():
            found[student_dir.name] = folder
    return found


def _same_file(a: Path, b: Path) -> bool:
    return a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()


def is_recorded(course_dir: Path, assignment_id: str, student: str) -> bool:
    """Whether nbgrader's files show this exact submission autograded and its feedback written."""
    notebook = notebook_name(get_assignment(assignment_id))
    autograded = course_dir / "autograded" / student / assignment_id
    submitted = course_dir / "submitted" / student / assignment_id
    feedback = course_dir / "feedback" / student / assignment_id / Path(notebook).with_suffix(".html")
    return ((autograded / notebook).is_file() and feedback.is_file()
            and _same_file(submitted / "timestamp.txt", autograded / "timestamp.txt"))


def grade_course(course_dir: Path, assignment_id: str, *, settings: Optional[Settings] = None,
                 students: Optional[list[str]] = None, force: bool = False,
                 progress: bool = True) -> GradeReport:
    """Grade the collected submissions of ``assignment_id``, record them in nbgrader, write feedback.

    Parameters
    ----------
    course_dir : Path
        The nbgrader course directory (built by ``python -m autograder.course build``).
    assignment_id : str
        An id of ``autograder/assignments.toml``, generated with ``nbgrader generate_assignment``.
    settings : Settings, optional
        Limits, isolation, workers (default: the settings in force). nbgrader's
        autograde step gets the same settings through ``AUTOGRADER_*``.
    students : list of str, optional
        Only these students (default: every collected submission).
    force : bool
        Regrade and record even when nothing changed.
    progress : bool
        Show the grading progress.

    Returns
    -------
    GradeReport

    Raises
    ------
    autograder.manifest.UnknownAssignment
        An id not in the manifest.
    CourseError
        When the course is not ready: not built, not generated, nothing collected.
    autograder.grading_isolation.IsolationRefused
        Without bubblewrap (student code is never graded unisolated unless asked).
    """
    from autograder.classroom import class_settings, grade_class, write_gradebook

    course_dir = Path(course_dir).resolve()
    assignment = get_assignment(assignment_id)
    # Resolved here, so nbgrader's step below fingerprints with the very settings graded with.
    settings, note = class_settings(settings or load_settings())
    if note and progress:
        print(note, file=sys.stderr)
    check_config(course_dir)
    check_assignment(course_dir, assignment)
    collected = find_submissions(course_dir, assignment_id)
    chosen = _chosen_students(course_dir, assignment_id, collected, students)

    out_dir = course_dir / "grades" / assignment_id
    before = {s: getattr(load_result(out_dir / s), "fingerprint", None) for s in chosen}
    results, grading_failures = grade_class({s: collected[s] for s in chosen}, out_dir,
                                            assignment=assignment_id, settings=settings,
                                            progress=progress, force=force)
    failures = {f.student: f"grading failed (not the student's fault):\n{f.error}"
                for f in grading_failures}
    if set(chosen) != set(collected):   # the autograder's own CSV keeps everyone graded so far
        stored = [load_result(out_dir / s) for s in sorted(collected)]
        failed = {f.student for f in grading_failures}
        write_gradebook([r for r in stored if r is not None and r.student not in failed],
                        out_dir / "gradebook.csv",
                        grading_failures, assignment_id)
    regraded = sorted(r.student for r in results if force or before[r.student] != r.fingerprint)
    notebook = notebook_name(assignment)
    for result in results:
        if not (collected[result.student] / notebook).is_file():
            failures[result.student] = (f"the submission has no {notebook}, so nbgrader cannot record "
                                        f"its grade ({result.score:g} / {result.max_score:g}); ask "
                                        f"the student to submit again with the notebook")
    in_gradebook = submission_grades(course_dir, assignment_id, chosen)
    to_record = sorted(r.student for r in results if r.student not in failures
                       and (r.student in regraded or r.student not in in_gradebook
                            or not is_recorded(course_dir, assignment_id, r.student)))
    logs: list[Path] = []
    recorded = (_record(course_dir, assignment_id, to_record, sorted(collected), settings,
                        failures, logs, progress) if to_record else [])
    grades = submission_grades(course_dir, assignment_id, chosen)
    return GradeReport(assignment_id, grades, regraded, recorded, failures, logs)


def _chosen_students(course_dir: Path, assignment_id: str, collected: dict[str, Path],
                     students: Optional[list[str]]) -> list[str]:
    """``students``, or every collected one; :class:`CourseError` for one not collected."""
    if not collected:
        raise CourseError(f"nothing collected for {assignment_id} in {course_dir / 'submitted'}; run "
                          f"`nbgrader collect {assignment_id}` in {course_dir} first")
    chosen = sorted(students) if students else sorted(collected)
    unknown = [s for s in chosen if s not in collected]
    if unknown:
        raise CourseError(f"no collected submission of {assignment_id} from {', '.join(unknown)} "
                          f"(collected: {', '.join(sorted(collected))}); run `nbgrader collect "
                          f"{assignment_id}` in {course_dir}")
    return chosen


def _record(course_dir: Path, assignment_id: str, students: list[str], everyone: list[str],
            settings: Settings, failures: dict[str, str], logs: list[Path], progress: bool) -> list[str]:
    """``nbgrader autograde`` then ``generate_feedback`` for ``students``; returns those that worked."""
    logs_dir = course_dir / "grades" / assignment_id
    values = asdict(settings)
    steps = (("autograde", "recording in gradebook.db"), ("generate_feedback", "writing feedback"))
    for command, doing in steps:
        if not students:
            break
        if progress:
            print(f"{doing} (nbgrader {command}): {len(students)} student(s)", file=sys.stderr, flush=True)
        log = logs_dir / f"nbgrader-{command}.log"
        run = run_nbgrader(course_dir, [command, assignment_id, "--force",
                                        *student_selection(students, everyone)],
                           settings=values, log=log)
        logs.append(log)
        if run.ok:
            continue
        named = [s for s in run.failed_students if s in students] or students
        for student in named:
            failures[student] = f"nbgrader {command} failed; its output is in {log}"
        students = [s for s in students if s not in named]
    return students
