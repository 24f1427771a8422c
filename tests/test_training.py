"""Training with the student API's functions: cnnlab.train and cnnlab.models.

Everything runs on small synthetic data made here: ten classes of 12x12
patterns, each drawn at a random shift with noise, so a convolution and a
pooling layer are what make them separable.
"""
from __future__ import annotations

import re
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from cnnlab.layers import (AveragePooling2D, Conv2D, Dense, Dropout, Flatten,
                           GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, ReLU)
from cnnlab.models import LECTURE_MODELS, cifar10_alexnet, mnist_cnn, mnist_mlp
from cnnlab.plots import label
from cnnlab.train import (SGD, Adam, History, Sequential, SlowTrainingWarning, benchmark_ops,
                          benchmark_ops_detail, load_ops, plot_history, profile_step,
                          to_float_images)
from solutions import params as reference_params

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"

try:
    import torch
except ImportError:  # pragma: no cover - torch is an optional oracle
    torch = None


# --------------------------------------------------------------------------- data and models

def pattern_dataset(n: int, seed: int, size: int = 12, classes: int = 10):
    """``(x, y)``: ``n`` noisy images ``(size, size, 1)``, each its class's 6x6 pattern, shifted.

    The pattern sits at the centre give or take one pixel in each direction.
    """
    patterns = np.random.default_rng(1234).random((classes, 6, 6)) > 0.5
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    x = rng.normal(0.0, 0.25, (n, size, size, 1)).astype(np.float32)
    centre = (size - 6) // 2
    rows, cols = rng.integers(centre - 1, centre + 2, (2, n))
    for i in range(n):
        x[i, rows[i]:rows[i] + 6, cols[i]:cols[i] + 6, 0] += patterns[y[i]]
    return x, y


SMALL_CNN = [Conv2D(16, 3, activation="relu"), MaxPooling2D(2), Flatten(), Dropout(0.2),
             Dense(10, activation="softmax")]


def small_model(seed: int = 0, ops="reference", layers=SMALL_CNN) -> Sequential:
    return Sequential(layers, (12, 12, 1), ops=ops, seed=seed)


@pytest.fixture(scope="module")
def data():
    return pattern_dataset(1200, seed=1), pattern_dataset(400, seed=2)


@pytest.fixture(scope="module")
def reference_ops():
    return load_ops("reference")


# --------------------------------------------------------------------------- learning

def test_training_learns_the_patterns(data):
    (x, y), (x_test, y_test) = data
    model = small_model().compile(Adam(0.01))
    loss_before, acc_before = model.evaluate(x_test, y_test)
    history = model.fit(x, y, epochs=4, batch_size=16, validation_data=(x_test, y_test),
                        verbose=False)                        # 300 steps
    assert history.epochs == 4
    assert history["loss"][-1] < 0.3 * history["loss"][0]
    loss_after, acc_after = model.evaluate(x_test, y_test)
    assert loss_after < 0.2 * loss_before
    assert acc_before < 0.3 and acc_after > 0.9              # chance is 0.1
    assert history["val_accuracy"][-1] == pytest.approx(acc_after)


def test_sgd_with_momentum_learns_too(data):
    (x, y), (x_test, y_test) = data
    model = small_model().compile(SGD(0.05, momentum=0.9))
    model.fit(x, y, epochs=3, batch_size=16, verbose=False)
    assert model.evaluate(x_test, y_test)[1] > 0.9


def test_same_seed_same_model_other_seed_other_model(data):
    (x, y), _ = data
    runs = []
    for seed in (7, 7, 8):
        model = small_model(seed).compile("adam")
        history = model.fit(x[:320], y[:320], epochs=2, batch_size=32, verbose=False)
        runs.append((model.parameters(), history["loss"]))
    (p1, h1), (p2, h2), (p3, h3) = runs
    assert h1 == h2
    assert all(np.array_equal(p1[k], p2[k]) for k in p1)
    assert not np.array_equal(p1["conv2d_1/kernel"], p3["conv2d_1/kernel"])


