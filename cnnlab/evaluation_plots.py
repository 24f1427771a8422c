"""Pictures of a trained classifier: confusion matrix, misclassified examples, learned filters.

Used by the training notebooks (lecture 3.4 MNIST, 3.7 CIFAR-10). Like
:mod:`cnnlab.plots`, every drawing function only draws arrays that the notebook
computed (labels and predictions from ``model.predict``, the kernel of
``model.parameters()["conv2d_1/kernel"]``) and returns a
:class:`matplotlib.figure.Figure` made without pyplot's global state.
:func:`confusion_counts` is the one computation here: counting pairs of labels.

Labels are Korean with the English term when a Korean font is installed, and
English otherwise (see :func:`cnnlab.plots.label`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.figure import Figure

from cnnlab.plots import axes_grid, label, with_korean_font

GREY = "gray_r"       # digits: 0 is white paper, 1 is black ink
SIGNED = "RdBu_r"     # grey kernels: negative weights blue, positive red



def _class_ids(values: np.ndarray, name: str) -> np.ndarray:
    values = np.asarray(values)
    if values.ndim != 1 or not np.issubdtype(values.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D array of integer class ids, got "
                         f"{values.dtype} with shape {values.shape}")
    if values.size and values.min() < 0:
        raise ValueError(f"{name} must not hold negative class ids")
    return values.astype(np.int64, copy=False)


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray,
                     n_classes: int | None = None) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Parameters
    ----------
    y_true, y_pred : ndarray of int, shape (N,)
        True and predicted class ids, ``0 .. n_classes - 1``.
    n_classes : int, optional
        Number of classes; default one more than the largest id seen.

    Returns
    -------
    ndarray of int64, shape (n_classes, n_classes)
        ``counts[t, p]`` is the number of examples of class ``t`` predicted as
        ``p``: the diagonal holds the correct ones, each row sums to the number
        of examples of its class.

    Raises
    ------
    ValueError
        Arrays that are not 1-D integer ids of the same length, or an id
        ``>= n_classes``.

    Examples
    --------
    >>> confusion_counts(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]))
    array([[1, 1, 0],
           [0, 1, 0],
           [0, 0, 1]])
    """
    y_true = _class_ids(y_true, "y_true")
    y_pred = _class_ids(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}")
    seen = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    n = seen if n_classes is None else int(n_classes)
    if seen > n:
        raise ValueError(f"a class id is >= n_classes = {n}")
    return np.bincount(y_true * n + y_pred, minlength=n * n).reshape(n, n)


def _names(class_names: Sequence[str] | None, n: int) -> list[str]:
    if class_names is None:
        return [str(k) for k in range(n)]
    if len(class_names) != n:
        raise ValueError(f"class_names has {len(class_names)} names for {n} classes")
    return [str(name) for name in class_names]


