"""Gradescope's ``results.json``: one test per concept, named ``"function: concept"``."""
from __future__ import annotations

from typing import Any

from ..grading_results import SubmissionResult
from .markdown import SKIPPED_NOTE, SKIPPED_TITLE, concept_feedback, md_text


def to_gradescope(result: SubmissionResult) -> dict[str, Any]:
    """The results.json document (Gradescope autograder specification)."""
    tests = []
    for task in result.tasks:
        for c in task.concepts:
            tests.append({
                "name": c.name,
                "score": c.score,
                "max_score": c.max_score,
                "status": "passed" if c.passed else "failed",
                "output": concept_feedback(c),
                "output_format": "md",
                "visibility": "visible",
            })
    output = f"{result.score:g} / {result.max_score:g} ({result.assignment or 'all functions'})"
    if result.skipped:
        output += "\n\n" + "\n".join(
            [f"**{SKIPPED_TITLE.ko} ({SKIPPED_TITLE.en})**", "", md_text(SKIPPED_NOTE.en), ""]
            + [f"- {md_text(line)}" for line in result.skipped])
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": output,
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"student": result.student, "assignment": result.assignment,
                       "max_score": result.max_score, "isolation": result.isolation,
                       "grader_version": result.grader_version,
                       "fingerprint": result.fingerprint},
    }
