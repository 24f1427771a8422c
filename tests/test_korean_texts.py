"""Korean texts students read never glue a particle to a name the program fills in.

A particle after a value inserted at run time ("{function}이", "{weights_file} 이") is
wrong for half of all names ("relu이", "mnist_cnn.npz 이"), and the "이(가)" way
out reads like a form. Student-facing sentences are written so that no particle
depends on a name: "`relu` 함수가 ...", "가중치 파일이 없습니다: mnist_cnn.npz".

The sources are scanned (every notebook, the provided ``cnnlab`` package, the
grader's messages, hints and reports, the student guide); the notebook runs of
``test_notebooks.py`` scan what the notebooks print with :func:`particle_problems`.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from autograder.specs import all_specs
from autograder.vocabulary import MESSAGES
from korean_text import particle_problems

ROOT = Path(__file__).resolve().parents[1]
# Everything a student reads. The similarity report is the instructor's (and its one
# glued particle follows a percentage, which always reads the same).
STUDENT_FACING = sorted(
    [*(ROOT / "assignments" / "notebooks").glob("*.py"),
     *(ROOT / "assignments" / "modules").glob("*.py"),
     *(ROOT / "cnnlab").rglob("*.py"),
     *(ROOT / "autograder" / "specs").glob("*.py"),
     *(ROOT / "autograder" / "report").glob("*.py"),
     *(ROOT / "autograder" / "course").glob("*.py"),
     *[ROOT / "autograder" / name for name in (
         "vocabulary.py", "selfcheck.py", "model_grading.py", "speed_grading.py", "engine.py",
         "grading_results.py", "cli.py", "compare.py", "judges.py", "code_errors.py")],
     ROOT / "docs" / "student_guide.md"])

def test_the_patterns_catch_the_known_slips():
    assert particle_problems("relu이(가) 없습니다")
    assert particle_problems('print(f"{weights_file} 이 아직 없습니다")')
    assert particle_problems("f'{function}를 구현하세요'")
    assert particle_problems("10×10 개의 뉴런")
    assert particle_problems("결과를 (으)로 바꾸세요")
    assert not particle_problems("`relu` 함수가 없습니다: {function}")
    assert not particle_problems("가중치 파일이 아직 없습니다: {weights_file}")
    assert not particle_problems("{module}.py에 {function} 함수가 없습니다")
    assert not particle_problems("10×10 = 100개의 뉴런, dict {a: b} 이후")  # "이후" is a word


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: str(p.relative_to(ROOT)))
def test_student_facing_sources_leave_no_particle_to_chance(path):
    assert particle_problems(path.read_text(encoding="utf-8")) == []


def test_grader_messages_and_hints_leave_no_particle_to_chance():
    texts = [text.ko for text in MESSAGES.values()]
    for spec in all_specs().values():
        texts += [hint.ko for concept in spec.concepts for hint in concept.hints]
        texts += [hint.ko for hint in spec.hints]
        texts += [diagnoser.hint.ko for diagnoser in spec.diagnosers]
    problems = [p for text in texts for p in particle_problems(text)]
    assert problems == []
