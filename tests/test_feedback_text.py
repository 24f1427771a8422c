"""Feedback text: values printed like numpy, every sentence Korean first, one vocabulary.

- Values read as numpy prints them: no ``np.float64(...)``; a ``(KH, KW, 1, 1)``
  kernel is one matrix; text is shortened by whole rows, slices or items,
  never in the middle of a row.
- Every concept has a Korean title; reports show "스트라이드 (stride)".
- The Korean slot of every message holds Korean; the engine, judges and
  reports take their recurring sentences from ``autograder.vocabulary``.
"""
from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.compare import assert_same_dtypes, difference
from autograder.engine import grade_submission
from autograder.failure import Failure, choose_hint
from autograder.manifest import specs_for
from autograder.rendering import render, short
from autograder.report import to_html, to_markdown
from autograder.selfcheck import run_self_check
from autograder.spec import Case, Mismatch
from autograder.specs import all_specs
from submissions import ROOT, mutate, reference_submission

HANGUL = re.compile("[\uac00-\ud7a3]")
# A line of numpy's array text: whole numbers (or "..."), brackets only at its ends.
NUMBER = r"(?:-?(?:\d+\.?\d*(?:e[+-]\d+)?|nan|inf)|\.\.\.|True|False)"
ROW = re.compile(rf"^ *\[* *{NUMBER}(?:, +{NUMBER})*\]*,?$")
SUMMARY_ROW = re.compile(r"^ *\.\.\.,?$")
HEAD = re.compile(r"^array shape=\(.*\) dtype=\w+( \(empty\)|, every element .*)?$")
SLICE = re.compile(r"^\[(\d+|:), :, (\d+|:), \d+\] =$")
MORE = re.compile(r"^\.\.\. \(\d+ more (slices|matrices) not shown / \d+개 더 있음\)$")


def assert_whole_rows(text: str) -> None:
    """Every line of a rendered array is a header, a slice label or a whole numpy row."""
    for line in text.splitlines():
        assert (HEAD.match(line) or SLICE.match(line) or MORE.match(line) or ROW.match(line)
                or SUMMARY_ROW.match(line) or line == ""), (line, text)


# ---------------------------------------------------------------- numpy-like values

def test_numpy_scalars_read_like_numbers():
    found = difference(np.array([[261.0]]), np.array([[-261.0]]))
    assert "expected 261.0, got -261.0" in found.text.en and "index [0, 0]" in found.text.en
    assert "기대 261.0, 받은 -261.0" in found.text.ko
    found = difference((np.int64(3), np.int64(4), 5), (3, np.int64(5), 5))
    assert found.items == (1,) and "5" in found.text.en
    for text in (found.text.en, found.text.ko, short((np.float64(1.5), np.int32(2))),
                 render(np.float32(2.5)), render({"a": np.int64(1)})):
        assert "np." not in text and "float64(" not in text and "int64(" not in text


def test_a_kernel_of_one_channel_is_one_matrix():
    kernel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])[:, :, None, None]
    text = render(kernel, kernel=True)
    assert text.splitlines() == ["array shape=(3, 3, 1, 1) dtype=float64", "[:, :, 0, 0] =",
                                 "[[-1.,  0.,  1.],", " [-2.,  0.,  2.],", " [-1.,  0.,  1.]]"]
    image = np.arange(6.0).reshape(1, 2, 3, 1)
    assert render(image).splitlines()[1:] == ["[0, :, :, 0] =", "[[0., 1., 2.],", " [3., 4., 5.]]"]


def test_the_self_check_shows_a_kernel_as_a_matrix(tmp_path):
    folder = reference_submission(tmp_path / "flipped")
    mutate(folder / "conv.py", "w.astype(dtype, copy=False).reshape",
           "w[::-1, ::-1].astype(dtype, copy=False).reshape")
    report = run_self_check(folder, functions=["conv.conv2d"])
    (line,) = [line for line in report.lines if line.name == "one channel"]
    shown = line.example.split("w = ", 1)[1].splitlines()
    assert shown[0].startswith("array shape=(") and shown[0].endswith(", 1, 1) dtype=float64")
    assert shown[1] == "[:, :, 0, 0] ="
    assert "flipped" in line.diagnosis_en


