"""The training notebooks' pictures: confusion counts and matrix, misclassified grid, filter grid."""
from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlab import evaluation_plots as ep

matplotlib.use("Agg")


def visible_axes(figure: Figure) -> list:
    return [ax for ax in figure.axes if ax.get_visible()]


def image_axes(figure: Figure) -> list:
    """Axes that show an image (the colour bar's axes show none)."""
    return [ax for ax in visible_axes(figure) if ax.get_images()]


def draws(figure: Figure, tmp_path) -> None:
    path = tmp_path / "figure.png"
    figure.savefig(path)
    assert path.stat().st_size > 1000


# ----------------------------------------------------------------------------- counts

def test_confusion_counts_match_a_count_by_hand():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 4, 200)
    y_pred = np.where(rng.random(200) < 0.7, y_true, rng.integers(0, 4, 200))
    counts = ep.confusion_counts(y_true, y_pred, 4)
    assert counts.shape == (4, 4) and counts.dtype == np.int64
    for t in range(4):
        for p in range(4):
            assert counts[t, p] == np.sum((y_true == t) & (y_pred == p))
    assert counts.sum() == 200
    assert np.trace(counts) == np.sum(y_true == y_pred)
    assert counts.sum(axis=1).tolist() == np.bincount(y_true, minlength=4).tolist()


def test_confusion_counts_size_defaults_to_the_largest_id_and_checks_its_inputs():
    assert ep.confusion_counts(np.array([0, 2]), np.array([1, 2])).shape == (3, 3)
    assert ep.confusion_counts(np.array([0]), np.array([0]), n_classes=10).shape == (10, 10)
    with pytest.raises(ValueError, match="n_classes"):
        ep.confusion_counts(np.array([0, 5]), np.array([0, 1]), n_classes=3)
    with pytest.raises(ValueError, match="length"):
        ep.confusion_counts(np.array([0, 1]), np.array([0]))
    with pytest.raises(ValueError, match="integer"):
        ep.confusion_counts(np.array([0.0, 1.0]), np.array([0, 1]))
    with pytest.raises(ValueError, match="negative"):
        ep.confusion_counts(np.array([0, -1]), np.array([0, 1]))


# ----------------------------------------------------------------------------- confusion matrix

@pytest.mark.parametrize("normalize", [False, True])
def test_confusion_matrix_draws_one_matrix_with_a_label_per_class(normalize, tmp_path):
    counts = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 4]])
    names = ["cat", "dog", "ship"]
    figure = ep.confusion_matrix(counts, names, normalize=normalize)
    assert isinstance(figure, Figure)
    matrices = image_axes(figure)
    assert len(matrices) == 1 and len(visible_axes(figure)) == 2   # the matrix and its colour bar
    ax = matrices[0]
    assert ax.get_images()[0].get_array().shape == (3, 3)
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    cell_texts = [t.get_text() for t in ax.texts]
    assert len(cell_texts) == np.count_nonzero(counts)        # empty cells stay blank
    if normalize:
        assert "0.70" in cell_texts                              # 7 of the 10 dogs
    else:
        assert "7" in cell_texts
    assert "80.00%" in ax.get_title()                            # 16 of 20 on the diagonal
    draws(figure, tmp_path)


def test_confusion_matrix_rejects_a_non_square_matrix_and_wrong_names():
    with pytest.raises(ValueError, match="square"):
        ep.confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="names"):
        ep.confusion_matrix(np.eye(3, dtype=int), ["a", "b"])


# ----------------------------------------------------------------------------- images

@pytest.mark.parametrize("shape", [(10, 6, 5), (10, 6, 5, 1), (10, 6, 5, 3)])
def test_image_grid_shows_every_image_with_its_title(shape, tmp_path):
    images = np.random.default_rng(0).random(shape)
    titles = [f"#{k}" for k in range(10)]
    figure = ep.image_grid(images, titles, columns=4)
    shown = image_axes(figure)
    assert len(shown) == 10 and len(figure.axes) == 12          # 3 rows of 4, two spare
    assert [ax.get_title() for ax in shown] == titles
    assert shown[0].get_images()[0].get_array().shape[:2] == (6, 5)
    draws(figure, tmp_path)


