"""Hostile submissions against speed grading: it must time real work, alone on the machine.

The submissions are ``tests/corpus/hostile/speed_caches_answer`` (remembers
answers between calls) and ``speed_background_load`` (leaves busy processes
running to slow the reference down while it is timed).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from autograder.sandbox import Sandbox, isolation_available
from autograder.speed_grading import SPEED_TASKS, grade_speed

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
ISOLATIONS = ["process"] + (["bwrap"] if isolation_available() == "bwrap" else [])
SAME = "same result on a training batch"


def _grade(name: str, isolation: str, repeats: int):
    task = replace(SPEED_TASKS["conv.conv2d"], repeats=repeats)
    with Sandbox(CORPUS / name, isolation=isolation) as box:
        # As in a real grading run, the module is imported before the speed task
        # (the assignment's functions are graded first).
        assert box.has_function("conv", "conv2d").status == "ok"
        result = grade_speed(task, box)
    return {c.concept: c for c in result.concepts}


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_remembered_answers_do_not_make_a_slow_convolution_fast(isolation):
    concepts = _grade("speed_caches_answer", isolation, repeats=2)
    assert concepts[SAME].passed, concepts[SAME].message_en
    speed = [c for name, c in concepts.items() if name != SAME]
    assert speed and not any(c.passed for c in speed), [c.message_en for c in speed]


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_processes_left_running_cannot_slow_the_reference(isolation):
    concepts = _grade("speed_background_load", isolation, repeats=3)
    assert concepts[SAME].passed, concepts[SAME].message_en
    speed = [c for name, c in concepts.items() if name != SAME]
    assert speed and not any(c.passed for c in speed), [c.message_en for c in speed]
