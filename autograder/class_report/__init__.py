"""What the class got wrong: one page over a whole graded class, for the instructor.

    load.py      read a grading output folder back: every result.json, failed gradings
    lecture.py   lecture sections, mistake names and targets from the manifest and the specs
    numbers.py   scores, shares passed per task and concept, mistakes, networks, grading health
    plots.py     the figures (matplotlib, Korean labels with the bundled NanumGothic)
    page.py      one self-contained HTML page (figures embedded, no script)
    table.py     the CSV of every number on the page

Command line: ``autograder report GRADES_DIR`` (a ``grade-class`` or ``demo``
output folder) and ``python -m autograder.course report COURSE ASSIGNMENT``
(``COURSE/grades/ASSIGNMENT/``). Reads results only: it grades nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .load import GradedClass

HTML_NAME = "class_report.html"
CSV_NAME = "class_report.csv"


@dataclass
class ClassReport:
    """What a run found and where it wrote it.

    Attributes
    ----------
    numbers : numbers.ClassNumbers
    html, csv : Path
    """
    numbers: object
    html: Path
    csv: Path


def class_report(grades_dir: Path, out_dir: Path, *, title: str,
                 graded: "GradedClass | None" = None) -> ClassReport:
    """Read a graded class and write ``class_report.html`` and ``class_report.csv``.

    Parameters
    ----------
    grades_dir : Path
        One sub-folder per student with ``result.json`` (and ``gradebook.csv``).
    out_dir : Path
        Receives :data:`HTML_NAME` and :data:`CSV_NAME` (created when missing).
    title : str
        Shown at the top of the page (course and assignment, or the folder).
    graded : load.GradedClass, optional
        ``grades_dir`` already read with :func:`load.load_class` (not read again).

    Returns
    -------
    ClassReport

    Raises
    ------
    FileNotFoundError
        When ``grades_dir`` is not a folder.
    """
    from ..stored_results import write_atomic
    from .load import load_class
    from .numbers import class_numbers
    from .page import to_html
    from .table import to_csv

    numbers = class_numbers(graded if graded is not None else load_class(Path(grades_dir)), title)
    out_dir = Path(out_dir)
    write_atomic(out_dir / CSV_NAME, to_csv(numbers))
    write_atomic(out_dir / HTML_NAME, to_html(numbers))
    return ClassReport(numbers, out_dir / HTML_NAME, out_dir / CSV_NAME)


__all__ = ["CSV_NAME", "HTML_NAME", "ClassReport", "class_report"]