@with_korean_font
def confusion_matrix(counts: np.ndarray, class_names: Sequence[str] | None = None, *,
                     normalize: bool = False, title: str | None = None) -> Figure:
    """Draw a confusion matrix: true class down, predicted class across, counts in the cells.

    Parameters
    ----------
    counts : ndarray of int, shape (K, K)
        From :func:`confusion_counts`.
    class_names : sequence of str, optional
        ``K`` names for the ticks (default ``0 .. K-1``).
    normalize : bool, default False
        Colour and label each row by its share (recall per class) instead of counts.
    title : str, optional
        Default: the overall accuracy, ``trace / total``.

    Returns
    -------
    Figure
        One axes with the matrix and a colour bar.
    """
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(f"counts must be a square (K, K) matrix, got shape {counts.shape}")
    k = counts.shape[0]
    names = _names(class_names, k)
    rows = counts.sum(axis=1, keepdims=True)
    shown = counts / np.maximum(rows, 1) if normalize else counts
    size = max(4.5, 0.55 * k + 2.0)
    fig = Figure(figsize=(size + 1.0, size), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(shown, cmap="Blues", vmin=0)
    fig.colorbar(image, ax=ax, shrink=0.8)
    top = float(shown.max()) or 1.0
    for (t, p), value in np.ndenumerate(shown):
        if counts[t, p] == 0:
            continue
        text = f"{value:.2f}" if normalize else f"{int(value)}"
        ax.text(p, t, text, ha="center", va="center", fontsize=7 if k > 10 else 8,
                color="white" if value > 0.6 * top else "black")
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0,
                  ha="right" if max(map(len, names)) > 2 else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel(label("예측한 클래스", "predicted class"))
    ax.set_ylabel(label("실제 클래스", "true class"))
    total = int(counts.sum())
    accuracy = np.trace(counts) / total if total else float("nan")
    ax.set_title(title or f"{label('정확도', 'accuracy')} {accuracy:.2%} ({total:,})")
    return fig


def _prepare_images(images: np.ndarray) -> tuple[np.ndarray, bool]:
    """``(N, H, W)``, ``(N, H, W, 1)`` or ``(N, H, W, 3)`` -> images to draw, and whether colour."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim == 3:
        return images, False
    if images.ndim == 4 and images.shape[-1] == 3:
        if not np.issubdtype(images.dtype, np.integer):
            images = np.clip(images, 0.0, 1.0)  # imshow wants floats in [0, 1]
        return images, True
    raise ValueError("images must be (N, H, W), (N, H, W, 1) or (N, H, W, 3), "
                     f"got shape {images.shape}")


@with_korean_font
def image_grid(images: np.ndarray, titles: Sequence[str] | None = None, *, columns: int = 8,
               size: float = 1.4, title: str | None = None) -> Figure:
    """Draw a batch of images in a grid, each with an optional title.

    Parameters
    ----------
    images : ndarray, shape (N, H, W), (N, H, W, 1) or (N, H, W, 3)
        Grey images in any range (drawn dark on light, like ink); colour images
        as uint8 ``0..255`` or floats in ``[0, 1]``.
    titles : sequence of str, optional
        ``N`` titles, e.g. class names.
    columns : int, default 8
    size : float, default 1.4
        Inches per image.
    title : str, optional
        Title of the whole figure.

    Returns
    -------
    Figure
        ``N`` visible axes (a single empty one when ``N == 0``).
    """
    images, colour = _prepare_images(images)
    n = len(images)
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles has {len(titles)} entries for {n} images")
    fig, axes = axes_grid(n, columns, size, size + 0.25, ticks=False)
    for k, (ax, image) in enumerate(zip(axes, images)):
        if colour:
            ax.imshow(image)
        else:
            ax.imshow(image, cmap=GREY)
        if titles is not None:
            ax.set_title(titles[k], fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


@with_korean_font
def misclassified_grid(images: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray,
                       class_names: Sequence[str] | None = None,
                       confidence: np.ndarray | None = None, *, limit: int = 24,
                       columns: int = 8) -> Figure:
    """Draw the first ``limit`` examples whose prediction is wrong, titled "true → predicted".

    Parameters
    ----------
    images : ndarray, shape (N, H, W), (N, H, W, 1) or (N, H, W, 3)
    y_true, y_pred : ndarray of int, shape (N,)
    class_names : sequence of str, optional
        Names of the class ids (default the ids themselves).
    confidence : ndarray, shape (N,), optional
        The probability the model gave its prediction, shown under the title.
    limit : int, default 24
        At most this many examples, in their order in ``images``.
    columns : int, default 8

    Returns
    -------
    Figure
        One axes per misclassified example shown; when every prediction is
        right, one empty axes saying so.
    """
    y_true = _class_ids(y_true, "y_true")
    y_pred = _class_ids(y_pred, "y_pred")
    images = np.asarray(images)
    if not len(images) == len(y_true) == len(y_pred):
        raise ValueError(f"images, y_true and y_pred differ in length: {len(images)}, "
                         f"{len(y_true)}, {len(y_pred)}")
    wrong = np.flatnonzero(y_true != y_pred)[:max(0, int(limit))]
    n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    names = _names(class_names, len(class_names) if class_names is not None else n_classes)
    titles = []
    for i in wrong:
        text = f"{names[y_true[i]]} → {names[y_pred[i]]}"
        if confidence is not None:
            text += f"\n{float(confidence[i]):.0%}"
        titles.append(text)
    heading = (f"{label('틀린 예', 'misclassified')}: {int((y_true != y_pred).sum())} / "
               f"{len(y_true)} ({label('실제', 'true')} → {label('예측', 'predicted')})")
    if len(wrong) == 0:
        fig = _empty_figure(label("모두 맞혔습니다", "no misclassified examples"))
        fig.suptitle(heading)
        return fig
    return image_grid(images[wrong], titles, columns=columns,
                      size=1.6 if confidence is not None else 1.4, title=heading)


@with_korean_font
def _empty_figure(message: str) -> Figure:
    fig = Figure(figsize=(4, 1.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center")
    return fig


@with_korean_font
def filter_grid(kernel: np.ndarray, *, columns: int = 8, rgb: bool | None = None,
                title: str | None = None) -> Figure:
    """Draw each filter of a convolution kernel as a small image (the learned first-layer filters).

    Parameters
    ----------
    kernel : ndarray, shape (KH, KW, C_in, C_out)
        E.g. ``model.parameters()["conv2d_1/kernel"]``.
    columns : int, default 8
    rgb : bool, optional
        Draw three-channel filters as colour images (default when ``C_in == 3``):
        each filter is scaled on its own so that 0 is mid grey and its largest
        weight in magnitude is full colour. Otherwise each filter is drawn in a
        signed colour map (negative blue, positive red), summed over its input
        channels when ``C_in > 1``.
    title : str, optional

    Returns
    -------
    Figure
        ``C_out`` visible axes, one per filter.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 4:
        raise ValueError(f"kernel must be (KH, KW, C_in, C_out), got shape {kernel.shape}")
    kh, kw, c_in, c_out = kernel.shape
    if rgb is None:
        rgb = c_in == 3
    if rgb and c_in != 3:
        raise ValueError(f"rgb=True needs three input channels, the kernel has {c_in}")
    fig, axes = axes_grid(c_out, columns, 1.0, 1.2, ticks=False)
    for o, ax in enumerate(axes[:c_out]):
        weights = kernel[..., o]
        if rgb:
            scale = float(np.abs(weights).max()) or 1.0
            ax.imshow(0.5 + 0.5 * weights / scale, interpolation="nearest")
        else:
            flat = weights.sum(axis=-1)
            limit = float(np.abs(flat).max()) or 1.0
            ax.imshow(flat, cmap=SIGNED, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(str(o), fontsize=7)
    fig.suptitle(title or f"{label('필터', 'filters')} {kh}x{kw}x{c_in}, {c_out}")
    return fig
