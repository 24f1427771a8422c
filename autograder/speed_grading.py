"""Speed grading: the student's vectorised convolution against the reference, same conditions.

A naive loop convolution takes hours per training epoch, so the training
assignment grades ``conv2d`` (and its backward pass) for speed. Both the
student's function and the reference run in sandboxes with the same limits
(single-threaded BLAS), timed from the grader side (round trip included for
both, never a time the student process reports); the best of a few rounds
counts. Only real work is timed:

- every timed call gets fresh inputs of the training batch's shapes, drawn
  from an unpredictable seed, so no answer can be remembered or precomputed;
- every timed output is compared with the reference's on the same inputs;
- rounds alternate the reference and the student, and every process of the
  submission (its worker, anything it left running, in any session) is killed
  before the reference is timed; the student's worker then starts afresh and
  gets an untimed warm-up call on other fresh inputs before its timed call.
"""
from __future__ import annotations

import secrets
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
from .compare import raised_text
from .spec import Mismatch, Raised
from .vocabulary import ABORTS, Status, Text, abort_text


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

    @property
    def max_score(self) -> float:
        """Points of the equivalence check and of every speed bound."""
        return self.equivalence_points + sum(p for _, p in self.ratios)


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


def _timed_call(sandbox: Sandbox, task: SpeedTask, args: tuple, kwargs: dict):
    """``(seconds, result)`` of one round trip of ``task``'s function."""
    start = time.perf_counter()
    result = sandbox.call(task.module, task.function, args, kwargs, timeout=task.call_timeout)
    return time.perf_counter() - start, result


def _warm(sandbox: Sandbox, task: SpeedTask, rng: np.random.Generator):
    """Start the worker, import, and one untimed call, so first-touch costs are not timed."""
    sandbox.has_function(task.module, task.function)
    args, kwargs = task.make_args(rng)
    return _timed_call(sandbox, task, args, kwargs)


@dataclass
class _Timings:
    reference: float = float("inf")
    student: float = float("inf")
    failure: object = None     # the student's failing CallResult, if any
    mismatch: Optional[Text] = None   # why a timed output differs from the reference's


def _time_rounds(task: SpeedTask, sandbox: Sandbox, reference_box: Sandbox) -> _Timings:
    """Alternate reference and student rounds on fresh inputs (see the module docstring)."""
    rng = np.random.default_rng(secrets.randbits(128))
    timings = _Timings()
    _, warm = _warm(reference_box, task, rng)
    if warm.status != "ok":
        raise RuntimeError(f"the reference {task.module}.{task.function} failed: "
                           f"{warm.status} {warm.message}")
    for _ in range(task.repeats):
        args, kwargs = task.make_args(rng)
        sandbox.stop()  # nothing of the submission may run while the reference is timed
        seconds, expected = _timed_call(reference_box, task, args, kwargs)
        if expected.status != "ok":
            raise RuntimeError(f"the reference {task.module}.{task.function} failed: "
                               f"{expected.status} {expected.message}")
        timings.reference = min(timings.reference, seconds)
        for call in (lambda: _warm(sandbox, task, rng),
                     lambda: _timed_call(sandbox, task, args, kwargs)):
            seconds, received = call()
            if received.status != "ok":
                timings.failure = received
                return timings
        timings.student = min(timings.student, seconds)
        try:
            assert_matches(expected.value, received.value)
        except Mismatch as exc:
            timings.mismatch = exc.text
            return timings
    return timings


def grade_speed(task: SpeedTask, sandbox: Sandbox, settings: Optional[Settings] = None) -> TaskResult:
    """Grade one :class:`SpeedTask` for the submission in ``sandbox``."""
    start = time.monotonic()
    out = TaskResult(TaskKind.SPEED, f"{task.module}.{task.function}")
    names = ["same result on a training batch"] + [f"within {r:g}x of the reference"
                                                   for r, _ in task.ratios]
    titles = ["학습 배치에서 같은 결과"] + [f"기준 구현의 {r:g}배 이내" for r, _ in task.ratios]
    points = [task.equivalence_points] + [p for _, p in task.ratios]
    with tempfile.TemporaryDirectory(prefix="reference-") as tmp, \
            Sandbox(reference_as_submission(Path(tmp), settings),
                    replace(sandbox.limits, call_timeout=task.call_timeout),
                    isolation=sandbox.isolation) as reference_box:
        timings = _time_rounds(task, sandbox, reference_box)
    reference_seconds, student_seconds = timings.reference, timings.student
    received = timings.failure
    if received is not None:
        why = _failure_text(task, received, reference_seconds)
        status = Status(received.status) if received.status in ABORTS else Status.FAILED
        out.concepts = [ConceptResult(task.name, n, 0.0, p, status, message_en=why.en,
                                      message_ko=why.ko, title_ko=t)
                        for n, t, p in zip(names, titles, points)]
        return out
    same, detail = timings.mismatch is None, timings.mismatch or Text("", "")
    ratio = student_seconds / max(reference_seconds, 1e-6)
    out.measurement = ratio
    timing = (f"your {task.function}: {student_seconds * 1e3:.1f} ms, the reference: "
              f"{reference_seconds * 1e3:.1f} ms ({ratio:.1f}x)")
    timing_ko = (f"여러분의 {task.function}: {student_seconds * 1e3:.1f} ms, 기준 구현: "
                 f"{reference_seconds * 1e3:.1f} ms ({ratio:.1f}배)")
    out.concepts.append(ConceptResult(
        task.name, names[0], points[0] if same else 0.0, points[0],
        Status.PASSED if same else Status.FAILED,
        message_en="" if same else f"the result differs from the reference: {detail.en}",
        message_ko="" if same else f"결과가 기준 구현과 다릅니다: {detail.ko}", title_ko=titles[0]))
    for (bound, pts), name, title in zip(task.ratios, names[1:], titles[1:]):
        ok = same and ratio <= bound
        out.concepts.append(ConceptResult(
            task.name, name, pts if ok else 0.0, pts, Status.PASSED if ok else Status.FAILED,
            message_en=timing + ("" if same else " (only a correct result counts)"),
            message_ko=timing_ko + ("" if same else " (결과가 맞아야 인정됩니다)"), title_ko=title))
    out.seconds = time.monotonic() - start
    return out


def _failure_text(task: SpeedTask, received, reference_seconds: float) -> Text:
    """Why the timed call gave no result: too slow, raised, crashed."""
    if received.status == "timeout":
        return Text(f"{task.call_timeout:g}초 안에 끝나지 않았습니다 (기준 구현: {reference_seconds:.3f}초). "
                    "반복문 대신 im2col이나 stride tricks로 벡터화하세요",
                    f"took more than {task.call_timeout:g} s (the reference: "
                    f"{reference_seconds:.3f} s); vectorise it (im2col or stride tricks)")
    if received.status == "raised":
        return raised_text(Raised(received.error_type or "Exception", received.message,
                                  received.place))
    text = abort_text(received.status)
    return Text(text.ko, f"{text.en}: {received.message}" if received.message else text.en)
