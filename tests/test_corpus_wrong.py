"""Realistic wrong submissions are caught, on the right concepts, with a usable explanation.

Each folder under ``tests/corpus/wrong/`` holds the student module(s) with one
typical mistake and an ``expect.toml``::

    function = "conv.conv2d"          # the one function graded
    fails = ["stride"]                # concepts that must fail
    passes = ["one channel"]          # concepts that must still pass (targeted partial credit)
    diagnosis = "stride"              # optional: text the diagnosis must contain
"""
from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from autograder.manifest import specs_for
from autograder.engine import grade_submission
from autograder.settings import load_settings

CORPUS = Path(__file__).resolve().parent / "corpus" / "wrong"
WRONG = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
MODULES = ("shapes", "params", "conv", "pooling", "dropout", "activations")
# Fewer shrinking calls than a real grading run keeps this file near a minute; the
# failures and diagnoses asserted here do not depend on the last shrinking steps.
SETTINGS = load_settings({"shrink_calls": 30})


def expectation(name: str) -> dict:
    return tomllib.loads((CORPUS / name / "expect.toml").read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_covers_every_function():
    assert len(WRONG) >= 35
    covered = {expectation(name)["function"] for name in WRONG}
    graded = {spec.qualname for spec in specs_for(None) if spec.module in MODULES}
    assert graded - covered == set()


@pytest.mark.parametrize("name", WRONG)
def test_wrong_submission_loses_exactly_the_named_concepts(name, caplog):
    expect = expectation(name)
    specs = specs_for(functions=[expect["function"]])
    with caplog.at_level(logging.ERROR, logger="autograder.engine"):
        result = grade_submission(CORPUS / name, specs, student=name, settings=SETTINGS)
    # Every diagnoser ran on every failure without raising (the engine logs any that does).
    assert [r.getMessage() for r in caplog.records if "diagnoser" in r.getMessage()] == []
    (function,) = result.tasks
    concepts = {c.concept: c for c in function.concepts}
    fails, passes = expect["fails"], expect.get("passes", [])
    assert set(fails + passes) <= set(concepts), "expect.toml names an unknown concept"
    assert not set(fails) & set(passes)

    assert function.score < function.max_score
    for concept in fails:
        c = concepts[concept]
        assert c.status == "failed" and c.score == 0, (concept, c.status, c.message_en)
        assert c.message_en and c.message_ko
        assert c.counterexample is not None
        assert c.counterexample.call.startswith(function.short + "(")
        assert c.counterexample.received and c.counterexample.detail
    wrongly_failed = {concept: (concepts[concept].status, concepts[concept].counterexample)
                      for concept in passes if not concepts[concept].passed}
    assert wrongly_failed == {}
    if "diagnosis" in expect:
        diagnoses = [concepts[concept].diagnosis_en for concept in fails]
        assert any(expect["diagnosis"] in d for d in diagnoses), diagnoses
        assert all(concepts[concept].diagnosis_ko for concept in fails
                   if expect["diagnosis"] in concepts[concept].diagnosis_en)
