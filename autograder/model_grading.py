"""Grading a trained model: the student's saved weights, evaluated by the trusted grader.

The submission holds the weights (``mnist_cnn.npz``, as ``Sequential.save_weights``
writes them). They are data: read as untrusted input (:mod:`autograder.weights_file`),
loaded into the lecture's network built on the *reference* layers in the
grader process, and evaluated there on the official test set in a shuffled
order. No student code runs during the evaluation, so a forward pass that
knows the test labels earns nothing; the student's layer functions are graded
on their own specs. Points come by accuracy thresholds, plus one for a
parameter count from the student's ``count_params`` (run in the sandbox) that
matches the network.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .grading_results import ConceptResult, TaskKind, TaskResult
from .sandbox import Sandbox
from .compare import raised_text
from .spec import Raised
from .student import NotImplementedAbort, SandboxAbort, StudentFunction, StudentRaised
from .submission_files import UnreadableFile
from .vocabulary import Status, Text
from .weights_file import load_parameters

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
    weights_points: float = 1.0
    batch_size: int = 250

    @property
    def weights_file(self) -> str:
        return f"{self.name}.npz"

    @property
    def max_score(self) -> float:
        """Points of the weights loading, the parameter count and every threshold."""
        return self.weights_points + self.count_points + sum(p for _, p in self.thresholds)


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


def _mlp_model():
    from cnnlab.models import mnist_mlp
    return mnist_mlp()


def _mnist_model():
    from cnnlab.models import mnist_cnn
    return mnist_cnn()


def _cifar_model():
    from cnnlab.models import cifar10_alexnet
    return cifar10_alexnet()


MODEL_TASKS: dict[str, ModelTask] = {
    "mnist_cnn": ModelTask("mnist_cnn", _mnist_model, _mnist_test,
                           ((0.90, 2.0), (0.97, 2.0), (0.99, 2.0))),
    # The lecture's MLP (3.1): about 96% after one epoch, 97.5% after three.
    "mnist_mlp": ModelTask("mnist_mlp", _mlp_model, _mnist_test,
                           ((0.90, 2.0), (0.95, 2.0), (0.97, 2.0))),
    "cifar10_alexnet": ModelTask("cifar10_alexnet", _cifar_model, _cifar10_test,
                                 ((0.50, 2.0), (0.60, 2.0), (0.65, 2.0))),
}


CONCEPT_TITLES = {"weights": "가중치", "parameter count": "파라미터 수"}


def _title_ko(name: str) -> str:
    """The Korean name of a model concept (the thresholds read "테스트 정확도 >= 90%")."""
    return CONCEPT_TITLES.get(name) or name.replace("test accuracy", "테스트 정확도")


def _concept(task: ModelTask, name: str, points: float, passed: bool, en: str, ko: str,
             status: Optional[str] = None) -> ConceptResult:
    return ConceptResult(task.name, name, points if passed else 0.0, points,
                         status or (Status.PASSED if passed else Status.FAILED), message_en=en,
                         message_ko=ko, title_ko=_title_ko(name))


def _threshold_names(task: ModelTask) -> list[str]:
    return [f"test accuracy >= {t:.0%}" for t, _ in task.thresholds]


def _all_zero(task: ModelTask, status: str, en: str, ko: str) -> list[ConceptResult]:
    names = ["weights", "parameter count"] + _threshold_names(task)
    points = [task.weights_points, task.count_points] + [p for _, p in task.thresholds]
    return [_concept(task, n, p, False, en, ko, status) for n, p in zip(names, points)]


def reference_model(task: ModelTask, solutions: Optional[Path] = None):
    """The task's network on the reference layers (of ``solutions``, default: the settings')."""
    from cnnlab.train import Sequential
    from cnnlab.train.ops import load_ops

    from .reference import solutions_dir

    layers, input_shape = task.build()
    ops = load_ops(solutions if solutions is not None else solutions_dir())
    return Sequential(layers, input_shape, ops=ops), layers, input_shape


def shuffled_accuracy(model, x: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """Accuracy of ``model`` on ``(x, y)`` visited in a random order, batch by batch."""
    order = np.random.default_rng().permutation(len(y))
    correct = 0
    for batch in np.array_split(order, max(1, math.ceil(len(y) / batch_size))):
        logits, _ = model.forward(np.asarray(x[batch], dtype=model.dtype), training=False)
        correct += int((logits.argmax(axis=1) == y[batch]).sum())
    return correct / max(len(y), 1)


def grade_model(task: ModelTask, submission: Path, sandbox: Sandbox,
                data: Optional[Dataset] = None, solutions: Optional[Path] = None) -> TaskResult:
    """Grade one trained network of a submission (see the module docstring)."""
    start = time.monotonic()
    result = TaskResult(TaskKind.MODEL, task.name)
    model, layers, input_shape = reference_model(task, solutions)
    try:
        load_parameters(Path(submission) / task.weights_file, model.parameters())
    except FileNotFoundError:
        result.concepts = _all_zero(task, Status.MISSING, f"{task.weights_file} is not in the submission",
                                    f"제출물에 {task.weights_file} 파일이 없습니다 (save_weights로 저장하세요)")
        return result
    except (UnreadableFile, ValueError, OSError) as exc:
        result.concepts = _all_zero(task, Status.FAILED, f"the weights do not load: {exc}",
                                    f"가중치를 불러올 수 없습니다: {exc}")
        return result
    result.concepts.append(_concept(task, "weights", task.weights_points, True, "the weights load into the network",
                                    "가중치를 신경망에 불러왔습니다"))
    result.concepts.append(_count_concept(task, sandbox, layers, input_shape, model.count_params()))
    x, y = data if data is not None else task.test_data()
    accuracy = shuffled_accuracy(model, x, y, task.batch_size)
    result.measurement = accuracy
    for (threshold, points), name in zip(task.thresholds, _threshold_names(task)):
        passed = accuracy >= threshold
        result.concepts.append(_concept(
            task, name, points, passed,
            f"test accuracy {accuracy:.2%} on {len(y)} images (needs {threshold:.0%}), "
            "with the reference layers",
            f"테스트 정확도 {accuracy:.2%} ({len(y)}장; 기준 {threshold:.0%}), 기준 구현의 층으로 평가"))
    result.seconds = time.monotonic() - start
    return result


def _why(exc: BaseException) -> Text:
    """What went wrong in the student's code, with its place when the function raised."""
    if isinstance(exc, StudentRaised):
        result = exc.result
        return raised_text(Raised(result.error_type or "Exception", result.message, result.place))
    return Text(str(exc), str(exc))


def _count_concept(task: ModelTask, sandbox: Sandbox, layers, input_shape, actual: int) -> ConceptResult:
    counter = StudentFunction(sandbox, "params", "count_params")
    try:
        counted = counter(layers, input_shape)
    except (StudentRaised, SandboxAbort, NotImplementedAbort) as exc:
        return _concept(task, "parameter count", task.count_points, False,
                        f"params.count_params failed: {_why(exc).en}",
                        f"params.count_params가 실패했습니다: {_why(exc).ko}")
    passed = isinstance(counted, (int, np.integer)) and int(counted) == actual
    return _concept(task, "parameter count", task.count_points, passed,
                    f"count_params gives {counted!r}; the trained network has {actual:,} parameters",
                    f"count_params 결과 {counted!r}; 학습한 신경망의 파라미터는 {actual:,}개")