def test_predict_and_evaluate_agree(data):
    _, (x_test, y_test) = data
    model = small_model()
    probabilities = model.predict(x_test, batch_size=64)
    assert probabilities.shape == (len(x_test), 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
    logits, _ = model.forward(x_test[:50])
    np.testing.assert_array_equal(probabilities[:50].argmax(1), logits.argmax(1))
    _, accuracy = model.evaluate(x_test, y_test, batch_size=64)
    assert accuracy == pytest.approx(np.mean(probabilities.argmax(1) == y_test))


# --------------------------------------------------------------------------- gradients of whole models

GRADIENT_MODELS = {
    "conv, avg and max pooling, dense": [
        Conv2D(3, 3, strides=2, padding="same", activation="relu"),
        AveragePooling2D(2, strides=1, padding="same"), Conv2D(4, 2),
        MaxPooling2D(2, strides=1), ReLU(), Flatten(), Dense(6, activation="relu"), Dense(3)],
    "global average pooling": [Conv2D(4, 3, padding=1, activation="relu"),
                               GlobalAveragePooling2D(), Dense(3, use_bias=False)],
    "global max pooling": [Conv2D(4, 2, use_bias=False), GlobalMaxPooling2D(), Dense(3)],
}


@pytest.mark.parametrize("name", list(GRADIENT_MODELS))
def test_model_gradients_match_finite_differences(name):
    """Backpropagation through every layer type against central differences (float64)."""
    model = Sequential(GRADIENT_MODELS[name], (6, 5, 2), seed=3, dtype=np.float64)
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 6, 5, 2)), rng.integers(0, 3, 3)
    _, _, grads = model.loss_and_grads(x, y, training=False)
    params = model.parameters()
    assert set(grads) == set(params)
    loss = lambda: model.ops.softmax_cross_entropy(model.forward(x)[0], y)[0]  # noqa: E731
    for key, param in params.items():
        flat = param.reshape(-1)
        for i in rng.choice(flat.size, min(flat.size, 12), replace=False):
            old = flat[i]
            flat[i] = old + 1e-6
            up = loss()
            flat[i] = old - 1e-6
            down = loss()
            flat[i] = old
            assert grads[key].flat[i] == pytest.approx((up - down) / 2e-6, rel=1e-4, abs=1e-8), key


@pytest.mark.skipif(torch is None, reason="torch is not installed")
@pytest.mark.torch
@pytest.mark.parametrize("make", [lambda: Adam(0.01), lambda: SGD(0.1, momentum=0.9),
                                  lambda: SGD(0.1, momentum=0.9, nesterov=True)])
def test_optimizers_follow_torch(make):
    optimizer = make()
    if isinstance(optimizer, Adam):
        twin = lambda p: torch.optim.Adam(p, lr=0.01, eps=optimizer.epsilon)  # noqa: E731
    else:
        twin = lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=optimizer.nesterov)  # noqa: E731
    rng = np.random.default_rng(0)
    param = rng.standard_normal(5)
    tparam = torch.tensor(param.copy(), requires_grad=True)
    topt = twin([tparam])
    for _ in range(6):
        grad = rng.standard_normal(5)
        optimizer.step({"p": param}, {"p": grad})
        tparam.grad = torch.tensor(grad)
        topt.step()
    np.testing.assert_allclose(param, tparam.detach().numpy(), rtol=1e-10)


# --------------------------------------------------------------------------- summary, models, weights

SUMMARY_MODELS = {
    **{name: build() for name, build in LECTURE_MODELS.items()},
    "mnist mlp": mnist_mlp(),
    "strides, same, no bias": ([Conv2D(6, (3, 2), strides=2, padding="same", use_bias=False),
                                AveragePooling2D(2, padding="same"), Conv2D(5, 3, padding=(1, 0)),
                                GlobalMaxPooling2D(), Dense(4, use_bias=False)], (15, 11, 3)),
    "global average": ([Conv2D(4, 3), ReLU(), GlobalAveragePooling2D(), Dropout(0.1), Dense(2)],
                       (7, 7, 1)),
}


@pytest.mark.parametrize("name", list(SUMMARY_MODELS))
def test_summary_agrees_with_params_reference(name):
    layers, input_shape = SUMMARY_MODELS[name]
    model = Sequential(layers, input_shape)
    assert model.summary() == reference_params.summary(layers, input_shape)
    assert model.count_params() == reference_params.count_params(layers, input_shape)
    assert model.count_params() == sum(p.size for p in model.parameters().values())
    assert f"Total params: {model.count_params():,}" in model.summary_table()


@pytest.mark.parametrize("build", [mnist_cnn, cifar10_alexnet])
def test_model_docstring_summaries_are_the_counted_ones(build):
    """The summary tables in cnnlab.models' docstrings are what params.summary computes."""
    layers, input_shape = build()
    shown = re.findall(r"^\s+(\w+) \((\w+)\)\s+\(None, ([\d, ]+)\)\s+([\d,]+)$", build.__doc__,
                       flags=re.M)
    rows = [(name, tuple(int(v) for v in shape.split(",")), int(params.replace(",", "")))
            for name, _, shape, params in shown]
    assert rows == reference_params.summary(layers, input_shape)
    total = re.search(r"Total params: ([\d,]+)", build.__doc__).group(1)
    assert int(total.replace(",", "")) == reference_params.count_params(layers, input_shape)


