"""The grading engine end to end: real sandbox, real references, real reports."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.manifest import assignments, specs_for
from autograder.classroom import grade_class
from autograder.engine import grade_submission
from autograder.settings import load_settings
from autograder.reference import call_reference
from autograder.report import to_gradescope, to_html, to_markdown
from autograder.selfcheck import run_self_check
from autograder.stored_cases import load
from autograder.specs import all_specs
from submissions import (ROOT, flipped_kernel_submission, mutate, reference_submission,
                         stub_submission)


def _scores(result):
    return {c.name: (c.score, c.status) for c in result.concepts}


@pytest.fixture(scope="module")
def reference_folder(tmp_path_factory) -> Path:
    return reference_submission(tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def reference_result(reference_folder):
    return grade_submission(reference_folder, specs_for(None), student="reference")


def test_reference_gets_full_marks_on_every_concept(reference_result):
    failed = [(c.name, c.status, c.message_en) for c in reference_result.concepts if not c.passed]
    assert failed == []
    assert reference_result.score == reference_result.max_score > 100
    assert {t.name for t in reference_result.tasks} == set(all_specs())


def test_same_submission_same_grade(reference_folder, reference_result, tmp_path):
    wrong = flipped_kernel_submission(tmp_path / "wrong")
    specs = specs_for(functions=["conv.conv2d"])
    first = grade_submission(wrong, specs)
    second = grade_submission(wrong, specs)
    assert _scores(first) == _scores(second)
    assert [c.counterexample for c in first.tasks[0].concepts] == \
        [c.counterexample for c in second.tasks[0].concepts]
    assert first.score < first.max_score
    assert "flipped" in first.tasks[0].concepts[0].diagnosis_en


def test_stubs_score_zero_with_not_implemented(tmp_path):
    result = grade_submission(stub_submission(tmp_path / "stubs"), specs_for(None))
    assert result.score == 0
    statuses = {c.status for c in result.concepts}
    assert statuses == {"not implemented"}


def test_missing_module_and_syntax_error_cost_only_their_functions(reference_folder, tmp_path):
    folder = reference_submission(tmp_path / "partial")
    (folder / "dropout.py").unlink()
    (folder / "pooling.py").write_text("def max_pool2d(x:\n    return x\n")
    result = grade_submission(folder, specs_for(functions=[
        "dropout.dropout", "pooling.max_pool2d", "shapes.flatten"]))
    by_function = {t.short: t for t in result.tasks}
    assert by_function["dropout"].score == 0
    assert {c.status for c in by_function["dropout"].concepts} == {"missing"}
    assert by_function["max_pool2d"].score == 0
    assert "line 1" in by_function["max_pool2d"].concepts[0].message_en
    assert by_function["flatten"].score == by_function["flatten"].max_score


def test_gradescope_schema(reference_result):
    doc = to_gradescope(reference_result)
    assert doc["score"] == reference_result.score
    assert sum(t["max_score"] for t in doc["tests"]) == reference_result.max_score
    for test in doc["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert test["name"].split(":")[0] in {t.short for t in reference_result.tasks}
    json.dumps(doc)  # serialisable


def test_feedback_shows_smallest_example_in_both_languages(tmp_path):
    folder = reference_submission(tmp_path / "fortran")
    mutate(folder / "shapes.py", "return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))",
           "return x.reshape(x.shape[0], int(np.prod(x.shape[1:])), order='F')")
    result = grade_submission(folder, specs_for(functions=["shapes.flatten"]))
    markdown, html = to_markdown(result), to_html(result)
    assert "가장 작은 반례" in markdown and "smallest failing example" in markdown
    assert "flatten(x)" in markdown and "order='F'" in markdown  # the diagnosis names it
    assert "<pre>" in html and "행 우선" in html
    failed = [c for c in result.tasks[0].concepts if not c.passed]
    assert failed and all(c.counterexample for c in failed)
    sizes = [c.counterexample.arguments.get("x", "").count(",") for c in failed]
    assert min(sizes) < 40  # shrunk to a small array


def test_class_grading_resumes_without_regrading(reference_folder, tmp_path):
    root = tmp_path / "class"
    reference_submission(root / "alice")
    stub_submission(root / "bob")
    out = tmp_path / "out"
    subs = {p.name: p for p in root.iterdir()}
    results, failures = grade_class(subs, out, "cnn31_flatten_mlp", load_settings({"workers": 2}), progress=False)
    assert failures == []
    assert [r.student for r in results] == ["alice", "bob"]
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert [(r["student"], float(r["total"]) == float(r["max"])) for r in rows] == \
        [("alice", True), ("bob", False)]
    for student in ("alice", "bob"):
        for name in ("results.json", "feedback.html", "feedback.md", "result.json"):
            assert (out / student / name).exists()
    stamp = (out / "alice" / "result.json").stat().st_mtime_ns
    # Bob fixes his work: only Bob is graded again.
    reference_submission(root / "bob")
    results, _ = grade_class(subs, out, "cnn31_flatten_mlp", load_settings({"workers": 2}), progress=False)
    assert (out / "alice" / "result.json").stat().st_mtime_ns == stamp
    assert all(r.score == r.max_score for r in results)


def test_fingerprint_covers_grader_references_settings_and_submission(tmp_path, monkeypatch):
    import shutil

    import autograder.stored_results as stored

    folder = reference_submission(tmp_path / "alice")
    solutions = tmp_path / "copy" / "solutions"
    shutil.copytree(ROOT / "solutions", solutions, ignore=shutil.ignore_patterns("__pycache__"))
    settings = load_settings({"solutions_dir": str(solutions)})

    def key(s=settings):
        stored.trusted_digest.cache_clear()  # a rerun is a new process
        return stored.fingerprint(folder, "cnn31_flatten_mlp", s)

    before = key()
    assert key() == before
    monkeypatch.setattr(stored, "trusted_digest", lambda solutions: "a different grader")
    assert stored.fingerprint(folder, "cnn31_flatten_mlp", settings) != before
    monkeypatch.undo()
    assert key() == before
    # a fixed reference regrades everyone
    (solutions / "shapes.py").write_text((solutions / "shapes.py").read_text() + "\n# fixed\n")
    after_fix = key()
    assert after_fix != before
    # so does a changed limit, or another assignment; where and how fast it runs does not
    assert key(settings.replace(call_timeout=5)) != after_fix
    assert key(settings.replace(workers=7, scheduler="tcp://10.0.0.5:8786", example_bank=False,
                                bank_dir=str(tmp_path / "elsewhere"))) == after_fix
    assert stored.fingerprint(folder, "cnn35_dropout", settings) != after_fix
    # and a changed submission
    (folder / "shapes.py").write_text((folder / "shapes.py").read_text() + "\n# edited\n")
    assert key() != after_fix


def test_cli_exit_codes(tmp_path):
    stubs = stub_submission(tmp_path / "stubs")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)

    graded = run("grade", str(stubs), "-a", "cnn35_dropout", "--json", "r.json",
                 "--feedback", "f.html")
    assert graded.returncode == 0, graded.stderr
    assert json.loads((tmp_path / "r.json").read_text())["score"] == 0
    assert (tmp_path / "f.html").read_text().startswith("<!DOCTYPE html>")
    assert run("grade", str(tmp_path / "nope")).returncode == 2
    unknown = run("grade", str(stubs), "-a", "no_such_assignment")
    assert unknown.returncode == 2 and "unknown assignment" in unknown.stderr
    check = run("check", str(stubs), "-a", "cnn35_dropout")
    assert check.returncode == 1 and "NotImplementedError" in check.stdout


def test_selfcheck_needs_no_reference(reference_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_SOLUTIONS_DIR", str(tmp_path / "nowhere"))
    for assignment in assignments():
        report = run_self_check(reference_folder, assignment)
        assert report.passed, report.text("en")


def test_selfcheck_catches_a_wrong_function(tmp_path):
    folder = reference_submission(tmp_path / "wrong")
    mutate(folder / "pooling.py", 's = k if stride is None else as_pair(stride, "stride")',
           's = (1, 1) if stride is None else as_pair(stride, "stride")')
    report = run_self_check(folder, "cnn332_pooling")
    failed = {(line.function, line.name) for line in report.lines if not line.passed}
    assert ("max_pool2d", "default stride") in failed
    assert ("avg_pool2d", "default stride") in failed
    assert ("global_max_pool2d", "whole feature map") not in failed


def test_stored_selfcheck_answers_match_the_references():
    for qualname, spec in all_specs().items():
        stored = load(qualname)
        assert set(stored) == {c.name for c in spec.concepts}, qualname
        for cases in stored.values():
            assert cases
            for item in cases:
                try:
                    value = call_reference(qualname, item.case.args, item.case.kwargs)
                except ValueError:
                    assert item.raises is not None
                    continue
                assert item.raises is None
                _assert_same(value, item.value)


def _assert_same(a, b):
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    elif isinstance(a, (tuple, list)) and not (isinstance(a, tuple) and hasattr(a, "_fields")):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    elif isinstance(a, np.random.Generator):
        pass
    else:
        assert a == b
