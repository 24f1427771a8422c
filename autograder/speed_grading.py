"""Speed grading: the student's vectorised convolution against the reference, same conditions.

A naive loop convolution takes hours per training epoch, so the training
assignment grades ``conv2d`` (and its backward pass) for speed. Both the
student's function and the reference run in sandboxes with the same limits
(single-threaded BLAS), on the same training-sized batch, timed from the grader
side (round trip included for both, never a time the student process reports);
the best of a few runs counts.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .compare import assert_matches
from .reference import reference_as_submission
from .grading_results import ConceptResult, TaskKind, TaskResult
from .sandbox import Sandbox
from .settings import Settings
from .spec import Mismatch


@dataclass(frozen=True)
class SpeedTask:
    """One function timed on a training-sized batch.

    ``ratios`` are ``(max_ratio, points)``: each bound the student's time stays
    within (as a multiple of the reference's time) earns its points.
    """
    module: str
    function: str
    make_args: Callable[[np.random.Generator], tuple[tuple, dict]]
    ratios: tuple[tuple[float, float], ...] = ((10.0, 1.0), (3.0, 1.0))
    equivalence_points: float = 1.0
    repeats: int = 3
    call_timeout: float = 60.0

    @property
    def name(self) -> str:
        return f"{self.function} speed"


def _conv_batch(rng: np.random.Generator):
    """The MNIST CNN's second convolution on a batch of 32 (float32, as in training)."""
    x = rng.standard_normal((32, 13, 13, 32)).astype(np.float32)
    w = (rng.standard_normal((3, 3, 32, 64)) * 0.1).astype(np.float32)
    b = rng.standard_normal(64).astype(np.float32)
    return (x, w), {"b": b, "stride": 1, "padding": "valid"}


def _conv_backward_batch(rng: np.random.Generator):
    (x, w), _ = _conv_batch(rng)
    dout = rng.standard_normal((32, 11, 11, 64)).astype(np.float32)
    return (dout, x, w), {"stride": 1, "padding": "valid"}


SPEED_TASKS: dict[str, SpeedTask] = {
    "conv.conv2d": SpeedTask("conv", "conv2d", _conv_batch),
    "backprop.conv2d_backward": SpeedTask("backprop", "conv2d_backward", _conv_backward_batch),
}


def _best_time(sandbox: Sandbox, task: SpeedTask, args: tuple, kwargs: dict):
    """The fastest of ``task.repeats`` round trips, and the last result."""
    best, result = float("inf"), None
    # Untimed: start the worker, import, and one call so first-touch allocations
    # do not count; a call that fails here fails the same way when timed.
    sandbox.has_function(task.module, task.function)
    start = time.perf_counter()
    result = sandbox.call(task.module, task.function, args, kwargs, timeout=task.call_timeout)
    if result.status != "ok":
        return time.perf_counter() - start, result
    for _ in range(task.repeats):
        start = time.perf_counter()
        result = sandbox.call(task.module, task.function, args, kwargs, timeout=task.call_timeout)
        elapsed = time.perf_counter() - start
        if result.status != "ok":
            return elapsed, result
        best = min(best, elapsed)
    return best, result


def grade_speed(task: SpeedTask, sandbox: Sandbox, settings: Optional[Settings] = None) -> TaskResult:
    """Grade one :class:`SpeedTask` for the submission in ``sandbox``."""
    start = time.monotonic()
    out = TaskResult(TaskKind.SPEED, f"{task.module}.{task.function}")
    args, kwargs = task.make_args(np.random.default_rng(7))
    names = ["same result on a training batch"] + [f"within {r:g}x of the reference"
                                                   for r, _ in task.ratios]
    points = [task.equivalence_points] + [p for _, p in task.ratios]
    with tempfile.TemporaryDirectory(prefix="reference-") as tmp, \
            Sandbox(reference_as_submission(Path(tmp), settings), replace(sandbox.limits, call_timeout=task.call_timeout),
                    isolation=sandbox.isolation) as reference_box:
        reference_seconds, expected = _best_time(reference_box, task, args, kwargs)
        if expected.status != "ok":
            raise RuntimeError(f"the reference {task.module}.{task.function} failed: "
                               f"{expected.status} {expected.message}")
        student_seconds, received = _best_time(sandbox, task, args, kwargs)
    if received.status != "ok":
        why = {"timeout": f"took more than {task.call_timeout:g} s (the reference: "
                          f"{reference_seconds:.3f} s); vectorise it (im2col or stride tricks)"}.get(
            received.status, f"{received.status}: {received.error_type or ''} {received.message}")
        out.concepts = [ConceptResult(task.name, n, 0.0, p, received.status if received.status
                                      in ("timeout", "crashed", "memory") else "failed",
                                      message_en=why, message_ko=f"실패: {why}")
                        for n, p in zip(names, points)]
        return out
    try:
        assert_matches(expected.value, received.value)
        same, detail = True, ""
    except Mismatch as exc:
        same, detail = False, exc.detail
    ratio = student_seconds / max(reference_seconds, 1e-6)
    out.measurement = ratio
    timing = (f"your {task.function}: {student_seconds * 1e3:.1f} ms, the reference: "
              f"{reference_seconds * 1e3:.1f} ms ({ratio:.1f}x)")
    timing_ko = (f"여러분의 {task.function}: {student_seconds * 1e3:.1f} ms, 기준 구현: "
                 f"{reference_seconds * 1e3:.1f} ms ({ratio:.1f}배)")
    out.concepts.append(ConceptResult(
        task.name, names[0], points[0] if same else 0.0, points[0], "passed" if same else "failed",
        message_en="" if same else f"the result differs from the reference: {detail}",
        message_ko="" if same else f"결과가 기준 구현과 다릅니다: {detail}"))
    for (bound, pts), name in zip(task.ratios, names[1:]):
        ok = same and ratio <= bound
        out.concepts.append(ConceptResult(
            task.name, name, pts if ok else 0.0, pts, "passed" if ok else "failed",
            message_en=timing + ("" if same else " (only a correct result counts)"),
            message_ko=timing_ko + ("" if same else " (결과가 맞아야 인정됩니다)")))
    out.seconds = time.monotonic() - start
    return out
