"""Release and collect the assignments with nbgrader; grade them with this autograder.

- :func:`build_course` writes an nbgrader course directory: ``nbgrader_config.py``
  and ``source/<assignment>/`` with the notebook built from its jupytext source
  and every student stub module (never a reference solution).
- :func:`grade_course` grades every ``submitted/<student>/<assignment>/`` with the
  autograder and writes ``feedback/<student>/<assignment>/`` so that
  ``nbgrader release_feedback`` and ``nbgrader fetch_feedback`` deliver it, plus
  a CSV gradebook; :func:`export_gradebook` joins the assignments' gradebooks.

Command line: ``python -m autograder.course build|notebooks|grade|export ...`` (see ``--help``).
"""
from autograder.manifest import Assignment, assignments
from .build import build_course
from .export import export_gradebook
from .grade import grade_course
from .notebooks import build_notebook

__all__ = ["Assignment", "assignments", "build_course", "build_notebook", "export_gradebook",
           "grade_course"]
