"""Hostile submissions against model grading: the weights are graded, not the forward code.

The submission is ``tests/corpus/hostile/model_returns_labels``: its
``dense_forward`` answers evaluation batches with the test labels.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.engine import grade_submission
from autograder.weights_file import WeightsError, load_parameters
from cnnlab.train import Sequential
from submissions import reference_submission
from test_model_grading import TASK, TEST, tiny_model

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"


def test_a_forward_pass_that_knows_the_labels_earns_nothing(tmp_path):
    folder = reference_submission(tmp_path / "student")
    (folder / "backprop.py").rename(folder / "backprop_honest.py")
    shutil.copy(CORPUS / "model_returns_labels" / "backprop.py", folder / "backprop.py")
    untrained = Sequential(*tiny_model(), ops="reference", seed=3)
    untrained.save_weights(folder / "tiny.npz")
    accuracy = untrained.evaluate(*TEST)[1]
    assert accuracy < 0.9  # the weights alone earn little

    concepts = {c.concept: c for c in grade_submission(folder, [], models=[TASK]).concepts}
    assert concepts["weights"].passed and concepts["parameter count"].passed
    assert not concepts["test accuracy >= 90%"].passed
    assert f"test accuracy {accuracy:.2%}" in concepts["test accuracy >= 90%"].message_en


def _weights_with(tmp_path: Path, replace: dict, compress: bool = False) -> Path:
    """The tiny network's weights with some members replaced (raw ``.npy`` bytes or arrays)."""
    params = Sequential(*tiny_model(), ops="reference").parameters()
    path = tmp_path / "tiny.npz"
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, value in params.items():
            value = replace.get(name, value)
            if isinstance(value, np.ndarray):
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, value, allow_pickle=True)
                value = buffer.getvalue()
            archive.writestr(f"{name}.npy", value)
    return path


def test_weights_files_that_would_cost_the_grader_are_refused(tmp_path):
    params = Sequential(*tiny_model(), ops="reference").parameters()
    kernel = next(name for name in params if name.endswith("kernel"))
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {
        **np.lib.format.header_data_from_array_1_0(params[kernel]), "shape": (10**6, 10**6)})
    cases = {
        "object array": {kernel: np.array([object()] * params[kernel].size, dtype=object)},
        "header claiming terabytes": {kernel: header.getvalue()},
        "zip bomb": {kernel: b"\0" * (64 << 20)},
    }
    for why, replace in cases.items():
        path = _weights_with(tmp_path, replace, compress=why == "zip bomb")
        with pytest.raises(WeightsError):
            load_parameters(path, Sequential(*tiny_model(), ops="reference").parameters())
    assert path.stat().st_size < 1 << 20  # the bomb is small on disk
