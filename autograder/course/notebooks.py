"""Build an assignment's ``.ipynb`` from its jupytext percent-format source, and check it.

The sources in ``assignments/notebooks/*.py`` carry nbgrader's cell metadata in
each cell header (``# %% nbgrader={...}``); jupytext turns it into the
``metadata.nbgrader`` that ``nbgrader generate_assignment`` reads. The build
adds the autograder's grade cells before the self-check
(:mod:`autograder.course.grade_cells`). The checks
here catch what nbgrader would only notice later (or never): a cell without
nbgrader metadata, a solution region in a cell not marked as a solution, a
missing self-check cell.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.manifest import Assignment, assignments

from .grade_cells import insert_autograder_cells
from .sources import notebook_source

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# nbgrader treats any line containing these as a solution marker, in any cell.
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"


# Each source's first cell holds this line; the build puts the course's order there.
ORDER_MARKER = "{assignment_order}"


class NotebookSourceError(ValueError):
    """A notebook source breaks one of the rules of :func:`check_notebook`."""


def carry_forward_call(assignment_id: str) -> str:
    """The line every notebook's setup cell runs before importing the student's modules."""
    return f'carry_forward(".", "{assignment_id}")'


def order_markdown(current_id: str) -> str:
    """The course's assignments in the order students do them, ``current_id`` marked.

    The order is the manifest's (``autograder/assignments.toml``), which is not the
    order of the lecture's section numbers: 3.4 trains with the ``conv2d`` of 3.6.
    """
    rows = ["| 순서 (order) | 과제 (assignment) | 강의 (section) | |", "|---|---|---|---|"]
    for number, assignment in enumerate(assignments().values(), start=1):
        here = "**◀ 이 과제 (this one)**" if assignment.id == current_id else ""
        rows.append(f"| {number} | `{assignment.id}` | {assignment.section} | {here} |")
    return "\n".join([
        "### 과제 순서와 앞 과제의 코드 (the order of the assignments, carrying your work forward)",
        "",
        "과제는 아래 순서로 합니다. 강의의 절 번호와 순서가 다른 곳이 있습니다: 3.4 의 학습에는 3.6 의",
        "`conv2d` 가 필요하므로 3.6 을 먼저 합니다.",
        "",
        *rows,
        "",
        "앞 과제에서 완성한 모듈 (`shapes.py`, `conv.py`, ...)과 학습한 가중치 (`mnist_cnn.npz` 등)는",
        "아래 설정 (setup) 셀의 `carry_forward` 가 앞 과제 폴더 (이 폴더 옆의 과제 이름 폴더)에서 이",
        "폴더로 가져옵니다. 이 폴더에서 이미 고친 모듈은 덮어쓰지 않고 알려만 줍니다. 터미널에서는",
        f"`autograder carry-forward . --assignment {current_id}` 로 같은 일을 합니다.",
    ])


def self_check_call(assignment_id: str) -> str:
    """The line every notebook's last code cell runs."""
    return f'self_check(".", assignment="{assignment_id}")'


def read_source(path: Path) -> nbformat.NotebookNode:
    """Read a jupytext percent-format source into a notebook (magics uncommented)."""
    import jupytext

    return jupytext.read(path, fmt="py:percent")


def build_notebook(assignment: Assignment, out_path: Path) -> Path:
    """Write ``assignment``'s notebook to ``out_path`` after checking it.

    Parameters
    ----------
    assignment : Assignment
    out_path : Path
        The ``.ipynb`` to write (parent folders are created).

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    NotebookSourceError
        When the source breaks a rule of :func:`check_notebook`.
    """
    nb = read_source(notebook_source(assignment))
    if not nb.cells or ORDER_MARKER not in nb.cells[0].source:
        raise NotebookSourceError(f"{assignment.id}: the first cell must hold the line "
                                  f"{ORDER_MARKER} (the course's order goes there)")
    nb.cells[0].source = nb.cells[0].source.replace(ORDER_MARKER, order_markdown(assignment.id))
    insert_autograder_cells(nb, assignment)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    check_notebook(nb, assignment.id)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)
    return out_path


def check_notebook(nb: nbformat.NotebookNode, assignment_id: str) -> None:
    """Raise :class:`NotebookSourceError` unless ``nb`` follows the course's rules.

    - every cell has nbgrader metadata and nbgrader's own validator accepts it;
    - a code cell has a ``### BEGIN SOLUTION`` region exactly when it is a
      solution cell, and its markers are paired; no markdown cell mentions the
      markers (a written answer is a solution cell as a whole);
    - no other cell is left editable: non-solution cells are locked;
    - the last code cell runs the self-check for ``assignment_id``;
    - the first code cell brings earlier work forward (:func:`carry_forward_call`).
    """
    from nbgrader.nbgraderformat import MetadataValidator
    from nbgrader.nbgraderformat.common import SchemaMismatchError, ValidationError

    problems = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader")
        where = f"cell {index} ({cell.source.splitlines()[0][:50] if cell.source else 'empty'!r})"
        if meta is None:
            problems.append(f"{where}: no nbgrader metadata")
            continue
        has_region = BEGIN in cell.source or END in cell.source
        if cell.cell_type == "code" and has_region != bool(meta.get("solution")):
            problems.append(f"{where}: solution={meta.get('solution')} but "
                            f"{'a' if has_region else 'no'} solution region")
        if cell.cell_type == "markdown" and has_region:
            problems.append(f"{where}: markdown cells are answers as a whole, without markers")
        if has_region and cell.source.count(BEGIN) != cell.source.count(END):
            problems.append(f"{where}: unpaired solution markers")
        if not meta.get("solution") and not meta.get("locked"):
            problems.append(f"{where}: neither a solution cell nor locked")
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if not code_cells or self_check_call(assignment_id) not in code_cells[-1].source:
        problems.append(f"the last code cell must run {self_check_call(assignment_id)}")
    if not code_cells or carry_forward_call(assignment_id) not in code_cells[0].source:
        problems.append(f"the first code cell must run {carry_forward_call(assignment_id)}")
    try:
        MetadataValidator().validate_nb(nb)
    except (ValidationError, SchemaMismatchError) as exc:
        problems.append(f"nbgrader: {exc}")
    if problems:
        raise NotebookSourceError(f"{assignment_id}: " + "; ".join(problems))


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What ``nbgrader generate_assignment`` makes of ``nb`` for students (a copy).

    Solution regions become the course's code stub, written answers its text
    stub (nbgrader's own ``ClearSolutions``, configured as in the course's
    ``nbgrader_config.py``). For checking released notebooks without a course
    directory; the course itself is released by nbgrader.
    """
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config import Config

    from .course_config import CODE_STUB, TEXT_STUB

    config = Config()
    config.ClearSolutions.code_stub = {"python": CODE_STUB}
    config.ClearSolutions.text_stub = TEXT_STUB
    released, _ = ClearSolutions(config=config).preprocess(nbformat.from_dict(nb), {})
    return released
