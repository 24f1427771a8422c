"""What training recorded, epoch by epoch, and its training curves."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


@dataclass
class History:
    """Per-epoch metrics, as Keras' ``History.history``.

    ``history["loss"]`` and ``history["accuracy"]`` are the training means of each
    epoch; ``val_loss``/``val_accuracy`` are there when validation data was given;
    ``epoch_time`` is the seconds each epoch's training took.
    """

    history: dict[str, list[float]] = field(default_factory=dict)

    def append(self, **metrics: float) -> None:
        for key, value in metrics.items():
            self.history.setdefault(key, []).append(float(value))

    @property
    def epochs(self) -> int:
        return len(self.history.get("loss", []))

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]


def plot_history(history: History, path: str | os.PathLike | None = None,
                 title: str | None = None) -> Figure:
    """Loss and accuracy curves (training and, if recorded, validation).

    Parameters
    ----------
    history : History
    path : path, optional
        Where to save the figure as PNG.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Made without pyplot's global state.
    """
    from cnnlab.plots import label, with_korean_font

    return with_korean_font(_draw_history)(history, path, title, label)


def _draw_history(history: History, path, title, label) -> Figure:
    figure = Figure(figsize=(10, 4), layout="constrained")
    FigureCanvasAgg(figure)
    epochs = range(1, history.epochs + 1)
    names = {"loss": label("손실", "loss"), "accuracy": label("정확도", "accuracy")}
    for ax, metric in zip(figure.subplots(1, 2), ("loss", "accuracy")):
        for prefix, style, who in (("", "o-", label("학습", "training")),
                                   ("val_", "s--", label("검증", "validation"))):
            values = history.history.get(prefix + metric)
            if values:
                ax.plot(epochs, values, style, label=f"{who} {names[metric]}")
        ax.set_xlabel(label("에폭", "epoch"))
        ax.set_ylabel(names[metric])
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        figure.suptitle(title)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format="png", dpi=100)
    return figure


def plot_histories(histories: dict[str, History], title: str | None = None) -> Figure:
    """Learning curves of several networks side by side: loss and accuracy, training and validation.

    For lecture 3.5.1: a network too small for the data has high training and
    validation loss (underfitting); a network too large for it drives the
    training loss towards zero while the validation loss turns up again
    (overfitting).

    Parameters
    ----------
    histories : dict of name -> History
        Each with ``val_loss`` and ``val_accuracy`` recorded (``fit(validation_data=...)``).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One row per network: loss on the left, accuracy on the right.
    """
    from cnnlab.plots import label, with_korean_font

    @with_korean_font
    def draw() -> Figure:
        figure = Figure(figsize=(10, 3.2 * len(histories)), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(len(histories), 2, squeeze=False)
        names = {"loss": label("손실", "loss"), "accuracy": label("정확도", "accuracy")}
        for row, (name, history) in zip(axes, histories.items()):
            epochs = range(1, history.epochs + 1)
            for ax, metric in zip(row, ("loss", "accuracy")):
                ax.plot(epochs, history[metric], "o-", markersize=3,
                        label=label("학습 데이터", "training"))
                if f"val_{metric}" in history.history:
                    ax.plot(epochs, history[f"val_{metric}"], "s--", markersize=3,
                            label=label("검증 데이터", "validation"))
                ax.set_title(f"{name}: {names[metric]}", fontsize=10)
                ax.set_xlabel(label("에폭", "epoch"))
                ax.grid(alpha=0.3)
                ax.legend(fontsize=8)
        if title:
            figure.suptitle(title)
        return figure

    return draw()
