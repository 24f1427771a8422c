"""The lecture's pictures, drawn with matplotlib from arrays the notebook computed.

Every function takes arrays that the student's own functions produced (feature
maps, pooled images, dropout masks) and only draws them: nothing here computes
a convolution, a pooling or a flattening, so the pictures show the student's
work. Each returns a :class:`matplotlib.figure.Figure` made without pyplot's
global state; a notebook shows it once when it is the cell's last value.

Labels are Korean with the English term. The Korean font is NanumGothic as
bundled by the ``koreanize-matplotlib`` dependency, or one installed on the
machine (:mod:`cnnlab.fonts`); only if neither can be loaded are labels
English, so no figure shows empty boxes for missing glyphs.
"""
from __future__ import annotations

import functools
from typing import Callable, Mapping, Sequence, TypeVar

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from .fonts import korean_font

GREY = "gray_r"       # MNIST look: 0 is white paper, 255 is black ink
SIGNED = "RdBu_r"     # feature maps: negative blue, positive red
MASK = "gray"         # dropout keep-masks: white = kept, black = dropped (every figure alike)


def find_korean_font() -> str | None:
    """The Korean font figures use (see :func:`cnnlab.fonts.korean_font`), or None."""
    return korean_font()


KOREAN_FONT = find_korean_font()


def label(korean: str, english: str) -> str:
    """``"korean (english)"`` when a Korean font is installed, else ``english``.

    >>> label("특징 맵", "feature map") in ("특징 맵 (feature map)", "feature map")
    True
    """
    return f"{korean} ({english})" if KOREAN_FONT else english


F = TypeVar("F", bound=Callable[..., Figure])


