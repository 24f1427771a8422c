"""Realistic wrong submissions are caught, on the right concepts, with a usable explanation.

Each folder under ``tests/corpus/wrong/`` holds the student module(s) with one
typical mistake and an ``expect.toml``::

    function = "conv.conv2d"          # the one function graded
    fails = ["stride"]                # concepts that must fail
    passes = ["one channel"]          # concepts that must still pass (targeted partial credit)
    diagnosis = "stride"              # optional: text the diagnosis must contain
    hints = {"stride" = "moves the kernel"}   # optional: text the message of a concept must contain
    calls = {"rate zero" = "0.0"}     # optional: text the call shown for a concept must contain

Every failed concept is also replayed: its counterexample's input is judged
again against the submission, and the hint shown must fit that very failure
(its ``fits`` predicate holds), or, when no hint fits, the message must say
what differs.
"""
from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import pytest

from autograder.engine import _counterexample, grade_submission
from autograder.failure import Failure, choose_hint, hint_fits
from autograder.judges import compare_with_reference
from autograder.manifest import specs_for
from autograder.reference import call_reference
from autograder.sandbox import Sandbox
from autograder.settings import load_settings
from autograder.spec import Mismatch
from autograder.stored_cases import case_from_data
from autograder.student import StudentFunction

CORPUS = Path(__file__).resolve().parent / "corpus" / "wrong"
HANGUL = re.compile("[\uac00-\ud7a3]")
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
        assert c.counterexample.detail and c.counterexample.detail_ko
        for korean, english in ((c.message_ko, c.message_en), (c.counterexample.detail_ko,
                                                               c.counterexample.detail),
                                (c.diagnosis_ko, c.diagnosis_en)):
            assert not english or (HANGUL.search(korean) and korean != english), (concept, korean)
    wrongly_failed = {concept: (concepts[concept].status, concepts[concept].counterexample)
                      for concept in passes if not concepts[concept].passed}
    assert wrongly_failed == {}
    if "diagnosis" in expect:
        diagnoses = [concepts[concept].diagnosis_en for concept in fails]
        assert any(expect["diagnosis"] in d for d in diagnoses), diagnoses
        assert all(concepts[concept].diagnosis_ko for concept in fails
                   if expect["diagnosis"] in concepts[concept].diagnosis_en)
    for concept, words in expect.get("hints", {}).items():
        assert words in concepts[concept].message_en, (concept, concepts[concept].message_en)
    for concept, words in expect.get("calls", {}).items():
        assert words in concepts[concept].counterexample.call, concepts[concept].counterexample
    failed = [c for c in function.concepts if c.status == "failed"]
    assert_hints_fit(specs[0], failed, CORPUS / name)


def assert_hints_fit(spec, failed, folder) -> None:
    """Each failed concept's message fits the failure its counterexample shows.

    The counterexample's input is judged again against the submission (in a new
    sandbox, with the live references); the hint shown must be one whose
    ``fits`` holds on that failure, or, when the message is not a hint, no hint
    may fit and the message must be the difference itself. The call shown must
    be the call that failed.
    """
    by_name = {c.name: c for c in spec.concepts}

    def reference(*args, **kwargs):
        return call_reference(spec.qualname, args, kwargs)

    with Sandbox(folder) as box:
        student = StudentFunction(box, spec.module, spec.function)
        for result in failed:
            concept = by_name[result.concept]
            case = case_from_data(result.counterexample.input)
            judge = concept.judge or compare_with_reference
            try:
                judge(case, student, reference)
            except Mismatch as exc:
                failure, judge_hint = Failure.from_mismatch(exc, case), exc.hint
            else:
                raise AssertionError(f"{result.concept}: the counterexample passes on replay")
            shown = (result.message_ko, result.message_en)
            hints = concept.hints + spec.hints
            hint = next((h for h in hints if (h.ko, h.en) == shown), None)
            assert _counterexample(spec, failure.call, None, None).call == \
                result.counterexample.call, result.concept
            if judge_hint is not None:
                assert shown == (judge_hint.ko, judge_hint.en), result.concept
            elif hint is not None:
                assert hint_fits(hint, failure), (result.concept, hint.en, failure.difference)
                assert choose_hint(hints, failure) is hint, result.concept  # the first that fits
            else:
                assert choose_hint(hints, failure) is None, (result.concept, shown)
                assert shown == (failure.difference.text.ko, failure.difference.text.en)
