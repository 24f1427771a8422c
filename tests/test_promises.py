"""Every promise a stub's docstring makes is graded by a concept of its spec.

The check itself lives in :mod:`autograder.promises`; these tests run it over
every graded function and make sure it can fail: a promise line whose concept
never tries the promise, one whose concept tries it but does not grade it, and
a docstring phrase without a line are all reported.
"""
from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from autograder.promises import (KINDS, Promise, check_all, check_function, names, parse_graded,
                                 requirements, sections, stub_docstrings, table)
from autograder.reference import reference_function
from autograder.specs import all_specs


@pytest.fixture(scope="module")
def findings():
    return check_all()


def test_every_promise_of_every_graded_function_is_graded(findings):
    assert [f for f in findings if not f.graded] == [], "\n" + table(findings)


def test_the_check_covers_all_graded_functions_and_every_kind(findings):
    specs = all_specs()
    assert len(specs) == 27
    assert {f.function for f in findings} == set(specs)
    kinds = {f.promise.split()[0] for f in findings}
    assert kinds == set(KINDS)
    # Every function that names errors in its docstring has an errors promise.
    for qualname, spec in specs.items():
        doc = stub_docstrings(spec.module)[spec.function]
        if "Raises" in sections(doc):
            assert any(f.function == qualname and f.promise.startswith("raises")
                       for f in findings), qualname


def _with_graded(doc: str, lines: list[str]) -> str:
    """``doc`` with its Graded section replaced by ``lines``."""
    parts = sections(doc)
    head, _, tail = doc.partition("Graded\n------\n")
    rest = tail[len(parts["Graded"]):]
    return head + "Graded\n------\n" + "\n".join(f"- {line}" for line in lines) + rest


def _problems(qualname: str, lines: list[str]) -> dict[str, list[str]]:
    spec = all_specs()[qualname]
    doc = _with_graded(stub_docstrings(spec.module)[spec.function], lines)
    return {f.promise: f.problems for f in check_function(spec, doc)}


def test_a_concept_that_never_tries_the_promise_is_reported():
    problems = _problems("conv.conv2d", ['dtype x: float32 -> "one channel"'])
    assert problems['dtype x: float32 -> "one channel"'] == [
        "'one channel' never calls with x as float32"]


def test_a_concept_that_tries_the_promise_but_does_not_grade_it_is_reported():
    # The errors concept calls flatten with a valid float64 x but never looks at the dtype.
    problems = _problems("shapes.flatten", ['dtype x: float64 -> "errors"'])
    assert problems['dtype x: float64 -> "errors"'] == [
        "an implementation that returns another dtype for float64 x still passes 'errors'"]


def test_an_errors_concept_without_a_valid_call_is_reported():
    spec = all_specs()["shapes.flatten"]
    only_bad = replace(spec, concepts=tuple(replace(c, examples=()) if c.name == "errors" else c
                                            for c in spec.concepts))
    doc = stub_docstrings("shapes")["flatten"]
    found = {f.promise: f.problems for f in check_function(only_bad, doc)}
    assert found['raises x -> "errors"'] == ["'errors' never calls with a valid call"]


def test_a_promise_without_a_line_is_reported():
    problems = _problems("backprop.max_pool2d_backward", ['dtype dout: float32 -> "dtype"'])
    uncovered = [p for p, found in problems.items() if found == ["promised, but no Graded line covers it"]]
    assert any(p.startswith("ties") for p in uncovered)
    assert any(p.startswith("form stride: pair") for p in uncovered)
    assert any(p.startswith("raises dout") for p in uncovered)
    assert problems['dtype dout: float32 -> "dtype"'] == []


def test_unknown_concepts_and_parameters_are_reported():
    problems = _problems("backprop.relu_backward", ['edge x: 0 -> "at one"', 'ndim y: 2 -> "gradient"'])
    assert problems['edge x: 0 -> "at one"'] == ["relu_backward has no concept 'at one'"]
    assert problems['ndim y: 2 -> "gradient"'] == ["not parameters of relu_backward: y"]


def test_requirements_come_from_explicit_phrases():
    doc = inspect.cleandoc('''
        Something with ties broken to the first.

        Parameters
        ----------
        x : ndarray, any shape
        stride : int or (int, int), default 1
        padding : {"valid", "same"} or int or (int, int)

        Returns
        -------
        ndarray
            Floats keep their dtype; integer inputs give float64, and ``x == 0`` gives 0.

        Raises
        ------
        ValueError
            If ``x`` is empty or stride < 1.
        ''')

    def f(x, stride=1, padding="valid"):
        pass

    found = {(r.kind, r.arg, r.value) for r in requirements(doc, inspect.signature(f))}
    assert found == {
        ("ndim", "x", None), ("form", "stride", "int"), ("form", "stride", "pair"),
        ("form", "stride", "default"), ("form", "padding", "int"), ("form", "padding", "pair"),
        ("form", "padding", '"same"'), ("dtype", None, "float"), ("dtype", None, "integer"),
        ("edge", "x", "0"), ("raises", "x", None), ("raises", "stride", None), ("ties", None, None),
    }


def test_promise_lines_parse_into_items():
    (promise,) = parse_graded('- form stride, padding: int, pair -> "stride"\nprose is ignored')
    assert promise == Promise("form", ("stride", "padding"), ("int", "pair"), "stride",
                              'form stride, padding: int, pair -> "stride"')
    assert promise.items() == [("stride", "int"), ("stride", "pair"), ("padding", "int"),
                               ("padding", "pair")]
    (raises,) = parse_graded('- raises x, w -> "errors"')
    assert raises.items() == [("x", None), ("w", None), ("", "valid calls")]
    with pytest.raises(ValueError, match="not a promise line"):
        parse_graded('- speed conv2d -> "fast"')


def test_a_message_names_an_argument_outside_parenthesised_shapes():
    assert names("ValueError: w has 2 input channels but x has 3", "x")
    assert names("ValueError: dout must have the shape of x (2, 3), got (3, 2)", "x")
    assert not names("ValueError: stride must be an int or an (h, w) pair, got 0", "w")
    assert not names("ValueError: x_shape must be (N, H, W, C)", "x")
    assert not names("TypeError: x must be 4-D", "x")


def test_stub_docstrings_are_the_references():
    for qualname, spec in all_specs().items():
        reference = inspect.cleandoc(reference_function(qualname).__doc__)
        assert stub_docstrings(spec.module)[spec.function] == reference, qualname
