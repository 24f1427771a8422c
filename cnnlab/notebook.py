"""Helpers for the assignment notebooks: sample images, safe demo calls, answer checks.

The notebooks call the student's own functions. Before a function is written it
raises ``NotImplementedError``; :func:`try_run` turns that into a short note so
the rest of the notebook still runs and the self-check cell at the end is the
one place that reports what is missing.

Sample images come from MNIST when a copy is available (see
:func:`cnnlab.data.load_mnist`) and otherwise from simple drawings made here,
so every notebook runs offline and without the dataset.
"""
from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

NOT_IMPLEMENTED_NOTE = "아직 구현되지 않았습니다 (not implemented yet)"


# --------------------------------------------------------------------------- demo calls

def try_run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(*args, **kwargs)``; on an error print a short Korean note and return None.

    A stub's ``NotImplementedError`` prints "아직 구현되지 않았습니다"; any other
    error prints its type, message and the line of the student's file where it
    happened. Demo cells use this so that one unfinished function does not stop
    the notebook before its self-check cell.

    Examples
    --------
    >>> def stub(x):
    ...     raise NotImplementedError
    >>> try_run(stub, 1) is None
    아직 구현되지 않았습니다 (not implemented yet): stub
    True
    """
    name = getattr(fn, "__name__", repr(fn))
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        print(f"{NOT_IMPLEMENTED_NOTE}: {name}")
    except Exception as exc:  # a student's bug: report it, keep the notebook going
        where = _last_frame(exc)
        print(f"{name} 실행 중 오류 (error in {name}): {type(exc).__name__}: {exc}{where}")
        print("  맨 아래 자가 점검 셀에서 자세한 결과를 확인하세요 (see the self-check cell).")
    return None


def attempt(what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(*args, **kwargs)`` for a step named ``what``; on an error print a note, return None.

    The training notebooks use it around steps that run the student's layers
    (building the model, one training step, ``fit``): an unfinished or broken
    function prints what failed and how to go on, and the notebook continues
    to its self-check cell.

    Examples
    --------
    >>> def stub():
    ...     raise NotImplementedError("conv2d")
    >>> attempt("모델 만들기", stub) is None  # doctest: +ELLIPSIS
    모델 만들기: 아직 구현되지 않았습니다 (not implemented yet): conv2d
    ...
    True
    """
    try:
        return fn(*args, **kwargs)
    except NotImplementedError as error:
        print(f"{what}: {NOT_IMPLEMENTED_NOTE}: {error}")
    except Exception as error:  # a student's bug: report it, keep the notebook going
        print(f"{what} 중 오류 (error): {type(error).__name__}: {error}")
    print("  → 모듈을 고친 뒤 이 셀부터 다시 실행하세요. 맨 아래 자가 점검 셀이 자세히 알려 줍니다.")
    return None


def report_step_speed(layers: list, input_shape: tuple[int, ...], ops: Any, x: np.ndarray,
                      y: np.ndarray, batch_size: int, train_size: int) -> Any:
    """Time one training step of a model on ``ops``, op by op, and print the estimated epoch.

    One batch is trained first, untimed (the first step allocates its arrays);
    the second batch is timed with :func:`cnnlab.train.profile_step`.

    Parameters
    ----------
    layers, input_shape : the model (see :mod:`cnnlab.models`)
    ops : cnnlab.train.Ops
        The student's layer functions.
    x : ndarray, shape (>= 2 * batch_size, H, W, C)
    y : ndarray of int, shape (>= 2 * batch_size,)
    batch_size : int
    train_size : int
        Training images per epoch, for the estimate.

    Returns
    -------
    cnnlab.train.StepProfile or None
        None when a step failed (the note is printed).
    """
    from cnnlab.train import Sequential, profile_step
    from cnnlab.train.profiling import format_duration

    probe = attempt("속도 측정용 모델 (model for timing)", Sequential, layers, input_shape,
                    ops=ops, seed=1)
    if probe is None:
        return None
    batches = [(x[k:k + batch_size], y[k:k + batch_size]) for k in (0, batch_size)]
    if attempt("한 배치 학습 (one training step)", probe.train_step, *batches[0]) is None:
        return None
    timed = attempt("한 배치 학습 시간 재기 (timing one step)", profile_step, probe, *batches[1])
    if timed is None:
        return None
    profile = timed[0]
    print(f"배치 {profile.batch_size}장 한 번 학습: {profile.total:.3f} s")
    for name, share in profile.slowest(6):
        print(f"  {name:>22}: {share * profile.total:.3f} s ({share:.0%})")
    epoch_seconds = profile.total / profile.batch_size * train_size
    print(f"학습 이미지 {train_size:,}장 한 에폭의 예상 시간 (estimated epoch): "
          f"약 {format_duration(epoch_seconds)}")
    return profile


