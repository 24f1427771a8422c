"""The references of the hand-made features and the softmax against independent oracles.

- ``sobel_edges``: scipy.ndimage.sobel (a separable [1, 2, 1] x [-1, 0, 1] filter,
  written independently of any convolution code here) on the interior pixels;
- ``rgb_to_grayscale``: the ITU-R BT.601 formula written out per channel, and
  PIL's ``Image.convert("L")``, which applies the same weights and rounds to
  uint8 (so it agrees within half a grey level). scikit-image's ``rgb2gray``
  uses the BT.709 weights (0.2125, 0.7154, 0.0721); the lecture gives no
  weights, and BT.601 is the rule of PIL, OpenCV and MATLAB that students meet
  first, so the course follows it and the spec names the BT.709 mix-up;
- ``softmax``: torch.softmax and scipy.special.softmax.
"""
from __future__ import annotations

import numpy as np
import pytest
import scipy.ndimage
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from solutions.activations import softmax
from solutions.conv import rgb_to_grayscale, sobel_edges

CHECKS = settings(max_examples=60, deadline=None, derandomize=True)


def images(min_side: int, max_side: int, dtype=np.float64, low=0.0, high=255.0):
    return hnp.arrays(np.dtype(dtype), st.tuples(st.integers(min_side, max_side),
                                                  st.integers(min_side, max_side)),
                      elements=st.floats(low, high, width=np.dtype(dtype).itemsize * 8))


# ---------------------------------------------------------------- sobel_edges

@CHECKS
@given(images(3, 12))
def test_sobel_edges_equals_scipy_sobel_on_the_interior(image):
    gy = scipy.ndimage.sobel(image, axis=0)   # derivative down the rows: horizontal edges
    gx = scipy.ndimage.sobel(image, axis=1)   # derivative along the columns: vertical edges
    np.testing.assert_allclose(sobel_edges(image), np.hypot(gx, gy)[1:-1, 1:-1],
                               rtol=1e-12, atol=1e-9)


def test_sobel_edges_of_the_lecture_patch_and_of_plain_edges():
    patch = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
    np.testing.assert_allclose(sobel_edges(patch), [[np.hypot(261, 191)]])
    step = np.repeat([[0, 0, 10, 10]], 4, axis=0)          # a vertical edge
    np.testing.assert_array_equal(sobel_edges(step), [[40.0, 40.0], [40.0, 40.0]])
    np.testing.assert_array_equal(sobel_edges(step.T), sobel_edges(step).T)
    np.testing.assert_array_equal(sobel_edges(np.full((5, 6), 7.0)), np.zeros((3, 4)))


def test_sobel_edges_dtypes_inputs_and_errors():
    image = np.random.default_rng(0).random((6, 7))
    copy = image.copy()
    assert sobel_edges(image.astype(np.float32)).dtype == np.float32
    assert sobel_edges(image).dtype == np.float64
    step = np.repeat(np.array([[0, 0, 255, 255]], dtype=np.uint8), 4, axis=0)
    assert sobel_edges(step).dtype == np.float64 and sobel_edges(step).max() == 4 * 255
    np.testing.assert_array_equal(image, copy)
    for bad in (np.zeros(5), np.zeros((1, 4, 4)), np.zeros((2, 5))):
        with pytest.raises(ValueError, match="image"):
            sobel_edges(bad)


# ---------------------------------------------------------------- rgb_to_grayscale

@CHECKS
@given(hnp.arrays(np.uint8, st.tuples(st.integers(1, 3), st.integers(1, 6), st.integers(1, 6),
                                      st.just(3))))
def test_rgb_to_grayscale_is_the_bt601_sum_and_pil_rounds_it(batch):
    gray = rgb_to_grayscale(batch)
    assert gray.shape == batch.shape[:-1] + (1,) and gray.dtype == np.float64
    r, g, b = (batch[..., c].astype(np.float64) for c in range(3))
    np.testing.assert_allclose(gray[..., 0], 0.299 * r + 0.587 * g + 0.114 * b, rtol=1e-12)
    for image, mine in zip(batch, gray):
        pil = np.asarray(Image.fromarray(image, mode="RGB").convert("L"), dtype=np.float64)
        assert np.max(np.abs(pil - mine[..., 0])) <= 0.5 + 1e-6


def test_rgb_to_grayscale_pure_colours_one_image_float32_and_errors():
    pure = np.array([[[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]])
    np.testing.assert_allclose(rgb_to_grayscale(pure)[..., 0], [[0.299, 0.587, 0.114]])
    image32 = np.random.default_rng(1).random((4, 5, 3)).astype(np.float32)
    copy = image32.copy()
    out = rgb_to_grayscale(image32)
    assert out.shape == (4, 5, 1) and out.dtype == np.float32
    np.testing.assert_array_equal(image32, copy)
    for bad in (np.zeros((2, 2, 4)), np.zeros((2, 3)), np.zeros((1, 1, 2, 2, 3))):
        with pytest.raises(ValueError, match="images"):
            rgb_to_grayscale(bad)


# ---------------------------------------------------------------- softmax

@CHECKS
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)),
                  elements=st.floats(-50, 50)), st.sampled_from([0.0, 900.0, -900.0]))
def test_softmax_equals_torch_and_scipy(logits, offset):
    torch = pytest.importorskip("torch")
    shifted = logits + offset
    expected = torch.softmax(torch.from_numpy(shifted), dim=-1).numpy()
    np.testing.assert_allclose(softmax(shifted), expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(softmax(shifted), scipy.special.softmax(shifted, axis=-1),
                               rtol=1e-12, atol=1e-300)


def test_softmax_shapes_dtypes_inputs_and_errors():
    logits = np.random.default_rng(2).normal(size=(2, 3, 4)).astype(np.float32)
    copy = logits.copy()
    out = softmax(logits)
    assert out.shape == logits.shape and out.dtype == np.float32
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(logits, copy)
    assert softmax(np.array([1, 2, 3])).dtype == np.float64
    np.testing.assert_allclose(softmax(np.array([5.0])), [1.0])
    for bad in (np.array(1.0), np.zeros((3, 0))):
        with pytest.raises(ValueError, match="logits"):
            softmax(bad)
