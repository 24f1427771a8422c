"""Speed grading: a vectorised conv2d earns the speed points, a loop one only the equivalence point."""
from __future__ import annotations

from dataclasses import replace

from autograder.manifest import speed_for
from autograder.sandbox import Sandbox
from autograder.speed_grading import SPEED_TASKS, grade_speed
from submissions import mutate, reference_submission

LOOP_CONV = '''
import numpy as np

def conv2d(x, w, b=None, stride=1, padding="valid"):
    n, h, wd, c = x.shape
    kh, kw, _, co = w.shape
    out = np.zeros((n, h - kh + 1, wd - kw + 1, co), dtype=np.result_type(x, w))
    for i in range(n):
        for r in range(h - kh + 1):
            for s in range(wd - kw + 1):
                for o in range(co):
                    out[i, r, s, o] = np.sum(x[i, r:r + kh, s:s + kw, :] * w[:, :, :, o])
    if b is not None:
        out += b
    return out
'''


def _concepts(result):
    return {c.concept: c for c in result.concepts}


def test_reference_speed_passes(tmp_path):
    with Sandbox(reference_submission(tmp_path / "ref")) as box:
        result = grade_speed(SPEED_TASKS["conv.conv2d"], box)
    assert result.score == result.max_score, [c.message_en for c in result.concepts]
    assert 0 < result.measurement <= 3       # the time ratio, kept as a number for class statistics


def test_loop_convolution_is_correct_but_slow(tmp_path):
    folder = tmp_path / "loops"
    folder.mkdir()
    (folder / "conv.py").write_text(LOOP_CONV)
    task = replace(SPEED_TASKS["conv.conv2d"], repeats=1)
    with Sandbox(folder) as box:
        result = grade_speed(task, box)
    concepts = _concepts(result)
    assert concepts["same result on a training batch"].passed
    assert not concepts["within 10x of the reference"].passed
    assert "ms" in concepts["within 3x of the reference"].message_en
    assert result.measurement > 10


def test_wrong_fast_convolution_gets_no_speed_points(tmp_path):
    folder = reference_submission(tmp_path / "wrong")
    mutate(folder / "conv.py", "w2 = np.vstack([w2, b.astype(dtype, copy=False)])",
           "w2 = np.vstack([w2, 0 * b.astype(dtype, copy=False)])")          # bias ignored
    with Sandbox(folder) as box:
        result = grade_speed(SPEED_TASKS["conv.conv2d"], box)
    assert result.score == 0


def test_manifest_grades_convolution_speed_in_the_training_assignment():
    assert [t.function for t in speed_for("cnn34_mnist_backprop")] == ["conv2d", "conv2d_backward"]