def test_save_and_load_weights_round_trip(tmp_path, data):
    (x, y), (x_test, _) = data
    trained = small_model(0)
    trained.fit(x[:200], y[:200], epochs=1, batch_size=32, verbose=False)
    path = trained.save_weights(tmp_path / "weights")
    assert path.suffix == ".npz"
    with np.load(path, allow_pickle=False) as stored:
        assert sorted(stored.files) == sorted(trained.parameters())
    fresh = small_model(99)
    assert not np.allclose(fresh.predict(x_test), trained.predict(x_test))
    fresh.load_weights(path)
    np.testing.assert_array_equal(fresh.predict(x_test), trained.predict(x_test))
    narrower = Sequential([Conv2D(4, 3), MaxPooling2D(2), Flatten(), Dense(10)], (12, 12, 1))
    with pytest.raises(ValueError, match="conv2d_1/kernel has shape"):
        narrower.load_weights(path)
    unbiased = Sequential([Conv2D(16, 3, use_bias=False), MaxPooling2D(2), Flatten(), Dense(10)],
                          (12, 12, 1))
    with pytest.raises(ValueError, match="holds"):
        unbiased.load_weights(path)


def test_bad_data_and_layers_are_refused(data):
    (x, y), _ = data
    model = small_model()
    with pytest.raises(ValueError, match="x must have shape"):
        model.fit(x[:, :10], y, verbose=False)
    with pytest.raises(ValueError, match="y must be"):
        model.fit(x, y.astype(float), verbose=False)
    with pytest.raises(ValueError, match="softmax"):
        Sequential([Dense(4, activation="softmax"), Dense(2)], (3,))
    with pytest.raises(ValueError, match="activation"):
        Sequential([Dense(4, activation="tanh")], (3,))


def test_to_float_images():
    grey = to_float_images(np.full((2, 4, 4), 255, np.uint8))
    assert grey.shape == (2, 4, 4, 1) and grey.dtype == np.float32 and grey.max() == 1
    assert to_float_images(np.zeros((1, 3, 3, 3), np.uint8)).shape == (1, 3, 3, 3)


def test_progress_bar_and_training_curves(tmp_path, data, capsys):
    (x, y), (x_test, y_test) = data
    model = small_model()
    history = model.fit(x[:96], y[:96], epochs=2, batch_size=32, verbose=True,
                        validation_data=(x_test[:50], y_test[:50]))
    bar = capsys.readouterr().err
    assert "epoch 2/2" in bar and "loss=" in bar and "acc=" in bar
    png = tmp_path / "curves.png"
    figure = plot_history(history, png, title="patterns")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    loss = label("손실", "loss")  # Korean with English when the Korean font is installed
    assert [line.get_label() for line in figure.axes[0].lines] == [
        f"{label('학습', 'training')} {loss}", f"{label('검증', 'validation')} {loss}"]
    assert isinstance(history, History) and len(history["epoch_time"]) == 2


# --------------------------------------------------------------------------- a student's folder

def student_folder(root: Path, conv_source: str | None = None) -> Path:
    """The references copied as a student's plain modules: ``from shapes import ...``, no package."""
    root.mkdir()
    for source in SOLUTIONS.glob("*.py"):
        if source.name == "__init__.py":
            continue
        text = re.sub(r"^from \.(\w+) import", r"from \1 import", source.read_text(), flags=re.M)
        (root / source.name).write_text(text)
    if conv_source is not None:
        (root / "conv.py").write_text(conv_source)
    return root


# A correct convolution with Python loops over images and output pixels: the slow way.
LOOP_CONV = '''
import numpy as np
from _windows import pad_images

def conv2d_single(image, kernel):
    raise NotImplementedError

def conv2d(x, w, b=None, stride=1, padding="valid"):
    s = (stride, stride) if isinstance(stride, int) else tuple(stride)
    xp = pad_images(x, padding, w.shape[:2], s, "kernel")
    oh = (xp.shape[1] - w.shape[0]) // s[0] + 1
    ow = (xp.shape[2] - w.shape[1]) // s[1] + 1
    out = np.zeros((x.shape[0], oh, ow, w.shape[3]), x.dtype)
    for n in range(x.shape[0]):
        for i in range(oh):
            for j in range(ow):
                patch = xp[n, i * s[0]:i * s[0] + w.shape[0], j * s[1]:j * s[1] + w.shape[1]]
                out[n, i, j] = np.tensordot(patch, w, axes=3)
    return out + (0 if b is None else b)
'''


def test_student_folder_trains_like_the_reference(tmp_path, data, reference_ops):
    (x, y), _ = data
    folder = student_folder(tmp_path / "homework")
    ops = load_ops(folder)
    assert ops.source == str(folder)
    # The student's bare module names do not linger to shadow another folder's.
    assert not {"shapes", "conv", "pooling", "dropout", "backprop", "_args"} & set(sys.modules)
    models = [small_model(5, ops=o) for o in (ops, reference_ops)]
    for model in models:
        model.fit(x[:128], y[:128], epochs=1, batch_size=32, verbose=False)
    student, reference = (m.parameters() for m in models)
    assert all(np.array_equal(student[k], reference[k]) for k in student)