def test_long_values_are_cut_by_whole_rows():
    image = np.arange(784.0).reshape(1, 28, 28)
    for value, limit in ((image, 1500), (image.reshape(1, 784), 300), (image[..., None], 500),
                         (np.arange(2 * 9 * 9 * 3.0).reshape(2, 9, 9, 3), 700)):
        text = render(value, limit)
        assert len(text) <= limit + 80, len(text)
        assert_whole_rows(text)
    assert "781., 782., 783.]" in render(image, 1500)   # the last row ends whole


@settings(max_examples=60, deadline=None, derandomize=True)
@given(shape=st.lists(st.integers(1, 12), min_size=1, max_size=4).map(tuple),
       limit=st.integers(150, 2000), kernel=st.booleans(),
       dtype=st.sampled_from(["float64", "float32", "int64", "bool"]))
def test_any_array_renders_as_whole_rows(shape, limit, kernel, dtype):
    value = (np.arange(int(np.prod(shape))) % 23 - 11).reshape(shape).astype(dtype)
    assert_whole_rows(render(value, limit, kernel=kernel))


# ---------------------------------------------------------------- Korean first

FORMULAS = {"dx", "dw", "db", "x @ w + b"}


def test_every_concept_has_a_korean_title():
    for qualname, spec in all_specs().items():
        for concept in spec.concepts:
            # a formula may stand for itself ("dx", "x @ w + b"); every other title is Korean
            assert HANGUL.search(concept.title_ko) or concept.title_ko in FORMULAS, \
                (qualname, concept.name, concept.title_ko)


@pytest.fixture(scope="module")
def wrong_graded(tmp_path_factory):
    """The references with a flipped kernel and a flatten in Fortran order, graded."""
    folder = reference_submission(tmp_path_factory.mktemp("wrong"))
    mutate(folder / "conv.py", "w.astype(dtype, copy=False).reshape",
           "w[::-1, ::-1].astype(dtype, copy=False).reshape")
    mutate(folder / "shapes.py", "return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))",
           "return x.reshape(x.shape[0], int(np.prod(x.shape[1:])), order='F')")
    return grade_submission(folder, specs_for(functions=["conv.conv2d", "shapes.flatten"]))


def test_reports_name_concepts_in_korean_then_english(wrong_graded):
    markdown, page = to_markdown(wrong_graded), to_html(wrong_graded)
    assert "### ❌ 채널 하나 (one channel)" in markdown
    assert "### ✅ 잘못된 입력 (errors)" in markdown
    assert "<b>행 우선 순서 (row-major order)</b>" in page
    assert "기대한 값 (expected)" in markdown and "받은 값 (received)" in markdown


def test_korean_slots_hold_korean(wrong_graded):
    failed = [c for c in wrong_graded.concepts if not c.passed]
    assert failed
    for c in failed:
        for korean, english in ((c.message_ko, c.message_en), (c.diagnosis_ko, c.diagnosis_en),
                                (c.counterexample.detail_ko, c.counterexample.detail)):
            if english:
                assert HANGUL.search(korean) and korean != english, (c.name, korean)


def test_a_hint_is_given_only_when_the_difference_fits_it():
    """conv_output_shape: the depth hint for a wrong depth, never for a wrong width."""
    spec = all_specs()["shapes.conv_output_shape"]
    (concept,) = [c for c in spec.concepts if c.name == "filters set the depth"]
    call = Case(((5, 7, 3), 8, (2, 3)), {}, ("input_shape", "filters", "kernel_size"))

    def failure(received):
        expected = (4, 5, 8)
        return Failure(call, expected, received, difference(expected, received))

    depth = choose_hint(concept.hints + spec.hints, failure((4, 5, 3)))
    assert "filters" in depth.en and "depth" in depth.en
    width = choose_hint(concept.hints + spec.hints, failure((4, 6, 8)))
    assert "KW" in width.en and "depth" not in width.en
    # an answer of the wrong form gets no hint about depth or width
    wrong_form = choose_hint(concept.hints, failure([4, 5]))
    assert wrong_form is None


