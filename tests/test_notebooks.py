"""The assignment notebooks: their sources, the notebook helpers, and full runs in a kernel.

Every notebook runs top to bottom twice, as students would run it:

- with the reference solutions in place of the stubs (the source notebook,
  solutions included): no cell may fail;
- as released (solution regions cleared by nbgrader's own preprocessor) with
  the untouched stubs and no dataset: only the self-check cell may fail, with
  an ``AssertionError`` and a printed report; every demo cell must cope with
  ``NotImplementedError``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from autograder.manifest import assignments as load_assignments
from autograder.course.sources import (REPO_ROOT, has_notebook,
                                           notebook_name, notebook_source, stub_modules)
from autograder.reference import copy_flat
from autograder.course.notebooks import (NotebookSourceError, build_notebook, check_notebook,
                                         read_source, self_check_call, student_version)
from cnnlab import plots
from korean_text import particle_problems
from cnnlab.notebook import (NOT_IMPLEMENTED_NOTE, attempt, check_answer, check_summary,
                             draw_digit, load_digits, report_saved_weights, report_step_speed,
                             try_run)

matplotlib.use("Agg")

ASSIGNMENTS = load_assignments()
IDS = [a for a, spec in ASSIGNMENTS.items() if has_notebook(spec)]
# The notebooks of the lecture's sections 3.1 to 3.6; later manifest entries may add more.
LECTURE_NOTEBOOKS = ["cnn31_flatten_mlp", "cnn331_convolution", "cnn332_pooling", "cnn35_dropout",
                     "cnn36_color_conv"]
SHARED_DATA = Path("/work/shared/data")
KERNEL_NAME = "cnnlab-test-python"


# ----------------------------------------------------------------------------- sources

def test_every_lecture_section_has_its_notebook():
    assert set(LECTURE_NOTEBOOKS) <= set(IDS)


def test_every_manifest_entry_has_its_notebook():
    missing = {a: ASSIGNMENTS[a].notebook for a in ASSIGNMENTS if a not in IDS}
    assert not missing, f"no notebook source in assignments/notebooks/ for {missing}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_source_follows_the_course_rules(assignment_id, tmp_path):
    assignment = ASSIGNMENTS[assignment_id]
    built = build_notebook(assignment, tmp_path / notebook_name(assignment))
    nb = nbformat.read(built, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert "jupytext" not in nb.metadata
    intro = nb.cells[0].source
    for qualname in assignment.functions:
        module, function = qualname.split(".")
        assert f"`{module}.py`" in intro and function in intro, f"intro must name {qualname}"
    solutions = [c for c in nb.cells if c.metadata.nbgrader.get("solution")]
    assert any(c.cell_type == "code" for c in solutions), "at least one in-notebook task"
    assert any(c.cell_type == "markdown" for c in solutions), "a written answer"
    # Students run the modules next to the notebook and nothing else of the course.
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "solutions" not in code and self_check_call(assignment_id) in nb.cells[-1].source


@pytest.mark.parametrize("assignment_id", IDS)
def test_nbgrader_metadata_round_trips_through_jupytext(assignment_id, tmp_path):
    import jupytext

    source = notebook_source(ASSIGNMENTS[assignment_id])
    first = read_source(source)
    as_ipynb = tmp_path / "nb.ipynb"
    jupytext.write(first, as_ipynb)
    back = tmp_path / "again.py"
    jupytext.write(jupytext.read(as_ipynb), back, fmt="py:percent")
    second = read_source(back)
    assert [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in first.cells] == \
           [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in second.cells]
    assert all("nbgrader" in c.metadata for c in second.cells)


def test_check_notebook_rejects_what_nbgrader_would_trip_over():
    nb = read_source(notebook_source(ASSIGNMENTS["cnn31_flatten_mlp"]))
    check_notebook(nb, "cnn31_flatten_mlp")

    unmarked = nbformat.from_dict(nb)
    del unmarked.cells[1].metadata["nbgrader"]
    with pytest.raises(NotebookSourceError, match="no nbgrader metadata"):
        check_notebook(unmarked, "cnn31_flatten_mlp")

    region_in_locked = nbformat.from_dict(nb)
    region_in_locked.cells[1].source += "\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    with pytest.raises(NotebookSourceError, match="solution region"):
        check_notebook(region_in_locked, "cnn31_flatten_mlp")

    with pytest.raises(NotebookSourceError, match="self-check|check\\("):
        check_notebook(nb, "cnn35_dropout")


@pytest.mark.parametrize("assignment_id", IDS)
def test_student_version_clears_every_solution(assignment_id):
    nb = read_source(notebook_source(ASSIGNMENTS[assignment_id]))
    released = student_version(nb)
    text = json.dumps(released)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    for before, after in zip(nb.cells, released.cells):
        if before.metadata.nbgrader.get("solution") and before.cell_type == "code":
            # the answer placeholders stay, the worked answer goes
            placeholders = [line for line in before.source.splitlines() if line.endswith("= None")]
            assert placeholders and all(line in after.source for line in placeholders)
            assert "YOUR CODE HERE" in after.source and "raise" not in after.source
        elif not before.metadata.nbgrader.get("solution"):
            assert after.source == before.source


# ----------------------------------------------------------------------------- helpers

def test_try_run_reports_instead_of_raising(capsys):
    def stub(x):
        raise NotImplementedError("stub")

    def buggy(x):
        return x[5]

    assert try_run(stub, 1) is None
    assert NOT_IMPLEMENTED_NOTE in capsys.readouterr().out
    assert try_run(buggy, [1, 2]) is None
    out = capsys.readouterr().out
    assert "IndexError" in out and "test_notebooks.py" in out
    assert try_run(sum, [1, 2]) == 3


def test_check_answer_accepts_pending_and_right_answers_and_rejects_wrong_ones(capsys):
    check_answer("a", None, 3)
    assert "아직 답이 없습니다" in capsys.readouterr().out
    check_answer("shape", (2, 3), (2, 3))
    check_answer("mean", 0.7003, 0.7, atol=0.01)
    check_answer("grid", np.array([[1.0, 2.0]]), [[1.0, 2.0]])
    assert capsys.readouterr().out.count("정답") == 3
    with pytest.raises(AssertionError, match="expected"):
        check_answer("shape", [2, 3], (3, 2))
    with pytest.raises(AssertionError, match=r"first difference at\) \(0, 1\)"):
        check_answer("grid", np.array([[1.0, 2.5]]), [[1.0, 2.0]])
    with pytest.raises(AssertionError):
        check_answer("count", 669_705, 669_706)


def test_attempt_names_the_failed_step_and_returns_none(capsys):
    def stub():
        raise NotImplementedError("conv2d")

    assert attempt("모델 만들기", stub) is None
    out = capsys.readouterr().out
    assert out.startswith(f"모델 만들기: {NOT_IMPLEMENTED_NOTE}: conv2d") and "다시 실행" in out
    assert attempt("학습", lambda: 1 / 0) is None
    assert "학습 중 오류 (error): ZeroDivisionError" in capsys.readouterr().out
    assert attempt("합", sum, [1, 2]) == 3 and capsys.readouterr().out == ""


def test_check_summary_checks_each_column_and_the_total(capsys):
    from cnnlab.layers import Dense, Flatten
    layers = [Flatten(), Dense(10)]
    rows = [("flatten_1", (4,), 0), ("dense_1", (10,), 50)]
    check_summary(rows, 50, rows, layers)
    assert capsys.readouterr().out.count("정답") == 4
    check_summary(None, None, rows, layers)
    assert "아직 답이 없습니다" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="params per layer"):
        check_summary([("flatten_1", (4,), 0), ("dense_1", (10,), 40)], 40, rows, layers)
    with pytest.raises(AssertionError, match="my_total"):
        check_summary(rows, 40, rows, layers)


def test_report_step_speed_times_a_real_step_or_reports_a_broken_one(capsys):
    from cnnlab.layers import Conv2D, Dense, Flatten
    from cnnlab.train import load_ops
    layers, shape = [Conv2D(2, 3, activation="relu"), Flatten(), Dense(3)], (6, 6, 1)
    rng = np.random.default_rng(0)
    x, y = rng.random((8,) + shape, dtype=np.float32), rng.integers(0, 3, 8)
    ops = load_ops("reference")
    profile = report_step_speed(layers, shape, ops, x, y, batch_size=4, train_size=1000)
    out = capsys.readouterr().out
    assert profile.batch_size == 4 and profile.total > 0 and "conv2d" in profile.per_op
    assert "배치 4장 한 번 학습" in out and "학습 이미지 1,000장" in out and "conv2d" in out

    def broken(*args, **kwargs):
        raise NotImplementedError("conv2d_backward")

    assert report_step_speed(layers, shape, ops.replace(conv2d_backward=broken), x, y,
                             batch_size=4, train_size=1000) is None
    out = capsys.readouterr().out
    assert "한 배치 학습 (one training step)" in out and "conv2d_backward" in out


def test_report_saved_weights_evaluates_with_the_folders_own_layers(tmp_path, monkeypatch, capsys):
    from cnnlab.layers import Dense, Flatten
    from cnnlab.train import Sequential
    from submissions import reference_submission
    monkeypatch.chdir(reference_submission(tmp_path / "student"))
    layers, shape = [Flatten(), Dense(3)], (4, 4, 1)
    rng = np.random.default_rng(0)
    x, y = rng.random((30,) + shape, dtype=np.float32), rng.integers(0, 3, 30)
    assert report_saved_weights("model.npz", layers, shape, x, y, ((0.5, 1.0),)) is None
    assert "가중치 파일이 아직 없습니다 (no weights saved yet): model.npz" in capsys.readouterr().out
    model = Sequential(layers, shape, ops=".", seed=3)
    model.save_weights("model.npz")
    expected = model.evaluate(x, y)[1]
    thresholds = ((expected - 0.01, 1.0), (expected + 0.01, 2.0))
    assert report_saved_weights("model.npz", layers, shape, x, y, thresholds) == expected
    out = capsys.readouterr().out
    assert f"{expected:.2%}" in out and "✓ 정확도" in out and "✗ 정확도" in out


def test_the_training_time_advice_points_at_vectorising_only_when_far_slower(capsys):
    from cnnlab.notebook import advise_training_time
    from cnnlab.train.profiling import StepProfile

    fast = StepProfile(total=0.032, per_op={"conv2d": 0.01}, batch_size=128)
    assert advise_training_time(fast, 55_000, 8, reference_epoch_seconds=14,
                                shorter="SHORT = True") == pytest.approx(0.032 / 128 * 55_000 * 8)
    out = capsys.readouterr().out
    assert "전체 학습 (8 에폭)의 예상 시간" in out and "벡터화" not in out
    slow = StepProfile(total=4.5, per_op={"conv2d": 4.0}, batch_size=128)   # 26 min per epoch
    advise_training_time(slow, 45_000, 6, reference_epoch_seconds=40, shorter="SHORT = True")
    out = capsys.readouterr().out
    assert "약 2 h 38 min" in out and "배 느립니다" in out and "벡터화" in out and "SHORT = True" in out
    assert advise_training_time(None, 45_000, 6, 40, "") is None


def test_figures_match_their_text():
    """3.6: a channel is drawn from black to its colour (bright = large); 3.5: white = kept, always."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    red, black = plots.channel_colormap(0)(1.0), plots.channel_colormap(0)(0.0)
    assert red[:3] == (1.0, 0.0, 0.0) and black[:3] == (0.0, 0.0, 0.0)
    assert plots.channel_colormap(1)(1.0)[:3] == (0.0, 1.0, 0.0)
    saucer = np.zeros((4, 4, 3), np.uint8)
    saucer[..., 0] = 230                                        # a red object
    figure = plots.color_channels(saucer)
    FigureCanvasAgg(figure).draw()
    r_axes, g_axes = figure.axes[1], figure.axes[2]
    r_rgb = r_axes.images[0].to_rgba(saucer[..., 0])[0, 0, :3]
    g_rgb = g_axes.images[0].to_rgba(saucer[..., 1])[0, 0, :3]
    assert r_rgb.sum() > 0.8 and g_rgb.sum() == 0.0             # bright in R, dark in G
    mask = np.array([[True, False]])
    panels = [plots.dropout_masks({"m": mask}).axes[0],
              plots.images_row({"x": np.ones((1, 2)), "mask": mask.astype(float)},
                               cmaps={"mask": plots.MASK}).axes[1]]
    for ax in panels:
        kept, dropped = ax.images[0].to_rgba(mask.astype(float))[0, :, :3]
        assert tuple(kept) == (1.0, 1.0, 1.0) and tuple(dropped) == (0.0, 0.0, 0.0)


