"""Gradescope's ``results.json``: one test per concept, named ``"function: concept"``."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..results import SubmissionResult
from .markdown import concept_feedback


def to_gradescope(result: SubmissionResult) -> dict[str, Any]:
    """The results.json document (Gradescope autograder specification)."""
    tests = []
    for f in result.functions:
        for c in f.concepts:
            tests.append({
                "name": c.name,
                "score": c.score,
                "max_score": c.max_score,
                "status": "passed" if c.passed else "failed",
                "output": concept_feedback(c),
                "output_format": "md",
                "visibility": "visible",
            })
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": f"{result.score:g} / {result.max_score:g} "
                  f"({result.assignment or 'all functions'})",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"student": result.student, "assignment": result.assignment,
                       "max_score": result.max_score, "isolation": result.isolation,
                       "grader_version": result.grader_version,
                       "fingerprint": result.fingerprint},
    }


def write_gradescope(result: SubmissionResult, path: Path) -> None:
    """Write results.json atomically, so an interrupted run never leaves half a file."""
    write_atomic(Path(path), json.dumps(to_gradescope(result), ensure_ascii=False, indent=2))


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
