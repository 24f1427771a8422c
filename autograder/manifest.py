"""The course's assignments and the specs each grades.

The list lives in ``autograder/assignments.toml``, shipped inside the package so
that a student's self-check finds it without the course repository.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .spec import FunctionSpec
from .specs import all_specs

MANIFEST = Path(__file__).resolve().parent / "assignments.toml"


@dataclass(frozen=True)
class Assignment:
    id: str
    section: str
    title: str
    notebook: str
    functions: tuple[str, ...]
    models: tuple[str, ...] = ()   # trained networks graded by accuracy (autograder.model_grading)
    speed: tuple[str, ...] = ()    # functions graded for speed (autograder.speed_grading)


class UnknownAssignment(ValueError):
    """An assignment id that is not in the manifest, or a function without a spec."""


@lru_cache(maxsize=None)
def assignments(manifest: Path = MANIFEST) -> dict[str, Assignment]:
    """Every assignment by id, in lecture order."""
    if not manifest.exists():
        return {}
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    return {a["id"]: Assignment(a["id"], a["section"], a["title"], a.get("notebook", ""),
                                tuple(a.get("functions", ())), tuple(a.get("models", ())),
                                tuple(a.get("speed", ())))
            for a in data.get("assignment", [])}


def get_assignment(assignment_id: str) -> Assignment:
    """The assignment ``assignment_id``.

    Raises
    ------
    UnknownAssignment
        For an id not in the manifest; the message lists the known ids.
    """
    known = assignments()
    if assignment_id not in known:
        raise UnknownAssignment(f"unknown assignment {assignment_id!r}; known: "
                                f"{', '.join(known) or '(none)'}")
    return known[assignment_id]


def specs_for(assignment: str | None = None, functions: list[str] | None = None) -> list[FunctionSpec]:
    """The specs to grade: an explicit list of functions, an assignment's, or everything.

    Raises
    ------
    UnknownAssignment
        For an id not in the manifest or a function without a spec.
    """
    specs = all_specs()
    if functions:
        names = list(functions)
    elif assignment:
        names = list(get_assignment(assignment).functions)
    else:
        return list(specs.values())
    resolved = []
    for name in names:
        if "." not in name:  # a bare function name: find its module
            matches = [q for q in specs if q.split(".")[1] == name]
            name = matches[0] if len(matches) == 1 else name
        if name not in specs:
            raise UnknownAssignment(f"no grading spec for {name!r}")
        resolved.append(specs[name])
    return resolved


def models_for(assignment: str | None):
    """The trained networks an assignment grades (none unless the manifest lists them)."""
    from .model_grading import MODEL_TASKS

    return [MODEL_TASKS[name] for name in get_assignment(assignment).models] if assignment else []


def speed_for(assignment: str | None):
    """The speed tasks an assignment grades (none unless the manifest lists them)."""
    from .speed_grading import SPEED_TASKS

    return [SPEED_TASKS[name] for name in get_assignment(assignment).speed] if assignment else []
