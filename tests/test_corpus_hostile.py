"""Hostile submissions: the attacked function scores zero, nothing else is lost, the grader lives.

Each folder under ``tests/corpus/hostile/`` has an ``expect.toml``::

    zero = ["conv.conv2d"]             # functions that must score 0
    full = ["conv.conv2d_single"]      # functions of the same submission that keep full marks
    [lost]                             # optional: functions that lose exactly these concepts
    "shapes.flatten" = ["inputs unchanged"]
    isolations = ["auto", "process"]   # "process" only when no filesystem isolation is needed
    requires_bwrap = true              # optional: meaningful only under bubblewrap
    marker = "/tmp/..."                # optional: a file the attack would create
    leftover = "4242.5"                # optional: argument of processes the attack starts
    max_output_chars = 5000            # optional: cap on the output kept per concept
    slow = true                        # optional: takes more than ~10 s
    settings = { concept_seconds = 1 }  # optional: settings for this submission's grading

All isolations of one submission run in one test, one after the other, so the
process checks of one run never see another run's processes.

A folder whose ``expect.toml`` names a ``kind`` (speed, model, files, class,
memory, tmpfs, ...) needs another kind of assertion; the test file its comment
names grades it, and :func:`test_every_hostile_folder_is_graded_by_a_test`
makes sure none is forgotten.
"""
from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest

from autograder.manifest import specs_for
from autograder.engine import grade_submission
from autograder.settings import load_settings
from autograder.sandbox import isolation_available
from autograder.vocabulary import Status

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
ALL_HOSTILE = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
TIME_LIMIT = 120.0  # seconds for grading one hostile submission
# One timeout, crash or memory kill is enough to give up on a function here (the
# default allows two), which halves the time the endless loop costs.
SETTINGS = load_settings({"aborts_per_function": 1})


def expectation(name: str) -> dict:
    return tomllib.loads((CORPUS / name / "expect.toml").read_text(encoding="utf-8"))


def processes_with_argument(argument: str) -> list[int]:
    """Pids whose command line has ``argument`` as one of its words."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                words = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argument.encode() in words:
                found.append(int(entry))
    return found


def processes_gone(argument: str, wait: float = 2.0) -> bool:
    """True once no process has ``argument`` (a killed process may take a moment to go)."""
    deadline = time.monotonic() + wait
    while processes_with_argument(argument):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# The kinds graded elsewhere, and the test file that grades each.
OTHER_KINDS = {"speed": "test_hostile_speed.py", "model": "test_hostile_model.py",
               "files": "test_hostile_files.py", "values": "test_hostile_values.py",
               "memory": "test_hostile_memory.py", "tmpfs": "test_hostile_sandbox.py",
               "class": "test_hostile_class.py", "isolation": "test_hostile_isolation.py"}
HOSTILE = [name for name in ALL_HOSTILE if "kind" not in expectation(name)]


def _params() -> list:
    return [pytest.param(name, id=name,
                         marks=[pytest.mark.slow] if expectation(name).get("slow") else [])
            for name in HOSTILE]


def test_every_hostile_folder_is_graded_by_a_test():
    for name in ALL_HOSTILE:
        kind = expectation(name).get("kind")
        if kind is not None:
            test_file = Path(__file__).resolve().parent / OTHER_KINDS[kind]
            assert test_file.exists(), (name, kind)
            assert name in test_file.read_text(encoding="utf-8"), (name, test_file.name)


def _grade(name: str, expect: dict, isolation: str):
    """Grade the named functions; returns the result, the seconds taken and the
    attack's processes seen while the sandbox was still open."""
    seen_during: list[int] = []

    def progress(function_result):
        if expect.get("leftover") and not seen_during:
            seen_during.extend(processes_with_argument(expect["leftover"]))

    start = time.monotonic()
    functions = expect["zero"] + expect["full"] + list(expect.get("lost", {}))
    result = grade_submission(CORPUS / name, specs_for(functions=functions),
                              student=name,
                              settings=SETTINGS.replace(isolation=isolation,
                                                        **expect.get("settings", {})),
                              progress=progress)
    return result, time.monotonic() - start, seen_during


@pytest.mark.parametrize("name", _params())
def test_hostile_submission_loses_only_the_attacking_functions(name):
    expect = expectation(name)
    if expect.get("requires_bwrap") and isolation_available() != "bwrap":
        pytest.skip("needs bubblewrap: without it the sandbox does not hide files")
    marker = Path(expect["marker"]) if "marker" in expect else None
    if marker is not None and marker.exists():
        marker.unlink()
    for isolation in expect["isolations"]:
        result, seconds, seen_during = _grade(name, expect, isolation)
        where = f"{name} under {result.isolation}"
        assert seconds < TIME_LIMIT, where
        if isolation == "auto":
            assert result.isolation == isolation_available()
        functions = {t.name: t for t in result.tasks}
        assert list(functions) == expect["zero"] + expect["full"] + list(expect.get("lost", {}))
        for qualname in expect["zero"]:
            f = functions[qualname]
            assert f.score == 0, (where, qualname, [(c.concept, c.status) for c in f.concepts])
            assert all(c.message_en for c in f.concepts), (where, qualname)
        for qualname in expect["full"]:
            f = functions[qualname]
            lost = [(c.concept, c.status, c.message_en) for c in f.concepts if not c.passed]
            assert lost == [], (where, qualname)
        for qualname, concepts in expect.get("lost", {}).items():
            f = functions[qualname]
            lost = sorted(c.concept for c in f.concepts if not c.passed)
            assert lost == sorted(concepts), (where, qualname, [(c.concept, c.status, c.message_en)
                                                                 for c in f.concepts])
        if marker is not None:
            assert not marker.exists(), where
        if "leftover" in expect:
            assert seen_during, f"{where}: the attack started no process, the test proves nothing"
            assert processes_gone(expect["leftover"]), where
        # A student process killed for a timeout starts again for the functions
        # after it, and the result counts it.
        if expect["zero"] and expect["full"] and any(
                c.status == Status.TIMEOUT for c in functions[expect["zero"][-1]].concepts):
            assert result.sandbox_restarts >= 1, where
        if "max_output_chars" in expect:
            kept = max(len(c.output) for c in result.concepts)
            assert 0 < kept <= expect["max_output_chars"], where