def with_korean_font(draw: F) -> F:
    """Create the figure's texts with the Korean font first in the family list."""
    if KOREAN_FONT is None:
        return draw

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context({"font.family": [KOREAN_FONT, "DejaVu Sans"],
                                    "axes.unicode_minus": False}):
            return draw(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def axes_grid(n: int, columns: int, size: float = 2.4, height: float | None = None, *,
              ticks: bool = True):
    """A figure with ``n`` axes in rows of ``columns`` (at least one row); spare axes hidden.

    Returns the figure and its first ``n`` axes; ``ticks=False`` removes their ticks.
    """
    columns = max(1, min(columns, n))
    rows = max(1, -(-n // columns))
    fig = Figure(figsize=(size * columns, (height or size) * rows), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    if not ticks:
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
    return fig, axes[:n]


def _clean(ax, title: str | None = None) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)


def _as_2d(image: np.ndarray, name: str) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2:
        raise ValueError(f"{name} must be a 2-D image (H, W), got shape {image.shape}")
    return image


@with_korean_font
def pixel_grid(image: np.ndarray, *, title: str | None = None, values: bool = True) -> Figure:
    """A grey image as a grid of pixels, each labelled with its value (lecture 3.1.1).

    Parameters
    ----------
    image : ndarray, shape (H, W) or (H, W, 1)
        E.g. one 28x28 MNIST digit with values 0..255.
    title : str, optional
    values : bool
        Write every non-zero value in its cell.

    Returns
    -------
    Figure
    """
    image = _as_2d(image, "image")
    h, w = image.shape
    fig = Figure(figsize=(max(4.0, w * 0.3), max(4.0, h * 0.3)), layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(image, cmap=GREY)
    if values:
        _write_values(ax, image, GREY, float(image.min()), float(image.max()),
                      skip=image == 0, fontsize=5)
    ax.set_xticks(np.arange(-0.5, w, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, h, 1), minor=True)
    ax.grid(which="minor", color="lightgrey", linewidth=0.3)
    ax.tick_params(which="both", length=0, labelsize=6)
    if title:
        ax.set_title(title)
    return fig


@with_korean_font
def flattened_rows(images: Sequence[np.ndarray], vectors: Sequence[np.ndarray],
                   titles: Sequence[str] | None = None) -> Figure:
    """Images beside their flattened vectors: where each pixel lands after flattening.

    Draws each image on the left and its vector as a one-row strip on the right,
    with the positions of non-zero entries marked (lecture 3.1.5.1: the same
    square at different places lights up unrelated positions of the vector).

    Parameters
    ----------
    images : sequence of ndarray, each shape (H, W)
    vectors : sequence of ndarray, each shape (H*W,) or (1, H*W)
        The flattened images, in the same order.
    titles : sequence of str, optional

    Returns
    -------
    Figure
    """
    if len(images) != len(vectors):
        raise ValueError("images and vectors must have the same length")
    n = len(images)
    fig = Figure(figsize=(11, 1.6 * n), layout="constrained")
    grid = fig.add_gridspec(n, 2, width_ratios=[1, 6])
    for i, (image, vector) in enumerate(zip(images, vectors)):
        image = _as_2d(image, "image")
        vector = np.asarray(vector).reshape(-1)
        left = fig.add_subplot(grid[i, 0])
        left.imshow(image, cmap=GREY, vmin=0, vmax=max(1, float(image.max())))
        _clean(left, titles[i] if titles else None)
        right = fig.add_subplot(grid[i, 1])
        right.imshow(vector[None, :], cmap=GREY, aspect="auto",
                     vmin=0, vmax=max(1, float(vector.max())))
        on = np.flatnonzero(vector)
        right.set_yticks([])
        right.set_xticks(on)
        right.set_xticklabels([str(k) for k in on], fontsize=7)
        right.set_xlim(-0.5, vector.size - 0.5)
        right.set_title(f"{label('벡터', 'vector')}, {label('길이', 'length')} {vector.size}: {label('0이 아닌 위치', 'non-zero at')} {on.tolist()}", fontsize=9)
    return fig


@with_korean_font
def sliding_window(image: np.ndarray, kernel_size: int, positions: Sequence[tuple[int, int]],
                   *, stride: int = 1, output: np.ndarray | None = None) -> Figure:
    """A kernel sliding over an image: one frame per window position (lecture 3.3.1).

    Each frame shows the image with the current receptive field (수용 영역)
    outlined, and, when ``output`` is given, the feature map with the cell that
    this window produces.

    Parameters
    ----------
    image : ndarray, shape (H, W)
    kernel_size : int
        The window's side ``K``.
    positions : sequence of (i, j)
        Output positions to show; window ``(i, j)`` covers rows
        ``i*stride .. i*stride+K-1`` and the same for columns.
    stride : int
    output : ndarray, shape (H', W'), optional
        The feature map, to show next to each frame.

    Returns
    -------
    Figure
    """
    image = _as_2d(image, "image")
    columns = 2 if output is not None else 1
    fig, axes = axes_grid(len(positions) * columns, columns * min(len(positions), 2), 2.6)
    show_values = image.size <= 100
    for k, (i, j) in enumerate(positions):
        ax = axes[k * columns]
        ax.imshow(image, cmap=GREY)
        if show_values:
            _write_values(ax, image, GREY, float(image.min()), float(image.max()))
        top, left = i * stride, j * stride
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), kernel_size, kernel_size,
                               fill=False, edgecolor="tab:red", linewidth=2.5))
        _clean(ax, f"{label('수용 영역', 'receptive field')} [{top}:{top + kernel_size}, {left}:{left + kernel_size}]")
        if output is not None:
            out = _as_2d(output, "output")
            shown = np.full(out.shape, np.nan)
            flat_index = i * out.shape[1] + j
            shown.ravel()[:flat_index + 1] = out.ravel()[:flat_index + 1]  # cells done so far
            ax2 = axes[k * columns + 1]
            limit = float(np.abs(out).max()) or 1.0
            ax2.imshow(shown, cmap=SIGNED, vmin=-limit, vmax=limit)
            if out.size <= 100:
                _write_values(ax2, np.where(np.isnan(shown), 0, shown), SIGNED, -limit, limit,
                              skip=np.isnan(shown))
            ax2.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False,
                                    edgecolor="tab:red", linewidth=2.5))
            _clean(ax2, f"{label('특징 맵', 'feature map')} [{i}, {j}]")
    return fig


