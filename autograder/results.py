"""Typed results of a grading run, and their Gradescope ``results.json`` form."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Counterexample:
    """The smallest failing input found for a concept, rendered for people.

    Every field is already text: feedback never holds live student objects.
    """
    call: str                 # e.g. "conv2d(x, w, stride=2)" with the arguments listed below
    arguments: dict[str, str]  # argument name -> rendered value
    expected: str
    received: str
    detail: str = ""          # what differs (shape, dtype, first differing index, ...)


@dataclass
class ConceptResult:
    """Score of one concept of one function (one row of the gradebook's detail)."""
    function: str
    concept: str
    score: float
    max_score: float
    status: str               # passed | failed | error | timeout | crashed | memory | missing | skipped
    examples_run: int = 0
    message_en: str = ""
    message_ko: str = ""
    diagnosis_en: str = ""    # the likely mistake, when a diagnoser recognised it
    diagnosis_ko: str = ""
    counterexample: Counterexample | None = None
    output: str = ""          # what the student's code printed (truncated)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def name(self) -> str:
        return f"{self.function}: {self.concept}"


@dataclass
class FunctionResult:
    module: str
    function: str
    concepts: list[ConceptResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(c.score for c in self.concepts)

    @property
    def max_score(self) -> float:
        return sum(c.max_score for c in self.concepts)


@dataclass
class SubmissionResult:
    """Everything graded for one submission folder."""
    student: str
    assignment: str | None
    functions: list[FunctionResult] = field(default_factory=list)
    seconds: float = 0.0
    isolation: str = ""
    grader_version: str = ""
    fingerprint: str = ""     # hash of the graded files: reruns skip unchanged work

    @property
    def score(self) -> float:
        return round(sum(f.score for f in self.functions), 6)

    @property
    def max_score(self) -> float:
        return round(sum(f.max_score for f in self.functions), 6)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        functions = []
        for f in data.get("functions", []):
            concepts = []
            for c in f.get("concepts", []):
                cx = c.get("counterexample")
                concepts.append(ConceptResult(**{**c, "counterexample":
                                                 Counterexample(**cx) if cx else None}))
            functions.append(FunctionResult(**{**f, "concepts": concepts}))
        return cls(**{**data, "functions": functions})
