"""Grading a trained network with the student's own layers (small synthetic task)."""
from __future__ import annotations

import numpy as np
import pytest

from autograder.manifest import models_for
from autograder.engine import grade_submission
from autograder.model_grading import MODEL_TASKS, ModelTask
from cnnlab.layers import Conv2D, Dense, Flatten, MaxPooling2D
from cnnlab.train import Sequential
from submissions import mutate, reference_submission


def quadrant_data(n: int, seed: int):
    """8x8 images whose class (0..3) is the quadrant holding a bright blob."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, n)
    x = rng.normal(0, 0.1, (n, 8, 8, 1)).astype(np.float32)
    for i, label in enumerate(y):
        r, c = divmod(int(label), 2)
        x[i, 4 * r:4 * r + 4, 4 * c:4 * c + 4, 0] += 1.0
    return x, y


def tiny_model():
    return [Conv2D(4, 3, padding="same", activation="relu"), MaxPooling2D(2), Flatten(),
            Dense(4, activation="softmax")], (8, 8, 1)


TEST = quadrant_data(200, seed=1)
TASK = ModelTask("tiny", tiny_model, lambda: TEST, ((0.5, 1.0), (0.9, 1.0), (1.01, 1.0)))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = reference_submission(tmp_path_factory.mktemp("sub"))
    model = Sequential(*tiny_model(), ops="reference", seed=0)
    model.compile("adam")
    x, y = quadrant_data(600, seed=0)
    model.fit(x, y, epochs=8, batch_size=32, verbose=False)
    model.save_weights(folder / "tiny.npz")
    return folder, model.evaluate(*TEST)[1]


def _by_concept(result):
    return {c.concept: c for c in result.concepts}


def test_accuracy_thresholds_and_parameter_count(trained):
    folder, accuracy = trained
    assert accuracy > 0.9
    result = grade_submission(folder, [], models=[TASK])
    concepts = _by_concept(result)
    assert concepts["weights"].passed and concepts["parameter count"].passed
    assert concepts["test accuracy >= 50%"].passed and concepts["test accuracy >= 90%"].passed
    assert not concepts["test accuracy >= 101%"].passed
    assert f"{accuracy:.2%}" in concepts["test accuracy >= 90%"].message_en
    assert result.tasks[0].measurement == pytest.approx(accuracy)   # the number, for class statistics


def test_the_weights_are_evaluated_with_the_reference_layers(trained, tmp_path):
    """The weights are data: a wrong max pooling loses its own points, not the model's."""
    folder, accuracy = trained
    broken = reference_submission(tmp_path / "broken")
    (broken / "tiny.npz").write_bytes((folder / "tiny.npz").read_bytes())
    pooling = broken / "pooling.py"
    pooling.write_text(pooling.read_text() + (
        "\n\n_right_max_pool2d = max_pool2d\n\n\n"
        "def max_pool2d(*args, **kwargs):  # a sign error\n"
        "    return -_right_max_pool2d(*args, **kwargs)\n"))
    concepts = _by_concept(grade_submission(broken, [], models=[TASK]))
    assert concepts["weights"].passed and concepts["test accuracy >= 90%"].passed
    assert f"{accuracy:.2%}" in concepts["test accuracy >= 90%"].message_en


def test_wrong_count_params_and_missing_or_corrupt_weights(trained, tmp_path):
    folder, _ = trained
    wrong = reference_submission(tmp_path / "wrong")
    (wrong / "tiny.npz").write_bytes((folder / "tiny.npz").read_bytes())
    mutate(wrong / "params.py", "return sum(params for _, _, params in summary(layers, input_shape))",
           "return sum(params for _, _, params in summary(layers, input_shape)) - 1")
    concepts = _by_concept(grade_submission(wrong, [], models=[TASK]))
    assert not concepts["parameter count"].passed and concepts["test accuracy >= 90%"].passed

    missing = reference_submission(tmp_path / "missing")
    concepts = _by_concept(grade_submission(missing, [], models=[TASK]))
    assert {c.status for c in concepts.values()} == {"missing"}

    (missing / "tiny.npz").write_bytes(b"not a zip file")
    concepts = _by_concept(grade_submission(missing, [], models=[TASK]))
    assert all(c.score == 0 for c in concepts.values())
    assert "do not load" in concepts["weights"].message_en


def test_manifest_names_the_lecture_networks():
    assert models_for("cnn34_mnist_backprop") == [MODEL_TASKS["mnist_cnn"]]
    assert models_for("cnn37_cifar10") == [MODEL_TASKS["cifar10_alexnet"]]
    assert [t for t, _ in MODEL_TASKS["mnist_cnn"].thresholds][-1] == 0.99
    assert [t for t, _ in MODEL_TASKS["cifar10_alexnet"].thresholds][-1] == 0.65


def test_the_lecture_mlp_is_graded_after_the_cnn_it_is_compared_with():
    from autograder.manifest import assignments
    from cnnlab.train import Sequential

    assert models_for("cnn31_mlp_vs_cnn") == [MODEL_TASKS["mnist_mlp"]]
    order = list(assignments())
    assert order.index("cnn34_mnist_backprop") < order.index("cnn31_mlp_vs_cnn")
    layers, input_shape = MODEL_TASKS["mnist_mlp"].build()
    assert Sequential(layers, input_shape).count_params() == 669_706   # lecture 3.1.4
    assert MODEL_TASKS["mnist_mlp"].weights_file == "mnist_mlp.npz"
