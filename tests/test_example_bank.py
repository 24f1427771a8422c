"""The example bank: drawn once, replayed for every student, with exactly the grades of a live search."""
from __future__ import annotations

import json
import multiprocessing
import tomllib
from pathlib import Path

import numpy as np
import pytest

from autograder.engine import grade_submission
from autograder.example_bank import bank_key, bank_root, draw_bank, ensure_banks, load_bank
from autograder.hypothesis_search import draw_cases
from autograder.manifest import specs_for
from autograder.settings import load_settings
from autograder.specs import all_specs
from autograder.shrink_traces import TRACES
from submissions import flipped_kernel_submission, mutate, reference_submission, stub_submission

CORPUS = Path(__file__).resolve().parent / "corpus"


def _comparable(result) -> dict:
    """A result without its timings (everything a student or instructor reads)."""
    data = result.to_dict()
    data.pop("seconds")
    for task in data["tasks"]:
        task.pop("seconds")
    return data


@pytest.fixture(scope="module")
def banked(tmp_path_factory):
    """Settings with a fresh bank of their own, already built for every function."""
    settings = load_settings({"bank_dir": str(tmp_path_factory.mktemp("bank"))})
    ensure_banks(specs_for(None), settings)
    return settings


def test_the_bank_holds_the_cases_a_passing_search_tries(banked):
    spec = all_specs()["conv.conv2d"]
    bank = load_bank(spec, banked)
    assert list(bank) == [c.name for c in spec.concepts]
    for concept in spec.concepts:
        stored = bank[concept.name]
        drawn = draw_cases(concept, concept.max_examples or banked.examples_per_concept)
        assert len(stored) == len(drawn) > 0
        for s, d in zip(stored, drawn):
            assert len(s.case.args) == len(d.args)
            for a, b in zip(s.case.args, d.args):
                assert type(a) is type(b)
                if isinstance(a, np.ndarray):
                    assert a.dtype == b.dtype and np.array_equal(a, b)
            assert s.case.kwargs.keys() == d.kwargs.keys()
    # the explicit (lecture) examples come first
    same = next(c for c in spec.concepts if c.name == "inputs unchanged")
    assert np.array_equal(bank[same.name][0].case.args[0], same.examples[0].args[0])


def test_bank_files_are_plain_data_keyed_by_grader_and_references(banked, tmp_path):
    files = sorted((bank_root(banked) / bank_key(banked)).glob("*.json"))
    assert {f.stem for f in files} == set(all_specs())
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert set(doc) == {"function", "concepts"}  # JSON + base64 arrays: nothing is unpickled
    other = load_settings({"bank_dir": banked.bank_dir, "examples_per_concept": 5})
    assert bank_key(other) != bank_key(banked)
    assert all(len(cases) <= len(load_bank(all_specs()["shapes.flatten"], banked)[name])
               for name, cases in draw_bank(all_specs()["shapes.flatten"], other).items())


def _submissions(tmp_path: Path) -> dict[str, Path]:
    wrong = sorted(p for p in (CORPUS / "wrong").iterdir() if p.is_dir())
    return {"reference": reference_submission(tmp_path / "reference"),
            "stubs": stub_submission(tmp_path / "stubs"),
            "flipped": flipped_kernel_submission(tmp_path / "flipped"),
            **{p.name: p for p in wrong[::8]},
            # prints on every call: the same output, the student sees the same calls
            "output_flood": CORPUS / "hostile" / "output_flood",
            "loops": CORPUS / "correct" / "loops"}


def test_replaying_the_bank_grades_exactly_like_a_live_search(banked, tmp_path):
    live = banked.replace(example_bank=False, shrink_calls=40)
    replay = banked.replace(shrink_calls=40)
    for name, folder in _submissions(tmp_path).items():
        expect = folder / "expect.toml"
        if not expect.exists():
            specs = specs_for(None)
        elif "function" in (wanted := tomllib.loads(expect.read_text())):
            specs = specs_for(functions=[wanted["function"]])
        else:  # a hostile submission: the functions it attacks and those it keeps
            specs = specs_for(functions=wanted["zero"] + wanted["full"])
        first = grade_submission(folder, specs, student=name, settings=live)
        second = grade_submission(folder, specs, student=name, settings=replay)
        assert _comparable(second) == _comparable(first), name
        if any(not c.passed for c in first.concepts):
            # The same mistake again: its shrinking follows the recorded trace.
            followed = TRACES.followed
            third = grade_submission(folder, specs, student=name, settings=replay)
            assert _comparable(third) == _comparable(first), name
            failed = sum(c.status == "failed" for c in third.concepts)
            assert TRACES.followed - followed == failed, name  # no hypothesis search at all


def test_a_trace_is_followed_only_while_the_outcomes_agree(banked, tmp_path):
    """Two students fail conv2d's stride concept at the same first example but shrink apart:
    the second follows the first's trace, then hypothesis takes over; both as a live search."""
    ignored = reference_submission(tmp_path / "ignored")
    mutate(ignored / "conv.py", 's = as_pair(stride, "stride")',
           's = as_pair(stride, "stride")\n    s = (1, 1)')
    halved = reference_submission(tmp_path / "halved")
    mutate(halved / "conv.py", 's = as_pair(stride, "stride")',
           's = as_pair(stride, "stride")\n    s = (s[0], min(s[1], 2))')
    specs = specs_for(functions=["conv.conv2d"])
    live = banked.replace(example_bank=False, shrink_calls=40)
    replay = banked.replace(shrink_calls=40)
    for folder in (ignored, halved, ignored):
        expected = grade_submission(folder, specs, settings=live)
        assert _comparable(grade_submission(folder, specs, settings=replay)) == \
            _comparable(expected), folder.name

def _build(bank_dir: str) -> str:
    settings = load_settings({"bank_dir": bank_dir})
    ensure_banks([all_specs()["shapes.flatten"], all_specs()["params.dense_params"]], settings)
    return bank_key(settings)


def test_parallel_workers_share_one_build(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        keys = pool.map(_build, [str(tmp_path)] * 3)
    assert len(set(keys)) == 1
    folder = tmp_path / keys[0]
    assert sorted(p.name for p in folder.glob("*.json")) == ["params.dense_params.json",
                                                            "shapes.flatten.json"]
    assert not list(folder.glob(".*.tmp*"))  # no half-written file left behind


def test_an_unwritable_bank_folder_grades_from_a_bank_in_memory(tmp_path, caplog):
    """A bank folder that cannot be made (a read-only home on a lab machine) costs speed, not grades."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings = load_settings({"bank_dir": str(blocker / "bank")})
    folder = reference_submission(tmp_path / "reference")
    specs = specs_for(functions=["shapes.flatten"])
    with caplog.at_level("WARNING"):
        result = grade_submission(folder, specs, settings=settings)
    assert result.score == result.max_score > 0
    assert "cannot write the example bank" in caplog.text
    live = grade_submission(folder, specs, settings=settings.replace(example_bank=False))
    assert _comparable(result) == _comparable(live)
