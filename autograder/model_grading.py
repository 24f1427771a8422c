"""Grading a trained model: test accuracy with the student's own forward code.

The submission holds the weights (``mnist_cnn.npz``, as ``Sequential.save_weights``
writes them). The grader loads them (``allow_pickle=False``), builds the
lecture's network with :class:`cnnlab.train.Sequential` whose layer functions
are proxies into the student's sandbox, and evaluates the test set: every
convolution, pooling and dense layer is computed by the student's code in the
sandbox, while the orchestration and the accuracy stay on the trusted side.
Points come by accuracy thresholds, plus one for a parameter count from the
student's ``count_params`` that matches the network.
"""
from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .grading_results import ConceptResult, TaskKind, TaskResult
from .sandbox import Sandbox
from .student import BudgetExhausted, NotImplementedAbort, SandboxAbort, StudentFunction, StudentRaised

Dataset = tuple[np.ndarray, np.ndarray]   # float images (N, H, W, C), int labels (N,)


@dataclass(frozen=True)
class ModelTask:
    """One trained network to grade.

    Parameters
    ----------
    name : str
        Also the weights file's stem (``<name>.npz`` in the submission).
    build : callable
        Returns ``(layers, input_shape)`` (see :mod:`cnnlab.models`).
    test_data : callable
        Returns the test set ``(x, y)``; ``x`` float images ``(N, H, W, C)``.
    thresholds : tuple of (accuracy, points)
        Each threshold reached earns its points.
    """
    name: str
    build: Callable[[], tuple[list, tuple[int, ...]]]
    test_data: Callable[[], Dataset]
    thresholds: tuple[tuple[float, float], ...]
    count_points: float = 1.0
    batch_size: int = 250
    max_seconds: float = 600.0

    @property
    def weights_file(self) -> str:
        return f"{self.name}.npz"


def _mnist_test() -> Dataset:
    from cnnlab.data import load_mnist
    from cnnlab.train import to_float_images
    _, (x, y) = load_mnist()
    return to_float_images(x), y


def _cifar10_test() -> Dataset:
    from cnnlab.data import load_cifar10
    from cnnlab.train import to_float_images
    _, (x, y) = load_cifar10()
    return to_float_images(x), y


def _mnist_model():
    from cnnlab.models import mnist_cnn
    return mnist_cnn()


def _cifar_model():
    from cnnlab.models import cifar10_alexnet
    return cifar10_alexnet()


MODEL_TASKS: dict[str, ModelTask] = {
    "mnist_cnn": ModelTask("mnist_cnn", _mnist_model, _mnist_test,
                           ((0.90, 2.0), (0.97, 2.0), (0.99, 2.0))),
    "cifar10_alexnet": ModelTask("cifar10_alexnet", _cifar_model, _cifar10_test,
                                 ((0.50, 2.0), (0.60, 2.0), (0.65, 2.0))),
}


def sandbox_ops(sandbox: Sandbox, deadline: float):
    """An :class:`cnnlab.train.Ops` whose every function runs in ``sandbox``."""
    from cnnlab.train.ops import OP_MODULES, Ops
    return Ops(**{op: StudentFunction(sandbox, module, op, deadline=deadline)
                  for op, module in OP_MODULES.items()}, source="the student's sandbox")


def _concept(task: ModelTask, name: str, points: float, passed: bool, en: str, ko: str,
             status: Optional[str] = None) -> ConceptResult:
    return ConceptResult(task.name, name, points if passed else 0.0, points,
                         status or ("passed" if passed else "failed"), message_en=en, message_ko=ko)


def _threshold_names(task: ModelTask) -> list[str]:
    return [f"test accuracy >= {t:.0%}" for t, _ in task.thresholds]


def _all_zero(task: ModelTask, status: str, en: str, ko: str) -> list[ConceptResult]:
    names = ["weights", "parameter count"] + _threshold_names(task)
    points = [1.0, task.count_points] + [p for _, p in task.thresholds]
    return [_concept(task, n, p, False, en, ko, status) for n, p in zip(names, points)]


def grade_model(task: ModelTask, submission: Path, sandbox: Sandbox,
                data: Optional[Dataset] = None) -> TaskResult:
    """Grade one trained network of a submission (see the module docstring)."""
    from cnnlab.train import Sequential

    start = time.monotonic()
    result = TaskResult(TaskKind.MODEL, task.name)
    weights = Path(submission) / task.weights_file
    layers, input_shape = task.build()
    deadline = start + task.max_seconds
    if not weights.is_file():
        result.concepts = _all_zero(task, "missing", f"{task.weights_file} is not in the submission",
                                    f"제출물에 {task.weights_file} 파일이 없습니다 (save_weights로 저장하세요)")
        return result
    try:
        model = Sequential(layers, input_shape, ops=sandbox_ops(sandbox, deadline))
        model.load_weights(weights)
        weights_ok = _concept(task, "weights", 1.0, True, "the weights load into the network",
                              "가중치를 신경망에 불러왔습니다")
    except (ValueError, OSError, zipfile.BadZipFile, KeyError) as exc:
        result.concepts = _all_zero(task, "failed", f"the weights do not load: {exc}",
                                    f"가중치를 불러올 수 없습니다: {exc}")
        return result
    except (StudentRaised, SandboxAbort, NotImplementedAbort, BudgetExhausted) as exc:
        result.concepts = _all_zero(task, "failed", f"your layers failed while building the "
                                    f"network: {exc}", f"신경망을 만드는 중 여러분의 층 함수가 실패했습니다: {exc}")
        return result
    result.concepts.append(weights_ok)
    result.concepts.append(_count_concept(task, sandbox, layers, input_shape, model.count_params()))
    x, y = data if data is not None else task.test_data()
    try:
        _, accuracy = model.evaluate(x, y, batch_size=task.batch_size)
        failure = None
    except (StudentRaised, SandboxAbort, NotImplementedAbort, BudgetExhausted, ValueError) as exc:
        accuracy, failure = 0.0, exc
    result.measurement = accuracy if failure is None else None
    for (threshold, points), name in zip(task.thresholds, _threshold_names(task)):
        if failure is not None:
            result.concepts.append(_concept(
                task, name, points, False, f"evaluation failed: {failure}",
                f"평가 중 실패했습니다: {failure}"))
        else:
            passed = accuracy >= threshold
            result.concepts.append(_concept(
                task, name, points, passed,
                f"test accuracy {accuracy:.2%} on {len(y)} images (needs {threshold:.0%})",
                f"테스트 정확도 {accuracy:.2%} ({len(y)}장; 기준 {threshold:.0%})"))
    result.seconds = time.monotonic() - start
    return result


def _count_concept(task: ModelTask, sandbox: Sandbox, layers, input_shape, actual: int) -> ConceptResult:
    counter = StudentFunction(sandbox, "params", "count_params")
    try:
        counted = counter(layers, input_shape)
    except (StudentRaised, SandboxAbort, NotImplementedAbort) as exc:
        return _concept(task, "parameter count", task.count_points, False,
                        f"params.count_params failed: {exc}",
                        f"params.count_params가 실패했습니다: {exc}")
    passed = isinstance(counted, (int, np.integer)) and int(counted) == actual
    return _concept(task, "parameter count", task.count_points, passed,
                    f"count_params gives {counted!r}; the trained network has {actual:,} parameters",
                    f"count_params 결과 {counted!r}; 학습한 신경망의 파라미터는 {actual:,}개")
