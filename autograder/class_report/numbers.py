"""The class's numbers: scores, what was passed, the mistakes made, trained networks, grading health.

Everything is computed from the graded results alone (:class:`GradedClass`),
so the report costs no grading. Shares of a task and of its concepts count
only the students who *attempted* the task: a function left as the stub
(every concept "not implemented" or "missing") or a network without saved
weights says nothing about which idea was not understood; those students are
counted apart.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..grading_results import Counterexample, SubmissionResult, TaskKind, TaskResult
from ..vocabulary import Status
from .lecture import (Section, mistake_name, model_thresholds, section_of, speed_bounds)
from .load import GradedClass

NOT_ATTEMPTED = frozenset({Status.NOT_IMPLEMENTED, Status.MISSING})
# Concept outcomes that say something about grading itself (limits, budgets), not the student.
HEALTH_STATUSES = (Status.TIMEOUT, Status.CRASHED, Status.MEMORY, Status.TOO_SLOW)
EPSILON = 1e-9


def attempted(task: TaskResult) -> bool:
    """False when every concept of ``task`` is "not implemented" or "missing" (the stub, no weights)."""
    return any(c.status not in NOT_ATTEMPTED for c in task.concepts)


def untouched(result: SubmissionResult) -> bool:
    """True when the student attempted none of the function and model tasks graded.

    Speed tasks are left out: a stub that raises is timed as a failed call,
    which cannot be told apart from a wrong answer.
    """
    graded = [t for t in result.tasks if t.kind in (TaskKind.FUNCTION, TaskKind.MODEL)]
    return bool(graded) and not any(attempted(t) for t in graded)


def share(count: int, total: int) -> float | None:
    """``count / total``, or None for an empty total."""
    return count / total if total else None


@dataclass
class ScoreSummary:
    """Scores of the graded students.

    Attributes
    ----------
    scores, max_scores : list of float
        Per graded student, in student order.
    full_marks : int
        Students at their maximum (a maximum above 0).
    untouched : int
        Students who attempted nothing (:func:`untouched`).
    failed : int
        Students whose grading failed (no score).
    """
    scores: list[float]
    max_scores: list[float]
    full_marks: int
    untouched: int
    failed: int

    @property
    def graded(self) -> int:
        return len(self.scores)

    @property
    def same_maximum(self) -> float | None:
        """The maximum when every student had the same one (one assignment), else None."""
        return self.max_scores[0] if self.max_scores and len(set(self.max_scores)) == 1 else None

    @property
    def percents(self) -> list[float]:
        """Each score as a percentage of its student's maximum."""
        return [100 * s / m if m else 0.0 for s, m in zip(self.scores, self.max_scores)]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None


@dataclass
class TaskShare:
    """How the class did on one graded task (a function, a speed task, a network).

    Attributes
    ----------
    label : str
        :attr:`TaskResult.label` (``"conv.conv2d"``, ``"conv.conv2d (speed)"``).
    kind : str
    section : Section
    graded : int
        Students graded on it.
    attempted : int
        Of those, students who attempted it (:func:`attempted`).
    passed : int
        Of those, students who passed every concept.
    """
    label: str
    kind: str
    section: Section
    graded: int = 0
    attempted: int = 0
    passed: int = 0

    @property
    def share(self) -> float | None:
        return share(self.passed, self.attempted)

    @property
    def not_attempted(self) -> int:
        return self.graded - self.attempted


@dataclass
class ConceptShare:
    """How the students who attempted a task did on one of its concepts.

    Attributes
    ----------
    label : str
        The task's label.
    concept : str
    section : Section
    attempted : int
        Students who attempted the task and were graded on this concept.
    passed : int
    statuses : Counter
        How the others' concepts ended (failed, timeout, skipped, ...).
    """
    label: str
    concept: str
    section: Section
    attempted: int = 0
    passed: int = 0
    statuses: Counter = field(default_factory=Counter)

    @property
    def share(self) -> float | None:
        return share(self.passed, self.attempted)


@dataclass
class Example:
    """One student's failure that shows a mistake, without saying whose.

    Attributes
    ----------
    concept : str
        The concept it failed.
    counterexample : Counterexample
        The smallest failing call, with any occurrence of the student's id removed.
    """
    concept: str
    counterexample: Counterexample


