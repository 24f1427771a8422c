"""Typed results of grading one submission: concepts, grading tasks, the submission.

A submission is graded as a list of tasks of three kinds (:class:`TaskKind`):
a student function graded concept by concept, a function timed against the
reference (speed), and a trained network evaluated on the test set (model).
Each task holds the concepts that earn its points. Everything here is plain
text and numbers: results never hold live student objects.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from .vocabulary import Status, Text


class TaskKind(StrEnum):
    """What a grading task graded."""
    FUNCTION = "function"   # a student function, concept by concept (autograder.engine)
    SPEED = "speed"         # a function timed against the reference (autograder.speed_grading)
    MODEL = "model"         # a trained network on the test set (autograder.model_grading)


@dataclass
class Counterexample:
    """The smallest failing input found for a concept, rendered for people.

    Every field but ``input`` is text: feedback never holds live student objects.
    """
    call: str                 # e.g. "conv2d(x, w, stride=2)" with the arguments listed below
    arguments: dict[str, str]  # argument name -> rendered value
    expected: str
    received: str
    detail: str = ""          # what differs (shape, dtype, first differing index, ...)
    detail_ko: str = ""       # the same in Korean
    input: dict | None = None  # the drawn case as data (stored_cases.case_to_data), to replay it


@dataclass
class CodeError:
    """An error in the student's code, reported once with its place.

    A module that cannot be imported (``kind="import"``, a ``SyntaxError``
    included) or an exception a function raised on a graded input
    (``kind="runtime"``). ``source`` is the student's line of code and
    ``column``/``end_column`` (1-based, end exclusive; 0 unknown) what to
    underline in it.
    """
    kind: str
    error_type: str
    message: str
    file: str
    line: int
    function: str = ""
    source: str = ""
    column: int = 0
    end_column: int = 0

    @property
    def key(self) -> tuple:
        return (self.file, self.line, self.error_type)   # one bug, whatever the values it met

    @property
    def headline(self) -> str:
        """``"SyntaxError: '(' was never closed"``."""
        return f"{self.error_type}: {self.message}" if self.message else self.error_type

    def excerpt(self) -> str:
        """The place as Python prints it: file and line, the code, a caret under the error.

        Monospace text: show it in a ``<pre>`` or a code block, whitespace kept.
        """
        where = f'File "{self.file}", line {self.line}' + (f", in {self.function}"
                                                           if self.function else "")
        lines = [f"  {where}"]
        code = self.source.rstrip()
        if code.strip():
            indent = len(code) - len(code.lstrip())
            lines.append("    " + code.lstrip())
            if self.column > indent:
                start = self.column - 1 - indent
                width = max(1, min(self.end_column, len(code) + 1) - self.column) \
                    if self.end_column > self.column else 1
                lines.append("    " + " " * start + "^" * width)
        lines.append(self.headline)
        return "\n".join(lines)


@dataclass
class ConceptResult:
    """Score of one concept of one task (one row of the gradebook's detail)."""
    task: str                 # the task's short label ("conv2d", "conv2d speed", "mnist_cnn")
    concept: str              # the concept's English name: its stable key
    score: float
    max_score: float
    status: str               # a vocabulary.Status value
    examples_run: int = 0
    message_en: str = ""
    message_ko: str = ""
    diagnosis_en: str = ""    # the likely mistake, when a diagnoser recognised it
    diagnosis_ko: str = ""
    counterexample: Counterexample | None = None
    output: str = ""          # what the student's code printed (truncated)
    title_ko: str = ""        # the concept's Korean name
    diagnoses: list[str] = field(default_factory=list)   # names of the mistakes recognised

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED

    @property
    def title(self) -> Text:
        """The concept's name in Korean and English (English alone when it has no Korean)."""
        return Text(self.title_ko or self.concept, self.concept)

    @property
    def name(self) -> str:
        return f"{self.task}: {self.concept}"

    def say(self, text: Text) -> "ConceptResult":
        """Set the message to ``text`` (both languages); returns self."""
        self.message_ko, self.message_en = text.ko, text.en
        return self


@dataclass
class TaskResult:
    """One grading task of a submission and the concepts that earn its points.

    Attributes
    ----------
    kind : TaskKind
    name : str
        ``"module.function"`` for function and speed tasks (``"conv.conv2d"``),
        the network's name for model tasks (``"mnist_cnn"``).
    measurement : float or None
        The number a model or speed task measured, for class statistics: the
        test accuracy (0 to 1) of a model, the student's time over the
        reference's of a speed task. None for functions and when nothing could
        be measured (no weights, a failed call).
    """
    kind: str
    name: str
    concepts: list[ConceptResult] = field(default_factory=list)
    seconds: float = 0.0
    measurement: float | None = None
    errors: list[CodeError] = field(default_factory=list)   # errors in the student's code it met

    @property
    def score(self) -> float:
        return sum(c.score for c in self.concepts)

    @property
    def max_score(self) -> float:
        return sum(c.max_score for c in self.concepts)

    @property
    def label(self) -> str:
        """Unique among a submission's tasks: a gradebook column, a heading."""
        return {TaskKind.FUNCTION: self.name, TaskKind.SPEED: f"{self.name} (speed)",
                TaskKind.MODEL: f"{self.name} (model)"}[TaskKind(self.kind)]

    @property
    def short(self) -> str:
        """What concepts are named after: ``conv2d``, ``conv2d speed``, ``mnist_cnn``."""
        function = self.name.rsplit(".", 1)[-1]
        return {TaskKind.FUNCTION: function, TaskKind.SPEED: f"{function} speed",
                TaskKind.MODEL: self.name}[TaskKind(self.kind)]


@dataclass
class SubmissionResult:
    """Everything graded for one submission folder.

    ``sandbox_restarts`` counts the student processes started again after a
    timeout, a crash or a memory kill (None in results stored before it was
    recorded).
    """
    student: str
    assignment: str | None
    tasks: list[TaskResult] = field(default_factory=list)
    seconds: float = 0.0
    isolation: str = ""
    sandbox_restarts: int | None = None
    grader_version: str = ""
    fingerprint: str = ""     # hash of everything the grade depends on: reruns skip unchanged work
    skipped: list[str] = field(default_factory=list)  # files of the submission not read, and why

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tasks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tasks), 6)

    @property
    def concepts(self) -> list[ConceptResult]:
        """Every concept of every task, in order."""
        return [c for t in self.tasks for c in t.concepts]

    @property
    def code_errors(self) -> list[CodeError]:
        """Every error in the student's code the tasks met, each once, in order."""
        seen: dict[tuple, CodeError] = {}
        for task in self.tasks:
            for error in task.errors:
                seen.setdefault(error.key, error)
        return list(seen.values())

    def task(self, label: str) -> TaskResult:
        """The task with this :attr:`TaskResult.label` (``KeyError`` if there is none)."""
        for t in self.tasks:
            if t.label == label:
                return t
        raise KeyError(label)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        tasks = []
        for t in data.get("tasks", []):
            concepts = []
            for c in t.get("concepts", []):
                cx = c.get("counterexample")
                concepts.append(ConceptResult(**{**c, "counterexample":
                                                 Counterexample(**cx) if cx else None}))
            errors = [CodeError(**e) for e in t.get("errors", [])]
            tasks.append(TaskResult(**{**t, "concepts": concepts, "errors": errors}))
        return cls(**{**data, "tasks": tasks})
