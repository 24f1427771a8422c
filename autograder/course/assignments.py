"""The assignments of ``assignments/manifest.toml`` and where their files are."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST = REPO_ROOT / "assignments" / "manifest.toml"
NOTEBOOK_SOURCES = REPO_ROOT / "assignments" / "notebooks"
STUB_MODULES = REPO_ROOT / "assignments" / "modules"


@dataclass(frozen=True)
class Assignment:
    """One ``[[assignment]]`` entry of the manifest.

    Attributes
    ----------
    id : str
        Also the nbgrader assignment name and the notebook's file stem.
    section, title : str
        The lecture section and the Korean title.
    notebook : str
        File name of the jupytext source in ``assignments/notebooks/``.
    functions : tuple of str
        The graded functions, ``"module.function"``.
    """
    id: str
    section: str
    title: str
    notebook: str
    functions: tuple[str, ...]

    @property
    def notebook_source(self) -> Path:
        return NOTEBOOK_SOURCES / self.notebook

    @property
    def notebook_name(self) -> str:
        """The built notebook's file name, ``<id>.ipynb``."""
        return f"{self.id}.ipynb"


def load_assignments(manifest: Path = MANIFEST) -> dict[str, Assignment]:
    """All assignments of the manifest, by id, in lecture order."""
    with open(manifest, "rb") as fh:
        data = tomllib.load(fh)
    return {entry["id"]: Assignment(entry["id"], entry["section"], entry["title"],
                                    entry["notebook"], tuple(entry["functions"]))
            for entry in data["assignment"]}


def get_assignment(assignment_id: str, manifest: Path = MANIFEST) -> Assignment:
    """The assignment ``assignment_id``; ``KeyError`` lists the known ids."""
    assignments = load_assignments(manifest)
    try:
        return assignments[assignment_id]
    except KeyError:
        raise KeyError(f"unknown assignment {assignment_id!r}; known: {', '.join(assignments)}") from None


def stub_modules(directory: Path = STUB_MODULES) -> list[Path]:
    """The student stub modules every assignment ships (``shapes.py``, ``conv.py``, ...)."""
    return sorted(p for p in directory.glob("*.py") if not p.name.startswith("_"))
