"""nbgrader releases, collects and keeps the gradebook; this autograder grades.

- :func:`build_course` writes an nbgrader course directory: the notebooks
  (with one autograded grade cell per graded task, :mod:`.grade_cells`), every
  student stub module (never a reference solution), and the course's nbgrader
  configuration, which a rebuild keeps (:mod:`.course_config`).
- :func:`grade_course` grades every collected submission with the autograder
  in parallel, then runs nbgrader's own ``autograde`` (which records the
  results in ``gradebook.db`` through :mod:`.recording`) and
  ``generate_feedback``; formgrader, manual scores, late penalties
  (:mod:`.late_penalty`) and ``nbgrader export`` work on these grades.
- :func:`export_gradebook` writes the course gradebook or an LMS import file
  (:mod:`.export`, nbgrader export plugins).

Command line: ``python -m autograder.course build|notebooks|grade|export ...`` (see ``--help``).
"""
from autograder.manifest import Assignment, assignments
from .build import build_course
from .errors import CourseError
from .notebooks import build_notebook

__all__ = ["Assignment", "CourseError", "assignments", "build_course", "build_notebook",
           "export_gradebook", "grade_course"]


def __getattr__(name: str):
    # Grading and exporting load nbgrader's database layer; building notebooks does not need it.
    if name == "grade_course":
        from .grade import grade_course
        return grade_course
    if name == "export_gradebook":
        from .export import export_gradebook
        return export_gradebook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
