"""Grade collected nbgrader submissions with the autograder and write nbgrader feedback.

Scores come from the autograder (property-based tests of the student's
modules in a sandbox), not from ``nbgrader autograde``: nbgrader scores
notebook test cells and gives zero to a cell that merely writes a warning to
stderr, while the autograder grades each function on its own and explains
every lost point.

    COURSE_DIR/submitted/<student>/<assignment>/      (nbgrader collect)
        -> COURSE_DIR/grades/<assignment>/<student>/results.json, feedback.md, feedback.html
        -> COURSE_DIR/grades/<assignment>/gradebook.csv
        -> COURSE_DIR/feedback/<student>/<assignment>/<notebook>.html  (nbgrader release_feedback)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.manifest import get_assignment
from autograder.settings import Settings

from .sources import notebook_name
from .feedback import page_from_markdown, scores_summary, with_scores, write_feedback


@dataclass
class GradeReport:
    """Where a grading run wrote its outputs."""
    assignment: str
    gradebook: Path                     # CSV: student, total, max, one column per function
    feedback: dict[str, list[Path]]     # student -> the HTML files nbgrader will release
    scores: dict[str, dict]             # student -> feedback.scores_summary(...)
    failures: dict[str, str]            # student -> why grading itself failed (not their fault)


def find_submissions(course_dir: Path, assignment_id: str) -> dict[str, Path]:
    """``{student: submitted/<student>/<assignment>}`` for every collected submission."""
    submitted = Path(course_dir) / "submitted"
    found = {}
    for student_dir in sorted(submitted.glob("*")) if submitted.is_dir() else []:
        folder = student_dir / assignment_id
        if folder.is_dir():
            found[student_dir.name] = folder
    return found


def grade_course(course_dir: Path, assignment_id: str, *, settings: Settings | None = None,
                 out_dir: Path | None = None, progress: bool = True) -> GradeReport:
    """Grade every collected submission of ``assignment_id`` and write its feedback.

    Parameters
    ----------
    course_dir : Path
        The nbgrader course directory (holds ``submitted/``).
    assignment_id : str
        An id of ``autograder/assignments.toml``.
    settings : Settings, optional
        Limits, isolation, workers (default: the settings in force).
    out_dir : Path, optional
        Where the autograder writes per-student results and the gradebook;
        default ``COURSE_DIR/grades/<assignment>``. A rerun skips students whose
        files did not change (the autograder's resume).
    progress : bool
        Show a progress bar.

    Returns
    -------
    GradeReport

    Raises
    ------
    FileNotFoundError
        When nothing was collected for ``assignment_id``.
    """
    from autograder.classroom import grade_class

    course_dir = Path(course_dir)
    assignment = get_assignment(assignment_id)
    submissions = find_submissions(course_dir, assignment_id)
    if not submissions:
        raise FileNotFoundError(f"no submissions in {course_dir / 'submitted'}/*/{assignment_id}; "
                                f"run `nbgrader collect {assignment_id}` first")
    out_dir = Path(out_dir) if out_dir is not None else course_dir / "grades" / assignment_id
    results, failures = grade_class(submissions, out_dir, assignment=assignment_id,
                                    settings=settings, progress=progress)

    feedback_files: dict[str, list[Path]] = {}
    scores: dict[str, dict] = {}
    for result in results:
        student = result.student
        scores[student] = scores_summary(result)
        page = with_scores(_grader_page(out_dir / student, f"{assignment_id} - {student}"),
                           scores[student])
        submission = submissions[student]
        notebooks = sorted(p.name for p in submission.glob("*.ipynb")) or [notebook_name(assignment)]
        feedback_files[student] = write_feedback(
            submission, course_dir / "feedback" / student / assignment_id, page, notebooks)
    return GradeReport(assignment_id, out_dir / "gradebook.csv", feedback_files, scores,
                       {f.student: f.error for f in failures})


def _grader_page(student_out: Path, title: str) -> str:
    """The autograder's HTML feedback for one student (from its Markdown if the HTML is missing)."""
    page = student_out / "feedback.html"
    if page.is_file():
        return page.read_text(encoding="utf-8")
    text = student_out / "feedback.md"
    markdown = text.read_text(encoding="utf-8") if text.is_file() else "(no feedback was written)"
    return page_from_markdown(markdown, title)