def test_the_dropout_notebook_shows_the_graded_models_dropout_placement():
    source = notebook_source(ASSIGNMENTS["cnn35_dropout"]).read_text(encoding="utf-8")
    where = source[source.index('"grade_id": "where"'):source.index('"grade_id": "written-md"')]
    assert "mnist_cnn()" in where and "cifar10_alexnet()" in where and "Dropout(" not in where


def test_digits_fall_back_to_drawings_without_the_dataset(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "nothing"))
    monkeypatch.setenv("CNNLAB_DATA_CACHE", str(tmp_path / "cache"))
    digits = load_digits(7, download=False)
    assert digits.source == "synthetic"
    assert digits.images.shape == (7, 28, 28) and digits.images.dtype == np.uint8
    assert digits.labels.tolist() == [5, 0, 4, 1, 7, 5, 0]
    # drawn like MNIST: dark background, a bright stroke, nothing at the border
    for image in digits.images:
        assert image.max() == 255 and (image > 0).mean() < 0.35
        assert image[0].max() == image[-1].max() == image[:, 0].max() == image[:, -1].max() == 0
    assert not np.array_equal(digits.images[0], digits.images[5]), "repeats are shifted"
    with pytest.raises(ValueError, match="digit"):
        draw_digit(8)


@pytest.mark.skipif(not (SHARED_DATA / "mnist").is_dir(), reason="no local MNIST copy")
def test_digits_come_from_mnist_when_available(monkeypatch):
    monkeypatch.setenv("CNNLAB_DATA", str(SHARED_DATA))
    digits = load_digits(10, download=False)
    assert digits.source == "MNIST"
    assert digits.labels.tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]   # the lecture's digits


