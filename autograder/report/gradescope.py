"""Gradescope's ``results.json``: one test per concept, named ``"function: concept"``.

Errors in the student's code (a module that does not import, an exception
with its place) and the files not read are in the top-level output once; the
tests they cost point to it.
"""
from __future__ import annotations

from typing import Any

from ..grading_results import SubmissionResult
from ..vocabulary import both
from .markdown import SKIPPED_NOTE, SKIPPED_TITLE, code_errors_markdown, concept_feedback, md_text


def to_gradescope(result: SubmissionResult) -> dict[str, Any]:
    """The results.json document (Gradescope autograder specification)."""
    tests = []
    for task in result.tasks:
        for c in task.concepts:
            tests.append({
                "name": f"{c.task}: {both(c.title)}",
                "score": c.score,
                "max_score": c.max_score,
                "status": "passed" if c.passed else "failed",
                "output": concept_feedback(c),
                "output_format": "md",
                "visibility": "visible",
            })
    output = [f"{result.score:g} / {result.max_score:g} ({result.assignment or 'all functions'})",
              "", *code_errors_markdown(result.code_errors)]
    if result.skipped:
        output += [f"**{SKIPPED_TITLE.ko} ({SKIPPED_TITLE.en})**", "", md_text(SKIPPED_NOTE.en), ""]
        output += [f"- {md_text(line)}" for line in result.skipped]
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": "\n".join(output).rstrip(),
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"student": result.student, "assignment": result.assignment,
                       "max_score": result.max_score, "isolation": result.isolation,
                       "grader_version": result.grader_version,
                       "fingerprint": result.fingerprint},
    }