def _write_values(ax, values: np.ndarray, cmap: str, vmin: float, vmax: float,
                  skip: np.ndarray | None = None, fontsize: float = 7) -> None:
    """Write each value in its cell, white on dark cells and black on light ones."""
    colors = matplotlib.colormaps[cmap]
    span = (vmax - vmin) or 1.0
    for (r, c), v in np.ndenumerate(values):
        if skip is not None and skip[r, c]:
            continue
        red, green, blue, _ = colors(float(np.clip((v - vmin) / span, 0, 1)))
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=fontsize,
                color="white" if dark else "black")


@with_korean_font
def feature_maps(image: np.ndarray, maps: Mapping[str, np.ndarray],
                 kernels: Mapping[str, np.ndarray] | None = None) -> Figure:
    """An input image and the feature maps (특징 맵) that several filters made from it.

    Parameters
    ----------
    image : ndarray, shape (H, W) or (H, W, 3)
    maps : mapping of name -> ndarray, shape (H', W')
        One feature map per filter, e.g. from ``conv2d_single(image, kernel)``.
    kernels : mapping of name -> ndarray, shape (KH, KW), optional
        The filters themselves, drawn in a row above their maps.

    Returns
    -------
    Figure
    """
    image = np.asarray(image)
    n = len(maps) + 1
    rows = 2 if kernels else 1
    fig = Figure(figsize=(2.4 * n, 2.6 * rows), layout="constrained")
    axes = fig.subplots(rows, n, squeeze=False)
    if image.ndim == 3 and image.shape[-1] == 3:
        axes[-1, 0].imshow(image)
    else:
        axes[-1, 0].imshow(_as_2d(image, "image"), cmap=GREY)
    _clean(axes[-1, 0], label("입력", "input"))
    for col, (name, fmap) in enumerate(maps.items(), start=1):
        fmap = _as_2d(fmap, f"maps[{name!r}]")
        limit = float(np.abs(fmap).max()) or 1.0
        axes[-1, col].imshow(fmap, cmap=SIGNED, vmin=-limit, vmax=limit)
        _clean(axes[-1, col], f"{name}\n{fmap.shape[0]}x{fmap.shape[1]}")
    if kernels:
        axes[0, 0].set_visible(False)
        for col, name in enumerate(maps, start=1):
            ax = axes[0, col]
            if name not in kernels:
                ax.set_visible(False)
                continue
            kernel = _as_2d(kernels[name], f"kernels[{name!r}]")
            limit = float(np.abs(kernel).max()) or 1.0
            ax.imshow(kernel, cmap=SIGNED, vmin=-limit, vmax=limit)
            if kernel.size <= 49:
                _write_values(ax, np.round(kernel, 2), SIGNED, -limit, limit)
            _clean(ax, f"{label('커널', 'kernel')} {name}")
    return fig


@with_korean_font
def pooling_comparison(image: np.ndarray, pooled: Mapping[str, np.ndarray]) -> Figure:
    """An image and its pooled versions side by side, at their true pixel sizes.

    Parameters
    ----------
    image : ndarray, shape (H, W)
    pooled : mapping of name -> ndarray, shape (H', W')
        E.g. ``{"max pooling": ..., "average pooling": ...}``.

    Returns
    -------
    Figure
    """
    image = _as_2d(image, "image")
    fig, axes = axes_grid(len(pooled) + 1, len(pooled) + 1, 3.0)
    vmin, vmax = float(image.min()), float(image.max())
    axes[0].imshow(image, cmap=GREY, vmin=vmin, vmax=vmax)
    _clean(axes[0], f"{label('원본', 'original')} {image.shape[0]}x{image.shape[1]}")
    for ax, (name, small) in zip(axes[1:], pooled.items()):
        small = _as_2d(small, f"pooled[{name!r}]")
        ax.imshow(small, cmap=GREY, vmin=vmin, vmax=vmax)
        _clean(ax, f"{name} {small.shape[0]}x{small.shape[1]}")
    return fig


