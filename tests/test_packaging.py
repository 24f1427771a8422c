"""The wheel given to students: the self-check's data inside, the references outside."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from submissions import ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, timeout=300,
                   capture_output=True)
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_carries_the_manifest_and_selfcheck_answers(wheel_names):
    assert "autograder/assignments.toml" in wheel_names
    stored = [n for n in wheel_names if n.startswith("autograder/selfcheck_data/")]
    assert len(stored) == len(list((ROOT / "autograder" / "selfcheck_data").glob("*.json")))
    assert "autograder/sandbox/worker.py" in wheel_names
    assert "cnnlab/layers.py" in wheel_names


def test_wheel_never_carries_the_references(wheel_names):
    assert not [n for n in wheel_names if n.startswith("solutions/")]
    assert not [n for n in wheel_names if "/solutions/" in n]