def test_dtype_concepts_see_the_form_not_the_values():
    """assert_same_dtypes: wrong values pass; a float64 item is a DTYPE difference naming it."""
    expected = (np.zeros((2, 3), np.float32), np.zeros(3, np.float32), 1.5)
    assert_same_dtypes(expected, (np.ones((2, 3), np.float32), np.ones(3, np.float32), 7.0))
    with pytest.raises(Mismatch) as caught:
        assert_same_dtypes(expected, (np.ones((2, 3), np.float32), np.ones(3), 1.5))
    found = caught.value.difference
    assert found.kind == "dtype" and found.items == (1,)
    assert "float64" in found.text.en and "[1]" in found.text.en and HANGUL.search(found.text.ko)
    with pytest.raises(Mismatch) as caught:
        assert_same_dtypes(expected, (np.ones((2, 2), np.float32), np.ones(3, np.float32), 1.5))
    assert caught.value.difference.kind == "shape" and caught.value.difference.axes == (1,)


def test_the_call_shown_is_the_call_made():
    """A judge that calls with other arguments than the drawn case shows its own call."""
    from autograder.specs.dropout import judge_rate_zero
    from autograder.sandbox import RNG

    drawn = Case((np.ones((2, 2)), 0.5), {"rng": RNG(3)}, ("x", "rate"))

    def keeps_half(x, rate, rng=None, training=True):
        mask = np.arange(x.size).reshape(x.shape) % 2 == 0
        return x * mask, mask

    with pytest.raises(Mismatch) as raised:
        judge_rate_zero(drawn, keeps_half, None)
    shown = Failure.from_mismatch(raised.value, drawn)
    assert shown.call.args[1] == 0.0 and shown.arg("rate") == 0.0


# ---------------------------------------------------------------- one vocabulary

SHARED_MODULES = ["engine.py", "compare.py", "failure.py", "code_errors.py", "diagnosis.py",
                  "judges.py", "report/markdown.py", "report/html.py", "report/terminal.py",
                  "report/gradescope.py"]


@pytest.mark.parametrize("module", SHARED_MODULES)
def test_recurring_sentences_come_from_the_vocabulary(module):
    """The engine, judges and reports hold no Korean text of their own (docstrings aside)."""
    tree = ast.parse((ROOT / "autograder" / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                and isinstance(node.value, str) and id(node) not in docstrings]
    assert [text for text in literals if HANGUL.search(text)] == []


def test_statuses_are_the_vocabulary_s(wrong_graded):
    from autograder.vocabulary import Status
    for c in wrong_graded.concepts:
        assert Status(c.status) is not None


def test_the_terminal_summary_shortens_a_hint_at_a_word():
    from rich.console import Console

    from autograder.grading_results import ConceptResult, SubmissionResult, TaskKind, TaskResult
    from autograder.report import print_lost_concepts

    hint = ("Convolution layers' parameter count: filters span all channels of the previous layer "
            "and the output depth is the number of filters; Keras' MNIST convnet has 34,826.")
    concept = ConceptResult("count_params", "convolution layers", 0, 4, "failed", diagnosis_en=hint)
    result = SubmissionResult("yoon", "cnn31_flatten_mlp",
                              [TaskResult(TaskKind.FUNCTION, "params.count_params", [concept])])
    screen = io.StringIO()
    print_lost_concepts([result], Console(file=screen, width=400, color_system=None), width=150)
    line = next(text for text in screen.getvalue().splitlines() if "✗" in text)
    assert line.endswith("Keras' MNIST …") and "convn" not in line