def channel_colormap(channel: int) -> LinearSegmentedColormap:
    """Black at 0 to the pure channel colour at the top: a bright cell is a large value.

    (matplotlib's ``"Reds"`` runs the other way, from white to dark red, which makes a
    strongly red object look dark in its own channel.)
    """
    top = [0.0, 0.0, 0.0]
    top[channel] = 1.0
    return LinearSegmentedColormap.from_list(f"black_to_{'RGB'[channel]}", [(0, 0, 0), tuple(top)])


@with_korean_font
def color_channels(image: np.ndarray) -> Figure:
    """A colour image and its three channels R, G, B as separate brightness matrices (3.6).

    Each channel is drawn from black (0) to its own pure colour (the largest
    value), so a red object is bright in R and dark in G and B, as the lecture says.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3)
        uint8 0..255 or float 0..1.

    Returns
    -------
    Figure
    """
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[-1] != 3:
        raise ValueError(f"image must have shape (H, W, 3), got {image.shape}")
    fig, axes = axes_grid(4, 4, 2.8)
    axes[0].imshow(image)
    _clean(axes[0], f"{label('컬러 이미지', 'color image')} {image.shape[0]}x{image.shape[1]}x3")
    names = [label("빨강", "R"), label("초록", "G"), label("파랑", "B")]
    top = 255 if np.issubdtype(image.dtype, np.integer) else 1.0
    for c, ax in enumerate(axes[1:]):
        ax.imshow(image[..., c], cmap=channel_colormap(c), vmin=0, vmax=top)
        _clean(ax, f"{label('채널', 'channel')} {c}: {names[c]}\n"
                   f"{label('밝을수록 큰 값', 'brighter = larger')}")
    return fig


@with_korean_font
def dropout_masks(masks: Mapping[str, np.ndarray]) -> Figure:
    """Dropout keep-masks as black (dropped) and white (kept) grids, one per panel (3.5).

    Parameters
    ----------
    masks : mapping of name -> ndarray of bool, shape (H, W)
        E.g. ``{"rate=0.2": mask, "rate=0.5": mask}``; True means kept.

    Returns
    -------
    Figure
    """
    fig, axes = axes_grid(len(masks), min(len(masks), 4), 2.8)
    for ax, (name, mask) in zip(axes, masks.items()):
        mask = _as_2d(mask, f"masks[{name!r}]").astype(bool)
        ax.imshow(mask, cmap=MASK, vmin=0, vmax=1)
        _clean(ax, f"{name}\n{label('남은 비율', 'kept')} {mask.mean():.2f}")
    fig.suptitle(label("흰 칸 = 남은 뉴런, 검은 칸 = 꺼진 뉴런", "white = kept, black = dropped"),
                 fontsize=9)
    return fig


@with_korean_font
def images_row(images: Mapping[str, np.ndarray], *, cmap: str = GREY,
               cmaps: Mapping[str, str] | None = None) -> Figure:
    """Several images in one row with their titles (e.g. a digit before and after dropout).

    Parameters
    ----------
    images : mapping of title -> ndarray, shape (H, W) or (H, W, 3)
    cmap : str
        Colour map of the grey images (default: 0 white, the largest value black).
    cmaps : mapping of title -> str, optional
        Another colour map for some of them, e.g. :data:`MASK` for a dropout mask.

    Returns
    -------
    Figure
    """
    fig, axes = axes_grid(len(images), len(images), 2.6)
    for ax, (name, image) in zip(axes, images.items()):
        image = np.asarray(image)
        if image.ndim == 3 and image.shape[-1] == 3:
            ax.imshow(image)
        else:
            ax.imshow(_as_2d(image, name), cmap=(cmaps or {}).get(name, cmap))
        _clean(ax, name)
    return fig