def report_saved_weights(weights_file: str, layers: list, input_shape: tuple[int, ...],
                         x_test: np.ndarray, y_test: np.ndarray,
                         thresholds: tuple[tuple[float, float], ...]) -> float | None:
    """Evaluate saved weights and print the points each threshold would give.

    A fresh model on the layer functions of the current folder (the student's
    modules) loads ``weights_file`` and is evaluated on ``(x_test, y_test)``.
    The grader evaluates the same weights with the reference layers; with
    correct layers both give the same accuracy.

    Parameters
    ----------
    weights_file : str
        The ``.npz`` written by ``model.save_weights``.
    layers, input_shape : the model (see :mod:`cnnlab.models`)
    x_test : ndarray, shape (N, H, W, C)
    y_test : ndarray of int, shape (N,)
    thresholds : tuple of (accuracy, points)
        As in :data:`autograder.model_grading.MODEL_TASKS`.

    Returns
    -------
    float or None
        The test accuracy; None when there is no file yet or evaluating failed.
    """
    from cnnlab.train import Sequential

    def saved_accuracy() -> float:
        fresh = Sequential(layers, input_shape, ops=".")
        fresh.load_weights(weights_file)
        return fresh.evaluate(x_test, y_test)[1]

    if not os.path.exists(weights_file):
        print(f"저장한 가중치 파일이 아직 없습니다 (no weights saved yet): {weights_file}")
        return None
    accuracy = attempt("저장한 가중치 평가 (evaluating the saved weights)", saved_accuracy)
    if accuracy is None:
        return None
    print(f"저장한 가중치 파일 {weights_file}: 테스트 정확도 (test accuracy of the saved weights) "
          f"{accuracy:.2%} ({len(y_test):,}장)")
    for threshold, points in thresholds:
        mark = "✓" if accuracy >= threshold else "✗"
        print(f"  {mark} 정확도 {threshold:.0%} 이상: {points:g}점")
    return accuracy


def _last_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"\n  위치 (at): {last.filename.rsplit('/', 1)[-1]}, line {last.lineno}: {last.line}"


def check_answer(name: str, value: Any, expected: Any, *, rtol: float = 1e-7,
                 atol: float = 0.0) -> None:
    """Check an in-notebook answer against a value the notebook computed another way.

    Parameters
    ----------
    name : str
        The answer variable's name, for the message.
    value : Any
        The student's answer; ``None`` means "not answered yet".
    expected : Any
        Scalar, tuple, list or array; numbers compare with ``rtol`` and ``atol``
        (``numpy.allclose``), tuples exactly.

    Raises
    ------
    AssertionError
        When the answer is given and differs from ``expected`` (message in Korean).
    """
    if value is None:
        print(f"{name}: 아직 답이 없습니다 (no answer yet)")
        return
    if not _same(value, expected, rtol, atol):
        raise AssertionError(
            f"{name}: 기대한 값 (expected) {_short(expected)}, 받은 값 (got) {_short(value)}"
            f"{_where_different(value, expected)}")
    print(f"{name} = {_short(value)}  ✓ 정답입니다 (correct)")