def test_every_plot_returns_a_drawable_figure(tmp_path):
    digit = draw_digit(5)
    fmap = np.random.default_rng(0).normal(size=(4, 4))
    rgb = np.random.default_rng(1).integers(0, 256, size=(8, 9, 3), dtype=np.uint8)
    square = np.zeros((6, 6), int)
    square[2:4, 2:4] = 1
    figures = [
        plots.pixel_grid(digit, title="5"),
        plots.flattened_rows([square], [square.reshape(-1)], ["square"]),
        plots.sliding_window(fmap[:4, :4], 3, [(0, 0), (1, 1)], output=fmap[:2, :2]),
        plots.feature_maps(digit, {"a": fmap, "b": -fmap}, {"a": np.eye(3)}),
        plots.feature_maps(rgb, {"a": fmap}),
        plots.pooling_comparison(digit, {"max": digit[::2, ::2], "avg": digit[::4, ::4]}),
        plots.color_channels(rgb),
        plots.dropout_masks({"rate 0.5": fmap > 0}),
        plots.images_row({"gray": digit, "color": rgb}),
    ]
    for k, figure in enumerate(figures):
        assert isinstance(figure, matplotlib.figure.Figure)
        figure.savefig(tmp_path / f"{k}.png")
        assert (tmp_path / f"{k}.png").stat().st_size > 1000
    with pytest.raises(ValueError, match="image"):
        plots.color_channels(digit)