def test_image_grid_rejects_other_shapes():
    with pytest.raises(ValueError, match="images"):
        ep.image_grid(np.zeros((2, 4, 4, 2)))
    with pytest.raises(ValueError, match="titles"):
        ep.image_grid(np.zeros((2, 4, 4)), ["only one"])


def test_misclassified_grid_shows_only_the_wrong_predictions_in_order(tmp_path):
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (12, 8, 8, 3), dtype=np.uint8)
    y_true = np.array([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
    y_pred = y_true.copy()
    y_pred[[2, 5, 9]] = [0, 3, 2]
    names = ["plane", "car", "bird", "cat"]
    confidence = np.linspace(0.3, 0.9, 12)
    figure = ep.misclassified_grid(images, y_true, y_pred, names, confidence)
    shown = image_axes(figure)
    assert len(shown) == 3
    assert [ax.get_title().splitlines()[0] for ax in shown] == \
           ["bird → plane", "car → cat", "car → bird"]
    assert shown[1].get_title().splitlines()[1] == f"{confidence[5]:.0%}"
    assert np.array_equal(shown[0].get_images()[0].get_array(), images[2])
    assert "3 / 12" in figure.get_suptitle()
    draws(figure, tmp_path)


def test_misclassified_grid_stops_at_the_limit_and_copes_with_no_mistakes():
    y = np.arange(30) % 10
    images = np.zeros((30, 5, 5))
    limited = ep.misclassified_grid(images, y, (y + 1) % 10, limit=7)
    assert len(image_axes(limited)) == 7 and "30 / 30" in limited.get_suptitle()
    perfect = ep.misclassified_grid(images, y, y)
    assert image_axes(perfect) == [] and len(perfect.axes) == 1
    assert "0 / 30" in perfect.get_suptitle()
    with pytest.raises(ValueError, match="length"):
        ep.misclassified_grid(images[:3], y, y)


# ----------------------------------------------------------------------------- filters

def test_filter_grid_draws_grey_kernels_signed_one_axes_per_filter(tmp_path):
    kernel = np.random.default_rng(2).normal(size=(3, 3, 1, 32))
    figure = ep.filter_grid(kernel)
    shown = image_axes(figure)
    assert len(shown) == 32
    first = shown[0].get_images()[0]
    assert first.get_array().shape == (3, 3)
    low, high = first.get_clim()
    assert low == -high == -np.abs(kernel[..., 0]).max()         # zero sits in the middle
    assert [ax.get_title() for ax in shown[:3]] == ["0", "1", "2"]
    draws(figure, tmp_path)


def test_filter_grid_draws_colour_kernels_as_rgb_in_0_1():
    kernel = np.random.default_rng(3).normal(size=(3, 3, 3, 10))
    shown = image_axes(ep.filter_grid(kernel, columns=5))
    assert len(shown) == 10
    for ax, o in zip(shown, range(10)):
        rgb = np.asarray(ax.get_images()[0].get_array())
        assert rgb.shape == (3, 3, 3)
        assert rgb.min() >= 0.0 and rgb.max() <= 1.0
        assert np.isclose(np.abs(rgb - 0.5).max(), 0.5)          # the largest weight is full colour
        # zero weight is mid grey, and the sign of every weight is kept
        assert np.array_equal(rgb > 0.5, kernel[..., o] > 0)
    grey = image_axes(ep.filter_grid(kernel, rgb=False))
    assert grey[0].get_images()[0].get_array().shape == (3, 3)


def test_filter_grid_rejects_what_it_cannot_draw():
    with pytest.raises(ValueError, match="KH, KW, C_in, C_out"):
        ep.filter_grid(np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="three input channels"):
        ep.filter_grid(np.zeros((3, 3, 2, 4)), rgb=True)
