"""Correct submissions in four styles get full marks on every concept, every time.

The folders under ``tests/corpus/correct/`` were written from API.md and the
lecture alone, each in its own style (Python loops, as_strided/einsum, im2col
computed in float32, broadcasting with numpy integers in the returned shapes and
a ``rng.choice`` dropout mask). A concept one of them fails is a fairness bug in
a spec (or a disagreement with API.md), never a matter of taste.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.manifest import specs_for
from autograder.engine import grade_submission

CORPUS = Path(__file__).resolve().parent / "corpus"
STYLES = sorted(p.name for p in (CORPUS / "correct").iterdir() if p.is_dir())
MODULES = ("shapes", "params", "conv", "pooling", "dropout", "activations")
# A student's module may import numpy, cnnlab and its sibling modules, nothing of the course's.
FORBIDDEN_IMPORT = re.compile(r"^\s*(from|import)\s+(solutions|autograder)\b", re.MULTILINE)


def graded_specs():
    """Every spec of the five forward modules (backprop has its own tests)."""
    return [spec for spec in specs_for(None) if spec.module in MODULES]


def concept_outcomes(result) -> dict:
    return {c.name: (c.score, c.status, c.examples_run) for c in result.concepts}


def test_there_are_four_complete_styles():
    assert len(STYLES) >= 4
    for style in STYLES:
        assert sorted(p.stem for p in (CORPUS / "correct" / style).glob("*.py")) == sorted(MODULES)


def test_no_corpus_submission_imports_the_course_code():
    """Only the hostile "reads_reference" looks for solutions/, and it does so by path."""
    offenders = [str(path.relative_to(CORPUS)) for path in CORPUS.rglob("*.py")
                 if FORBIDDEN_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.slow
@pytest.mark.parametrize("style", STYLES)
def test_correct_submission_gets_full_marks_twice(style):
    specs = graded_specs()
    first = grade_submission(CORPUS / "correct" / style, specs, student=style)
    lost = [(c.name, c.status, c.message_en, c.counterexample and c.counterexample.detail)
            for c in first.concepts if not c.passed]
    assert lost == []
    assert first.score == first.max_score > 100
    assert [t.name for t in first.tasks] == \
        [s.qualname for s in specs]
    second = grade_submission(CORPUS / "correct" / style, specs, student=style)
    assert concept_outcomes(second) == concept_outcomes(first)


def test_every_demo_student_hands_in_every_module():
    """The demo grades every function, so every example student has every stub module."""
    demo = CORPUS.parents[1] / "examples" / "submissions"
    stubs = sorted(p.stem for p in (CORPUS.parents[1] / "assignments" / "modules").glob("*.py"))
    students = sorted(p for p in demo.iterdir() if p.is_dir())
    assert len(students) >= 5
    for folder in students:
        assert sorted(p.stem for p in folder.glob("*.py")) == stubs, folder.name
        for path in folder.glob("*.py"):
            assert not FORBIDDEN_IMPORT.search(path.read_text(encoding="utf-8")), path