# ----------------------------------------------------------------------------- execution

@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernelspec for this interpreter, found before any other (JUPYTER_PATH comes first)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (cnnlab tests)", "language": "python"}))
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), previous]))
    yield
    if previous is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = previous


def assignment_folder(folder: Path, assignment_id: str, *, references: bool) -> Path:
    """What a student has: the notebook next to all modules (stubs, or the references)."""
    assignment = ASSIGNMENTS[assignment_id]
    folder.mkdir(parents=True)
    notebook = build_notebook(assignment, folder / notebook_name(assignment))
    for module in stub_modules():
        shutil.copy(module, folder / module.name)
    if references:
        copy_flat(REPO_ROOT / "solutions", folder)
    else:
        released = student_version(nbformat.read(notebook, as_version=4))
        nbformat.write(released, notebook)
    return notebook


def execute(notebook: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    """Run every cell (errors recorded, not raised) in the notebook's folder."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=180, startup_timeout=60,
                            allow_errors=True,
                            resources={"metadata": {"path": str(notebook.parent)}})
    client.execute(env={**os.environ, **env})
    nbformat.write(nb, notebook.with_suffix(".executed.ipynb"))
    return nb


def failed_cells(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """grade_id -> the error output, for every cell that raised."""
    failed = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                failed[cell.metadata.nbgrader.grade_id] = output
    return failed


def printed(nb: nbformat.NotebookNode, grade_id: str | None = None) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                   if o.output_type == "stream"
                   and (grade_id is None or c.metadata.nbgrader.grade_id == grade_id))


# Figures are also kept as SVG with their texts as text, so a test can read every label.
KERNEL_CONFIG = """
c.InlineBackend.figure_formats = {"png", "svg"}
c.InlineBackend.rc = {"svg.fonttype": "none"}
"""
HANGUL = re.compile("[가-힣]")


def kernel_variables(tmp_path: Path, data: Path | None) -> dict[str, str]:
    # CNN_NOTEBOOK_QUICK: the training notebooks train on a few hundred images only.
    ipython_dir = tmp_path / "ipython"
    (ipython_dir / "profile_default").mkdir(parents=True, exist_ok=True)
    (ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    env = {"PYTHONPATH": str(REPO_ROOT), "CNNLAB_OFFLINE": "1", "CNN_NOTEBOOK_QUICK": "1",
           "CNNLAB_DATA_CACHE": str(tmp_path / "cache"), "IPYTHONDIR": str(ipython_dir),
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env["CNNLAB_DATA"] = str(data) if data is not None else str(tmp_path / "no-data")
    return env


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_runs_clean_with_the_references(assignment_id, tmp_path, kernel_env):
    notebook = assignment_folder(tmp_path / assignment_id, assignment_id, references=True)
    data = SHARED_DATA if (SHARED_DATA / "mnist").is_dir() else None
    nb = execute(notebook, kernel_variables(tmp_path, data))
    failed = failed_cells(nb)
    assert not failed, {k: f"{v.ename}: {v.evalue}" for k, v in failed.items()}
    out = printed(nb)
    assert NOT_IMPLEMENTED_NOTE not in out and "아직 답이 없습니다" not in out
    assert out.count("정답입니다") >= 2, "the in-notebook tasks were checked"
    if any(c.metadata.nbgrader.get("grade_id") == "speed" for c in nb.cells):
        assert "한 에폭의 예상 시간" in printed(nb, "speed"), "the training step was timed"
    if any(c.metadata.nbgrader.get("grade_id") == "save" for c in nb.cells):
        assert ": 테스트 정확도" in printed(nb, "save"), "the saved weights were evaluated"
    images = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert images >= 1
    # Every figure speaks Korean (a Korean font is installed; English may follow).
    figures = {c.metadata.nbgrader.grade_id: o["data"]["image/svg+xml"] for c in nb.cells
               for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})}
    assert len(figures) >= 1
    english_only = [grade_id for grade_id, svg in figures.items() if not HANGUL.search(svg)]
    assert english_only == [], "figures without a Korean label"
    assert particle_problems(out) == []


@pytest.mark.parametrize("assignment_id", IDS)
def test_released_notebook_with_stubs_fails_only_at_the_self_check(assignment_id, tmp_path,
                                                                   kernel_env):
    notebook = assignment_folder(tmp_path / assignment_id, assignment_id, references=False)
    nb = execute(notebook, kernel_variables(tmp_path, data=None))
    failed = failed_cells(nb)
    assert list(failed) == ["selfcheck"], {k: f"{v.ename}: {v.evalue}" for k, v in failed.items()}
    assert failed["selfcheck"].ename == "AssertionError"
    report = printed(nb, "selfcheck")
    for qualname in ASSIGNMENTS[assignment_id].functions:
        assert qualname.split(".")[1] in report, f"the self-check report names {qualname}"
    out = printed(nb)
    assert NOT_IMPLEMENTED_NOTE in out and "아직 답이 없습니다" in out
    if assignment_id == "cnn34_mnist_backprop":
        # Building the model runs the earlier forward functions: the notebook names them and the
        # self-check at the bottom checks them too (3.4's own functions are all in backprop.py).
        assert "conv.conv2d (3.6)" in printed(nb, "build")
        assert "[conv2d]" in report and "[max_pool2d]" in report