def check_summary(my_rows: list | None, my_total: int | None, model_rows: list,
                  layers: list) -> None:
    """Check a student's ``summary`` rows and ``count_params`` total against the model's.

    Parameters
    ----------
    my_rows : list of (name, output shape, params) or None
        What the student's ``summary(layers, input_shape)`` returned (None: not yet).
    my_total : int or None
        What the student's ``count_params`` returned.
    model_rows : list of (name, output shape, params)
        The trained model's own summary.
    layers : list of cnnlab.layers.Layer
        For the printed table's layer types.
    """
    if my_rows is not None:
        print(format_summary(my_rows, layers))
        check_answer("층 이름 (layer names)", tuple(str(r[0]) for r in my_rows),
                     tuple(r[0] for r in model_rows))
        check_answer("출력 모양 (output shapes)", tuple(tuple(r[1]) for r in my_rows),
                     tuple(tuple(r[1]) for r in model_rows))
        check_answer("층별 파라미터 수 (params per layer)", [r[2] for r in my_rows],
                     [r[2] for r in model_rows])
    check_answer("my_total", my_total, sum(r[2] for r in model_rows))


def _same(value: Any, expected: Any, rtol: float, atol: float) -> bool:
    if isinstance(expected, tuple):
        return isinstance(value, (tuple, list)) and tuple(value) == expected
    try:
        got = np.asarray(value)
        want = np.asarray(expected)
    except Exception:
        return False
    if got.shape != want.shape or got.dtype == object:
        return False
    if np.issubdtype(want.dtype, np.number) and np.issubdtype(got.dtype, np.number):
        return bool(np.allclose(got, want, rtol=rtol, atol=atol))
    return bool(np.array_equal(got, want))


def _where_different(value: Any, expected: Any) -> str:
    """For arrays of equal shape: the first differing index and the largest difference."""
    try:
        got, want = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return ""
    if got.shape != want.shape or got.size == 0:
        return ""
    diff = np.abs(got - want)
    first = tuple(int(i) for i in np.argwhere(diff > 0)[0]) if (diff > 0).any() else None
    return (f"\n  처음 다른 위치 (first difference at) {first}: {got[first]!r} != {want[first]!r}; "
            f"최대 차이 (max difference) {np.nanmax(diff):.3g}") if first is not None else ""


def _short(value: Any) -> str:
    if isinstance(value, (list, np.generic)):
        try:
            value = np.asarray(value)
        except ValueError:  # ragged lists stay lists
            pass
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.ndarray) and value.size > 20:
        return f"<배열 (array) shape={value.shape}, dtype={value.dtype}>"
    text = np.array2string(value) if isinstance(value, np.ndarray) else repr(value)
    return text if len(text) <= 200 else text[:200] + " ..."


# --------------------------------------------------------------------------- sample images

@dataclass(frozen=True)
class Digits:
    """A few digit images with their labels and where they came from.

    Attributes
    ----------
    images : ndarray of uint8, shape (N, 28, 28)
    labels : ndarray of int64, shape (N,)
    source : str
        ``"MNIST"`` or ``"synthetic"`` (drawn here, used when MNIST is unavailable).
    """
    images: np.ndarray
    labels: np.ndarray
    source: str


OFFLINE_ENV = "CNNLAB_OFFLINE"


