"""What the report takes from the course itself: lecture sections, mistake names, targets.

Every graded task belongs to the lecture section of the assignment that
grades it (``section`` in ``autograder/assignments.toml``); a diagnosed
mistake is named by its diagnoser in the function's spec; the targets of a
trained network and of a speed task are their grading thresholds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..grading_results import TaskKind


@dataclass(frozen=True)
class Section:
    """A section of the lecture, as the assignment that teaches it names it.

    Attributes
    ----------
    number : str
        ``"3.6"``; ``""`` when no assignment grades the task.
    title : str
        The assignment's title (Korean, with the English term).
    assignment : str
        The assignment's id.
    notebook : str
        The notebook students open for it.
    """
    number: str
    title: str
    assignment: str
    notebook: str = ""

    @property
    def anchor(self) -> str:
        """The id of this section's row on the page (``section-3-6``; ``"3.2, 3.3"``: ``section-3-2-3-3``)."""
        return "section-" + ("-".join(re.findall(r"[0-9A-Za-z]+", self.number)) or "none")


NO_SECTION = Section("", "", "")


@lru_cache(maxsize=None)
def _sections() -> dict[tuple[str, str], Section]:
    from ..manifest import assignments

    found: dict[tuple[str, str], Section] = {}
    for a in assignments().values():
        section = Section(a.section, a.title, a.id, a.notebook)
        for kind, names in ((TaskKind.FUNCTION, a.functions), (TaskKind.SPEED, a.speed),
                            (TaskKind.MODEL, a.models)):
            for name in names:
                found.setdefault((str(kind), name), section)
    return found


def section_of(kind: str, name: str, assignment: str | None = None) -> Section:
    """The lecture section of a task (``kind``, ``name`` as in :class:`TaskResult`).

    The first assignment of the manifest that grades the task; failing that,
    the graded ``assignment``'s own section.
    """
    found = _sections().get((str(kind), name))
    if found is not None:
        return found
    for section in _sections().values():
        if assignment and section.assignment == assignment:
            return section
    return NO_SECTION


def lecture_sections() -> list[Section]:
    """Every section with an assignment, in lecture order."""
    from ..manifest import assignments

    return [Section(a.section, a.title, a.id, a.notebook) for a in assignments().values()]


@lru_cache(maxsize=None)
def _diagnosers(qualname: str) -> tuple:
    from ..specs import all_specs

    spec = all_specs().get(qualname)
    return spec.diagnosers if spec is not None else ()


def mistake_name(qualname: str, diagnosis_en: str) -> str:
    """The diagnosers' short names for a diagnosis (``"flipped kernel"``).

    A diagnosis names one mistake, or several the smallest example could not
    tell apart (their hints joined by the engine); these are named ``"a or b"``.
    A diagnosis no diagnoser of today's spec wrote (graded by an older grader)
    is named by its own text.
    """
    names = [d.name for d in _diagnosers(qualname) if d.hint.en and d.hint.en in diagnosis_en]
    return " or ".join(names) if names else diagnosis_en


def model_thresholds(name: str) -> tuple[float, ...]:
    """Accuracies that earn points for the network ``name``, ascending (the last: the lecture's target)."""
    from ..model_grading import MODEL_TASKS

    task = MODEL_TASKS.get(name)
    return tuple(sorted(t for t, _ in task.thresholds)) if task is not None else ()


def speed_bounds(name: str) -> tuple[float, ...]:
    """Time ratios to the reference that earn points for ``module.function``, descending."""
    from ..speed_grading import SPEED_TASKS

    task = SPEED_TASKS.get(name)
    return tuple(sorted((r for r, _ in task.ratios), reverse=True)) if task is not None else ()
