"""Instructor grading never runs student code unisolated: bubblewrap, or a refusal to start.

``tests/corpus/hostile/writes_classmates_results`` zeroes every classmate's
``results.json`` it can find and writes into the grader's site-packages. The
class is ``aaron`` (an honest student, graded first) and ``zoe`` (the attack).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.sandbox import isolation_available

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
MARKER = Path(np.__file__).parent.parent / "autograder_classmate_attack_marker"


def _class(tmp_path: Path) -> Path:
    root = tmp_path / "class"
    shutil.copytree(CORPUS / "hostile_files", root / "aaron")
    shutil.copytree(CORPUS / "writes_classmates_results", root / "zoe")
    return root


def _run(*args: str, cwd: Path, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTOGRADER_ISOLATION": ""}
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(autouse=True)
def no_marker():
    MARKER.unlink(missing_ok=True)
    yield
    MARKER.unlink(missing_ok=True)


def test_without_bubblewrap_grading_refuses_to_start(tmp_path):
    root = _class(tmp_path)
    no_bwrap = str(tmp_path / "empty-path")  # a PATH where no bwrap is found
    for command in (["grade-class", "class", "--out", "out", "-a", "cnn31_flatten_mlp"],
                    ["grade", "class/zoe", "--out", "out/zoe", "-f", "shapes.flatten"]):
        done = _run(*command, cwd=tmp_path, path=no_bwrap)
        assert done.returncode == 2, (command, done.stderr[-2000:])
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "bubblewrap" in lines[0] and "apt-get install" in lines[0]
        assert not (tmp_path / "out").exists() and not MARKER.exists()
    # Asked for explicitly, the plain process stays possible, with a warning.
    done = _run("grade", str(root / "aaron"), "--out", "out/aaron", "-f", "shapes.flatten",
                "--isolation", "process", "--quiet", cwd=tmp_path, path=no_bwrap)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "warning: --isolation process" in done.stderr


@pytest.mark.skipif(isolation_available() != "bwrap", reason="needs bubblewrap")
def test_under_bubblewrap_a_student_reaches_no_classmate_and_no_grader_file(tmp_path):
    _class(tmp_path)
    done = _run("grade-class", "class", "--out", "out", "-a", "cnn31_flatten_mlp",
                "--workers", "1", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    aaron = json.loads((tmp_path / "out" / "aaron" / "results.json").read_text())
    assert aaron["score"] > 0 and aaron["tests"]
    assert not MARKER.exists()