def test_student_package_and_missing_modules(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(SOLUTIONS, package)                       # relative imports, __init__.py
    assert load_ops(package).conv2d(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1))).sum() == 16
    incomplete = student_folder(tmp_path / "incomplete")
    (incomplete / "backprop.py").unlink()
    with pytest.raises(FileNotFoundError, match="backprop.py"):
        load_ops(incomplete)


def test_slow_convolution_is_found_and_warned_about(tmp_path, data, reference_ops):
    (x, y), _ = data
    slow_ops = load_ops(student_folder(tmp_path / "loops", LOOP_CONV))
    # Two folders side by side: each keeps its own conv.py.
    assert slow_ops.conv2d is not reference_ops.conv2d
    slow, fast = small_model(0, ops=slow_ops), small_model(0, ops=reference_ops)
    batch = x[:64], y[:64]
    slow_profile, _ = profile_step(slow, *batch)
    fast_profile = min((profile_step(fast, *batch)[0] for _ in range(3)), key=lambda p: p.total)
    # 6,400 little products against one matrix product (best of three, as the machine may be busy)
    assert slow_profile.per_op["conv2d"] > 5 * fast_profile.per_op["conv2d"]
    assert "conv2d" in dict(slow_profile.slowest(3))
    with pytest.warns(SlowTrainingWarning, match=r"한 에폭에 약 .*conv2d") as warned:
        slow.fit(*batch, epochs=1, batch_size=64, verbose=False, slow_epoch_seconds=1e-6)
    # Korean first (the students' language), the English after it
    text = str(warned[0].message)
    assert text.index("벡터화") < text.index("One epoch will take about") and "im2col" in text
    with warnings.catch_warnings():
        warnings.simplefilter("error", SlowTrainingWarning)
        fast.fit(*batch, epochs=1, batch_size=64, verbose=False, slow_epoch_seconds=60)


def test_benchmark_ops_ratios(tmp_path, reference_ops):
    slow_ops = load_ops(student_folder(tmp_path / "loops", LOOP_CONV))
    size = dict(batch_size=16, image_size=10, in_channels=4, filters=8)
    detail = benchmark_ops_detail(slow_ops, reference_ops, repeats=2, **size)
    assert detail["conv2d"].matches_reference and detail["conv2d_backward"].matches_reference
    assert detail["conv2d"].ratio > 3                          # 16 x 64 little products
    ratios = benchmark_ops(reference_ops, reference_ops, repeats=2, **size)
    assert set(ratios) == {"conv2d", "conv2d_backward"}
    assert all(0 < r < np.inf for r in ratios.values())
    wrong = reference_ops.replace(conv2d=lambda x, w, b=None, stride=1, padding="valid":
                                  reference_ops.conv2d(x, w, None, stride, padding))
    assert not benchmark_ops_detail(wrong, reference_ops, repeats=1, **size)["conv2d"].matches_reference


@pytest.mark.skipif(torch is None, reason="torch is not installed")
@pytest.mark.torch
@pytest.mark.parametrize("name", ["mnist", "cifar10"])
def test_lecture_models_match_their_torch_twins(name):
    """The benchmark's torch twin computes the same logits and gradients (float64, no dropout)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from torch_twin import torch_twin
    finally:
        sys.path.pop(0)
    layers, input_shape = LECTURE_MODELS[name]()
    model = Sequential(layers, input_shape, seed=0, dtype=np.float64)
    rng = np.random.default_rng(0)
    x, y = rng.random((4,) + input_shape), rng.integers(0, 10, 4)
    loss, _, grads = model.loss_and_grads(x, y, training=False)
    net = torch_twin(model).double().eval()
    logits = net(torch.from_numpy(x.transpose(0, 3, 1, 2).copy()))
    np.testing.assert_allclose(logits.detach().numpy(), model.forward(x)[0], rtol=1e-9, atol=1e-12)
    torch_loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(y))
    torch_loss.backward()
    assert loss == pytest.approx(torch_loss.item(), rel=1e-10)
    first_conv = next(m for m in net if hasattr(m, "conv")).conv
    np.testing.assert_allclose(grads["conv2d_1/kernel"],
                               first_conv.weight.grad.numpy().transpose(2, 3, 1, 0),
                               rtol=1e-7, atol=1e-12)
    last_dense = [m for m in net if hasattr(m, "linear")][-1].linear
    np.testing.assert_allclose(grads["dense_2/kernel"], last_dense.weight.grad.numpy().T,
                               rtol=1e-7, atol=1e-12)