def load_digits(n: int = 10, *, download: bool | None = None) -> Digits:
    """The first ``n`` MNIST training digits, or ``n`` drawn digits without the dataset.

    MNIST's first training labels are 5 0 4 1 9 2 1 3 1 4, the digits the
    lecture shows. When no copy is found (:class:`cnnlab.data.DatasetNotFoundError`)
    the digits are drawn procedurally, so the notebooks run offline.

    Parameters
    ----------
    n : int
        Number of digits (>= 1).
    download : bool, optional
        Let the loader download MNIST into its cache when no copy is found;
        default True unless the environment variable ``CNNLAB_OFFLINE`` is ``1``
        (for classrooms and test runs that must not touch the network).

    Returns
    -------
    Digits
        ``images`` of shape (n, 28, 28), uint8.
    """
    from cnnlab.data import DatasetNotFoundError, load_mnist

    if download is None:
        download = os.environ.get(OFFLINE_ENV, "") != "1"
    try:
        (x_train, y_train), _ = load_mnist(download=download, progress=False)
        return Digits(x_train[:n].copy(), y_train[:n].astype(np.int64), "MNIST")
    except DatasetNotFoundError:
        labels = np.array([_DRAWN_ORDER[i % len(_DRAWN_ORDER)] for i in range(n)], dtype=np.int64)
        images = np.stack([draw_digit(int(d), shift=(i // len(_DRAWN_ORDER)) % 3 - 1)
                           for i, d in enumerate(labels)])
        return Digits(images, labels, "synthetic")


# Each drawable digit as strokes: polylines in a 28x28 frame, (row, col) points.
_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [[(6 + 8 - 8 * np.cos(t), 14 + 5.5 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 25)]],
    1: [[(9, 12), (6, 15), (22, 15)]],
    4: [[(6, 17), (16, 8), (16, 20)], [(11, 16), (22, 16)]],
    5: [[(6, 19), (6, 10), (13, 9)],
        [(13, 9)] + [(16.5 - 4.5 * np.cos(t), 13 + 6 * np.sin(t))
                     for t in np.linspace(0, np.pi * 1.15, 12)]],
    7: [[(6, 8), (6, 20), (22, 12)]],
}
_DRAWN_ORDER = [5, 0, 4, 1, 7]


def draw_digit(digit: int = 5, *, shift: int = 0, thickness: float = 1.4) -> np.ndarray:
    """Draw a digit (0, 1, 4, 5 or 7) as a soft-edged 28x28 grey image, MNIST-like.

    Parameters
    ----------
    digit : int
        One of the drawable digits.
    shift : int
        Columns to move the drawing right (negative: left).
    thickness : float
        Half width of the pen in pixels.

    Returns
    -------
    ndarray of uint8, shape (28, 28)
        0 is background, 255 the centre of a stroke.
    """
    if digit not in _STROKES:
        raise ValueError(f"digit must be one of {sorted(_STROKES)}, got {digit!r}")
    rows, cols = np.mgrid[0:28, 0:28].astype(float)
    distance = np.full((28, 28), np.inf)
    for stroke in _STROKES[digit]:
        points = np.asarray(stroke, dtype=float) + (0, shift)
        for start, end in zip(points[:-1], points[1:]):
            distance = np.minimum(distance, _distance_to_segment(rows, cols, start, end))
    ink = np.clip(1.0 - (distance - thickness), 0.0, 1.0)  # one pixel of soft edge
    return np.round(ink * 255).astype(np.uint8)


def _distance_to_segment(rows: np.ndarray, cols: np.ndarray, start: np.ndarray,
                         end: np.ndarray) -> np.ndarray:
    """Distance of every pixel centre to the segment ``start -> end`` (row, col)."""
    d = end - start
    length2 = float(d @ d) or 1.0
    t = np.clip(((rows - start[0]) * d[0] + (cols - start[1]) * d[1]) / length2, 0.0, 1.0)
    return np.hypot(rows - (start[0] + t * d[0]), cols - (start[1] + t * d[1]))


def color_image(size: int = 128) -> tuple[np.ndarray, str]:
    """A colour photograph as an ``(H, W, 3)`` uint8 array, and its name.

    scikit-image's bundled ``coffee`` photograph (free licence, shipped with the
    package) resized to ``size`` rows; without scikit-image a drawn picture of
    coloured shapes on a gradient.

    Returns
    -------
    image : ndarray of uint8, shape (H, W, 3)
    name : str
    """
    try:
        from skimage import data, transform
        photo = data.coffee()
        scale = size / photo.shape[0]
        small = transform.rescale(photo, scale, channel_axis=2, anti_aliasing=True)
        return np.round(small * 255).astype(np.uint8), "coffee (scikit-image)"
    except Exception:  # scikit-image missing or its sample unavailable
        return _drawn_color_image(size), "synthetic"


def _drawn_color_image(size: int) -> np.ndarray:
    rows, cols = np.mgrid[0:size, 0:size] / size
    image = np.stack([0.2 + 0.3 * cols, 0.3 + 0.2 * rows, 0.6 - 0.3 * rows], axis=-1)
    image[(rows - 0.35) ** 2 + (cols - 0.3) ** 2 < 0.04] = (0.9, 0.1, 0.1)   # red disc
    image[(abs(rows - 0.65) < 0.15) & (abs(cols - 0.7) < 0.15)] = (0.1, 0.8, 0.2)  # green square
    image[(rows > 0.75) & (cols < 0.4)] = (0.95, 0.9, 0.2)                    # yellow bar
    return np.round(image * 255).astype(np.uint8)


# --------------------------------------------------------------------------- model summary

def format_summary(rows: list[tuple[str, tuple, int]], layers: list | None = None) -> str:
    """Lay out ``params.summary`` rows as Keras' ``model.summary()`` prints them.

    Parameters
    ----------
    rows : list of (name, output_shape, params)
        What the student's ``summary(layers, input_shape)`` returned.
    layers : list of cnnlab.layers.Layer, optional
        The same layers, to print each one's type next to its name.

    Returns
    -------
    str
        The table with ``None`` for the batch axis and the "Total params" line.
    """
    types = [type(layer).__name__ for layer in layers] if layers else [""] * len(rows)
    body = []
    for (name, shape, params), kind in zip(rows, types):
        title = f"{name} ({kind})" if kind else str(name)
        body.append((title, str((None, *tuple(shape))), f"{params:,}"))
    header = ("Layer (type)", "Output Shape", "Param #")
    widths = [max(len(r[i]) for r in [header, *body]) + 3 for i in range(3)]
    line = "=" * sum(widths)

    def fmt(cells):
        return "".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    total = sum(params for _, _, params in rows)
    return "\n".join([fmt(header), line, *map(fmt, body), line, f"Total params: {total:,}"])


# How much slower than the reference a student's layers may be before the notebook points
# at the vectorisation exercise (laptops differ by about this much from the course machine).
SLOW_FACTOR = 5.0


def advise_training_time(profile: Any, train_size: int, epochs: int,
                         reference_epoch_seconds: float, shorter: str) -> float | None:
    """Print what the full training run will cost with these layer functions, and what to do.

    Parameters
    ----------
    profile : cnnlab.train.StepProfile or None
        One timed step (from :func:`report_step_speed`); None prints nothing.
    train_size, epochs : int
        The full run: images per epoch and epochs.
    reference_epoch_seconds : float
        One epoch with the reference layers on the course's 2-core machine
        (``benchmarks/README.md``).
    shorter : str
        The notebook's shorter configuration, in words, with what it reaches.

    Returns
    -------
    float or None
        The estimated seconds of the full run.
    """
    from cnnlab.train.profiling import format_duration

    if profile is None:
        return None
    epoch = profile.total / profile.batch_size * train_size
    total = epoch * epochs
    print(f"전체 학습 ({epochs} 에폭)의 예상 시간 (estimated full run): 약 {format_duration(total)}")
    ratio = epoch / reference_epoch_seconds
    if ratio > SLOW_FACTOR:
        print(f"참조 구현 (2코어 컴퓨터에서 한 에폭 약 {format_duration(reference_epoch_seconds)})보다 "
              f"약 {ratio:.0f}배 느립니다 ({ratio:.0f} times slower than the reference).")
        print("  → 3.4 노트북의 \"속도\" 절처럼 conv2d 와 conv2d_backward 를 im2col 과 행렬 곱 한 번으로 "
              "벡터화하세요 (vectorise them).")
        print(f"  → 지금 학습해야 한다면 짧은 설정 (shorter run): {shorter}")
    return total
