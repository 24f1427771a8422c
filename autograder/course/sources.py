"""Where an assignment's files are: its notebook source, its built notebook, the stubs.

The assignments themselves (ids, titles, graded functions) come from
``autograder/assignments.toml`` through :mod:`autograder.manifest`.
"""
from __future__ import annotations

from pathlib import Path

from autograder.manifest import Assignment

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_SOURCES = REPO_ROOT / "assignments" / "notebooks"
STUB_MODULES = REPO_ROOT / "assignments" / "modules"

__all__ = ["has_notebook", "notebook_name", "notebook_source", "stub_modules"]


def notebook_source(assignment: Assignment) -> Path:
    """The jupytext percent-format source, ``assignments/notebooks/<notebook>``."""
    return NOTEBOOK_SOURCES / assignment.notebook


def has_notebook(assignment: Assignment) -> bool:
    """Whether the assignment's notebook source has been written."""
    return bool(assignment.notebook) and notebook_source(assignment).is_file()


def notebook_name(assignment: Assignment) -> str:
    """The built notebook's file name, ``<id>.ipynb`` (nbgrader's notebook id is ``<id>``)."""
    return f"{assignment.id}.ipynb"


def stub_modules(directory: Path = STUB_MODULES) -> list[Path]:
    """The student stub modules every assignment ships (``shapes.py``, ``conv.py``, ...)."""
    return sorted(p for p in directory.glob("*.py") if not p.name.startswith("_"))
