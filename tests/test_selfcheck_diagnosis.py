"""The self-check names the same likely mistakes as the grader, without the references.

The grader recognises a mistake by calling the references with the mistake
made; the self-check compares with the outputs of each mistake stored for its
examples (``scripts/make_selfcheck_data.py``). Both are run on the demo
submissions and on the flipped-kernel mistakes of the wrong corpus, and must
name the same mistakes of the same functions.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from autograder.diagnosis import mistaken_outputs, same_as_mistake
from autograder.engine import grade_submission
from autograder.manifest import specs_for
from autograder.reference import call_reference
from autograder.selfcheck import run_self_check
from autograder.settings import load_settings
from autograder.specs import all_specs
from autograder.stored_cases import load
from submissions import ROOT

DIAGNOSED = [qualname for qualname, spec in all_specs().items() if spec.diagnosers]
# jung_hostile borrows the references (there is no mistake to name) and walks the
# file system on every call, which makes its self-check take minutes.
DEMOS = sorted(p for p in (ROOT / "examples" / "submissions").iterdir()
               if p.is_dir() and p.name != "jung_hostile")
FLIPPED = [ROOT / "tests" / "corpus" / "wrong" / name
           for name in ("single_flipped_kernel", "conv2d_flipped_kernel")]
# As in test_corpus_wrong: the mistakes named do not depend on the last shrinking steps.
SETTINGS = load_settings({"shrink_calls": 30})


@lru_cache(maxsize=None)
def named_mistakes(folder: Path) -> tuple[set, set]:
    """``{(function, mistake)}`` named by the grader and by the self-check."""
    functions = [q for q in DIAGNOSED if (folder / f"{q.split('.')[0]}.py").exists()]
    graded = grade_submission(folder, specs_for(functions=functions), student=folder.name,
                              settings=SETTINGS)
    report = run_self_check(folder, functions=functions)
    by_grader = {(c.task, name) for c in graded.concepts for name in c.diagnoses}
    by_self_check = {(line.function, name) for line in report.lines for name in line.diagnoses}
    return by_grader, by_self_check


@pytest.mark.parametrize("folder", DEMOS + FLIPPED, ids=lambda p: p.name)
def test_self_check_names_the_mistakes_the_grader_names(folder):
    by_grader, by_self_check = named_mistakes(folder)
    assert by_self_check == by_grader


def test_the_comparison_has_mistakes_to_name():
    expected = {"lee_off_by_one": ("conv_output_size", "padding counted once"),
                "park_same_padding": ("conv2d", "padding split on the wrong side"),
                "yoon_channels_first": ("flatten", "channels first"),
                "single_flipped_kernel": ("conv2d_single", "flipped kernel")}
    for folder in DEMOS + FLIPPED:
        if folder.name in expected:
            assert expected[folder.name] in named_mistakes(folder)[1], folder.name


def test_the_self_check_names_a_flipped_kernel_in_its_message(tmp_path):
    report = run_self_check(FLIPPED[0], functions=["conv.conv2d_single"])
    (worked,) = [line for line in report.lines if line.name == "worked example"]
    assert not worked.passed
    assert "커널을 뒤집은 것 같습니다" in worked.diagnosis_ko and "flipped" in worked.diagnosis_en
    assert "261.0" in worked.example and "-261.0" in worked.example
    assert "np.float64" not in report.text("ko") + report.text("en")


def test_stored_mistakes_are_what_the_mistakes_return():
    """Every stored mistaken output is the diagnoser's live output, kept only where it shows."""
    for qualname in DIAGNOSED:
        spec = all_specs()[qualname]

        def reference(*args, **kwargs):
            return call_reference(qualname, args, kwargs)

        names = set()
        for concept, items in load(qualname).items():
            for item in items:
                if item.raises is not None:
                    assert not item.mistakes
                    continue
                live = mistaken_outputs(spec, item.case, reference)
                assert set(item.mistakes) <= set(live), (qualname, concept)
                for name, stored in item.mistakes.items():
                    assert same_as_mistake(stored, live[name], item.value), (qualname, name)
                    assert not np.array_equal(np.asarray(stored, dtype=object),
                                              np.asarray(item.value, dtype=object))
                names |= set(item.mistakes)
        # every mistake with a stored output can be told apart by some stored example
        assert names == {d.name for d in spec.diagnosers if d.mistaken is not None}, qualname