@dataclass
class Mistake:
    """A diagnosed mistake and how many students made it.

    Attributes
    ----------
    label : str
        The task's label.
    qualname : str
        ``module.function`` (the spec that diagnosed it).
    name : str
        The diagnosers' short names (``"flipped kernel"``).
    ko, en : str
        The diagnosis as students read it.
    section : Section
    students : int
        Students with at least one concept of the task failed with this diagnosis.
    attempted : int
        Students who attempted the task.
    example : Example or None
        The shortest of their counterexamples.
    """
    label: str
    qualname: str
    name: str
    ko: str
    en: str
    section: Section
    students: int
    attempted: int
    example: Example | None

    @property
    def share(self) -> float | None:
        return share(self.students, self.attempted)


@dataclass
class Measured:
    """The measurements of one model or speed task across the class.

    Attributes
    ----------
    label : str
    kind : str
        ``model`` (values: test accuracies, 0-1) or ``speed`` (values: time ratios).
    section : Section
    values : list of float
        One per student with a measurement, in student order.
    unmeasured : int
        Students graded on the task without a measurement (no weights, a failed call).
    marks : tuple of float
        The task's thresholds: accuracies ascending (the last is the lecture's
        target) or ratio bounds descending.
    """
    label: str
    kind: str
    section: Section
    values: list[float]
    unmeasured: int
    marks: tuple[float, ...]

    def reaching(self, mark: float) -> int:
        """Students at or above ``mark`` (accuracy) or within it (speed ratio)."""
        if self.kind == TaskKind.MODEL:
            return sum(v >= mark - EPSILON for v in self.values)
        return sum(v <= mark + EPSILON for v in self.values)


@dataclass
class Health:
    """How grading itself went.

    Attributes
    ----------
    seconds : list of float
        Grading time per graded student.
    isolation : Counter
        Students per isolation mode (``bwrap``, ``process``).
    restarts : list of int
        Sandbox restarts per student who has them recorded.
    not_recorded : int
        Students whose results predate the restart count.
    aborts : dict of str to (int, int)
        Per status of :data:`HEALTH_STATUSES`: concepts with it, students with one.
    failed : dict of str to str
        Students whose grading failed and why.
    """
    seconds: list[float]
    isolation: Counter
    restarts: list[int]
    not_recorded: int
    aborts: dict[str, tuple[int, int]]
    failed: dict[str, str]


@dataclass
class ClassNumbers:
    """Everything the report shows (see the module docstring)."""
    title: str
    summary: ScoreSummary
    tasks: list[TaskShare]
    concepts: list[ConceptShare]
    mistakes: list[Mistake]
    measured: list[Measured]
    health: Health


def _anonymised(cx: Counterexample, student: str) -> Counterexample:
    """The counterexample with the student's id (if it ever appears in it) blanked out."""
    def clean(text: str) -> str:
        return text.replace(student, "…") if len(student) >= 3 else text
    return Counterexample(clean(cx.call), {k: clean(v) for k, v in cx.arguments.items()},
                          clean(cx.expected), clean(cx.received), clean(cx.detail))


def _size(cx: Counterexample) -> int:
    return len(cx.call) + sum(map(len, cx.arguments.values())) + len(cx.expected) + len(cx.received)


def _tasks_and_concepts(results: list[SubmissionResult]) -> tuple[list[TaskShare], list[ConceptShare]]:
    tasks: dict[str, TaskShare] = {}
    concepts: dict[tuple[str, str], ConceptShare] = {}
    for result in results:
        for task in result.tasks:
            section = section_of(task.kind, task.name, result.assignment)
            entry = tasks.setdefault(task.label, TaskShare(task.label, task.kind, section))
            entry.graded += 1
            if not attempted(task):
                continue
            entry.attempted += 1
            entry.passed += all(c.passed for c in task.concepts)
            for c in task.concepts:
                row = concepts.setdefault((task.label, c.concept),
                                          ConceptShare(task.label, c.concept, section))
                row.attempted += 1
                row.passed += c.passed
                if not c.passed:
                    row.statuses[str(c.status)] += 1
    return list(tasks.values()), list(concepts.values())


