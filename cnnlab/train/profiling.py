"""How fast the layer functions are: a per-op profile of a training step, and the speed exercise.

A convolution written with Python loops over pixels is correct but takes hours
per MNIST epoch; the vectorised one (im2col and one matrix product) takes
seconds. :func:`profile_step` times one training step op by op, so
:meth:`Sequential.fit` can warn early with an estimated epoch time, and
:func:`benchmark_ops` times a student's ``conv2d``/``conv2d_backward`` against
the reference's in the same process, on the same inputs.
"""
from __future__ import annotations

import functools
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np

from .ops import OP_MODULES, Ops

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from .model import Sequential


class SlowTrainingWarning(UserWarning):
    """Training with these layer functions would take very long (message in Korean, then English)."""


@dataclass(frozen=True)
class StepProfile:
    """Seconds of one training step: in total and spent inside each op (summed over its calls)."""

    total: float
    per_op: dict[str, float]
    batch_size: int

    def slowest(self, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` ops that took longest, with their share of the step (0..1)."""
        ranked = sorted(self.per_op.items(), key=lambda item: -item[1])[:k]
        return [(name, seconds / self.total) for name, seconds in ranked]


def timed_ops(ops: Ops) -> tuple[Ops, dict[str, float]]:
    """A copy of ``ops`` whose functions add their run time to the returned dict."""
    times: dict[str, float] = defaultdict(float)

    def wrap(name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] += time.perf_counter() - start
        return timed

    return ops.replace(**{name: wrap(name, getattr(ops, name)) for name in OP_MODULES}), times


def profile_step(model: "Sequential", x: np.ndarray, y: np.ndarray):
    """Run one real training step on ``(x, y)`` and time it op by op.

    Returns
    -------
    profile : StepProfile
    result : (loss, correct)
        What :meth:`Sequential.train_step` returned: the step is not wasted.
    """
    original = model.ops
    model.ops, times = timed_ops(original)
    try:
        start = time.perf_counter()
        result = model.train_step(x, y)
        total = time.perf_counter() - start
    finally:
        model.ops = original
    return StepProfile(total, dict(times), len(x)), result


def format_duration(seconds: float) -> str:
    """``"2 h 05 min"``, ``"3 min 20 s"`` or ``"12 s"``."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def slow_message(profile: StepProfile, steps_per_epoch: int, source: str) -> str:
    """The warning text, Korean then English: estimated epoch time and where the time goes."""
    epoch = format_duration(profile.total * steps_per_epoch)
    shares = ", ".join(f"{name} {share:.0%}" for name, share in profile.slowest())
    return (f"이 층 함수들 ({source})로는 한 에폭에 약 {epoch} 걸립니다 "
            f"(배치 {profile.batch_size}장 한 번에 {profile.total:.2f}초: {shares}). "
            f"픽셀마다 도는 파이썬 반복문은 느립니다: conv2d 와 conv2d_backward 를 벡터화하거나 "
            f"(im2col 과 행렬 곱 한 번, 3.4 노트북의 \"속도\" 절), 더 적은 이미지로 학습하세요.\n"
            f"One epoch will take about {epoch} with the layer functions from {source} "
            f"(one batch of {profile.batch_size} took {profile.total:.2f} s: {shares}). "
            f"Loops over pixels are slow in Python: vectorise them (im2col and one matrix "
            f"product for conv2d and conv2d_backward), or train on fewer examples.")


@dataclass(frozen=True)
class OpTiming:
    """One op of the speed exercise: best-of-repeats seconds, ratio and agreement."""

    seconds: float
    reference_seconds: float
    matches_reference: bool

    @property
    def ratio(self) -> float:
        """``seconds / reference_seconds``: 1 is as fast as the reference, 10 is ten times slower."""
        return self.seconds / self.reference_seconds


def speed_exercise_inputs(batch_size: int = 128, image_size: int = 13, in_channels: int = 32,
                          filters: int = 64, kernel_size: int = 3, seed: int = 0,
                          dtype=np.float32) -> dict[str, np.ndarray]:
    """A training-sized batch: by default what the lecture MNIST CNN's second convolution sees."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch_size, image_size, image_size, in_channels)).astype(dtype)
    w = (rng.standard_normal((kernel_size, kernel_size, in_channels, filters))
         / np.sqrt(kernel_size * kernel_size * in_channels)).astype(dtype)
    b = rng.standard_normal(filters).astype(dtype)
    return {"x": x, "w": w, "b": b}


def benchmark_ops_detail(ops: Ops, ref_ops: Ops, stride=1, padding="valid", repeats: int = 3,
                         max_seconds: float = 20.0, **input_args) -> dict[str, OpTiming]:
    """Time ``conv2d`` and ``conv2d_backward`` of ``ops`` against ``ref_ops`` on the same inputs.

    The two are called alternately, ``repeats`` times each, and the best time of
    each is kept, so a passing load on the machine hurts both alike. A call
    slower than ``max_seconds`` is not repeated.

    Parameters
    ----------
    ops, ref_ops : Ops
        The functions under test and the reference.
    stride, padding
        Passed to both convolutions.
    repeats : int, default 3
    max_seconds : float, default 20
    **input_args
        Passed to :func:`speed_exercise_inputs` (``batch_size``, ``image_size``, ...).

    Returns
    -------
    dict
        ``{"conv2d": OpTiming, "conv2d_backward": OpTiming}``.
    """
    data = speed_exercise_inputs(**input_args)
    x, w, b = data["x"], data["w"], data["b"]
    out = ref_ops.conv2d(x, w, b, stride, padding)
    dout = np.random.default_rng(1).standard_normal(out.shape).astype(out.dtype)
    calls = {
        "conv2d": lambda o: o.conv2d(x, w, b, stride, padding),
        "conv2d_backward": lambda o: o.conv2d_backward(dout, x, w, stride, padding),
    }
    results = {}
    for name, call in calls.items():
        best, best_ref = np.inf, np.inf
        answer = expected = None
        for _ in range(repeats):
            seconds, expected = _timed(call, ref_ops)
            best_ref = min(best_ref, seconds)
            seconds, answer = _timed(call, ops)
            best = min(best, seconds)
            if seconds > max_seconds:
                break
        results[name] = OpTiming(best, best_ref, _close(answer, expected))
    return results


def benchmark_ops(ops: Ops, ref_ops: Ops, **kwargs) -> dict[str, float]:
    """Time ratios (student / reference) of ``conv2d`` and ``conv2d_backward``.

    ``{"conv2d": 1.3, "conv2d_backward": 2.0}`` means 1.3 and 2 times the
    reference's time. Arguments as :func:`benchmark_ops_detail`, which also
    tells whether the results agree with the reference.
    """
    return {name: timing.ratio for name, timing in benchmark_ops_detail(ops, ref_ops, **kwargs).items()}


def _timed(call: Callable, ops: Ops):
    start = time.perf_counter()
    result = call(ops)
    return time.perf_counter() - start, result


def _close(answer, expected) -> bool:
    """Whether every array of ``answer`` matches ``expected`` to float32 accuracy."""
    if isinstance(expected, np.ndarray):
        answer, expected = (answer,), (expected,)
    try:
        return len(answer) == len(expected) and all(
            np.shape(a) == np.shape(e) and np.allclose(a, e, rtol=1e-3, atol=1e-4)
            for a, e in zip(answer, expected))
    except TypeError:
        return False
