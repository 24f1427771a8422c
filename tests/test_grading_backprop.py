"""Backprop specs: the reference passes, typical backward-pass mistakes are caught by name."""
from __future__ import annotations

import numpy as np
import pytest

from autograder.manifest import specs_for
from autograder.engine import grade_submission
from autograder.specs.backprop import numerical_gradient
from submissions import mutate, reference_submission



def test_reference_backprop_full_marks(tmp_path):
    result = grade_submission(reference_submission(tmp_path / "ref"), specs_for("cnn34_mnist_backprop"))
    assert [c.name for c in result.concepts if not c.passed] == []


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = numerical_gradient(lambda v: v ** 2, x, dout)
    np.testing.assert_allclose(grad, 2 * x * dout, rtol=1e-6)


@pytest.mark.parametrize("function, old, new, must_fail", [
    ("backprop.softmax_cross_entropy",
     "loss = float(np.mean(np.log(total[:, 0]) - z[rows, labels], dtype=np.float64))",
     "loss = float(np.sum(np.log(total[:, 0]) - z[rows, labels], dtype=np.float64))", {"loss"}),
    ("backprop.relu_backward", "return dout * (x > 0)", "return x * (x > 0)", {"gradient"}),
    ("backprop.softmax_cross_entropy", "z = z - z.max(axis=1, keepdims=True)", "z = z + 0",
     {"large logits"}),
], ids=["loss summed", "relu passes x", "softmax unstable"])
def test_backprop_mistakes_fail_their_concept(tmp_path, function, old, new, must_fail):
    folder = reference_submission(tmp_path / "wrong")
    mutate(folder / f"{function.split('.')[0]}.py", old, new)
    result = grade_submission(folder, specs_for(functions=[function]))
    failed = {c.concept for c in result.concepts if not c.passed}
    assert must_fail <= failed
    assert result.score < result.max_score