def _mistakes(results: list[SubmissionResult], tasks: list[TaskShare]) -> list[Mistake]:
    attempts = {t.label: t.attempted for t in tasks}
    found: dict[tuple[str, str], dict] = {}
    for result in results:
        for task in result.tasks:
            seen = set()
            for c in task.concepts:
                if c.passed or not c.diagnosis_en:
                    continue
                key = (task.label, c.diagnosis_en)
                entry = found.setdefault(key, {"task": task, "ko": c.diagnosis_ko, "students": set(),
                                               "examples": [], "assignment": result.assignment})
                if key not in seen:
                    entry["students"].add(result.student)
                    seen.add(key)
                if c.counterexample is not None:
                    entry["examples"].append((_size(c.counterexample), result.student, c))
    mistakes = []
    for (label, en), entry in found.items():
        task: TaskResult = entry["task"]
        example = None
        if entry["examples"]:
            _, student, concept = min(entry["examples"], key=lambda e: (e[0], e[1]))
            example = Example(concept.concept, _anonymised(concept.counterexample, student))
        mistakes.append(Mistake(label, task.name, mistake_name(task.name, en), entry["ko"], en,
                                section_of(task.kind, task.name, entry["assignment"]),
                                len(entry["students"]), attempts.get(label, 0), example))
    mistakes.sort(key=lambda m: (-m.students, m.label, m.name))
    return mistakes


def _measured(results: list[SubmissionResult]) -> list[Measured]:
    found: dict[str, Measured] = {}
    for result in results:
        for task in result.tasks:
            if task.kind not in (TaskKind.MODEL, TaskKind.SPEED):
                continue
            if task.label not in found:
                marks = (model_thresholds(task.name) if task.kind == TaskKind.MODEL
                         else speed_bounds(task.name))
                found[task.label] = Measured(task.label, task.kind,
                                             section_of(task.kind, task.name, result.assignment),
                                             [], 0, marks)
            if task.measurement is None:
                found[task.label].unmeasured += 1
            else:
                found[task.label].values.append(float(task.measurement))
    return list(found.values())


def _health(graded: GradedClass) -> Health:
    results = graded.results
    aborts = {}
    for status in HEALTH_STATUSES:
        per_student = [sum(c.status == status for c in r.concepts) for r in results]
        aborts[str(status)] = (sum(per_student), sum(n > 0 for n in per_student))
    recorded = [r.sandbox_restarts for r in results if r.sandbox_restarts is not None]
    return Health([r.seconds for r in results], Counter(r.isolation or "?" for r in results),
                  recorded, len(results) - len(recorded), aborts, dict(graded.failed))


def class_numbers(graded: GradedClass, title: str) -> ClassNumbers:
    """Every number of the report, from the graded results.

    Parameters
    ----------
    graded : GradedClass
        From :func:`autograder.class_report.load.load_class`.
    title : str
        The course and assignment, or the folder.

    Returns
    -------
    ClassNumbers
        Tasks in the order first graded, concepts in their task's order,
        mistakes most frequent first.
    """
    results = graded.results
    summary = ScoreSummary([r.score for r in results], [r.max_score for r in results],
                           sum(r.max_score > 0 and r.score >= r.max_score - EPSILON for r in results),
                           sum(untouched(r) for r in results), len(graded.failed))
    tasks, concepts = _tasks_and_concepts(results)
    return ClassNumbers(title, summary, tasks, concepts, _mistakes(results, tasks),
                        _measured(results), _health(graded))


def weakest_first(rows: list, limit: int | None = None) -> list:
    """Rows with a share, lowest share first (ties: more students first, then label); no empty ones."""
    kept = [r for r in rows if r.share is not None]
    kept.sort(key=lambda r: (r.share, -getattr(r, "attempted", 0), r.label,
                             getattr(r, "concept", "")))
    return kept[:limit] if limit is not None else kept


__all__ = ["ClassNumbers", "ConceptShare", "Example", "Health", "Measured",
           "Mistake", "ScoreSummary", "TaskShare", "attempted", "class_numbers", "untouched",
           "weakest_first"]
