"""A graded class of any size, made from a few submissions graded for real.

Grading 200 full submissions takes minutes; the class report only reads
results. So a handful of typical submissions (correct, kernel flipped,
"same" padding on the wrong side, off by one, channels first, untouched
stubs) are graded for real on a few functions, the convolution's speed and a
trained network, and a class is made of copies of their results under new
student ids. What the speed and the network measured differs per student:
each copy draws its own time ratio and test accuracy, and the threshold
concepts are set from it as the graders set them. Some students' grading
"failed": a folder without ``result.json``, or only a ``grading failed:``
row in the gradebook.
"""
from __future__ import annotations

import copy
import csv
import json
import random
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from autograder.classroom import write_gradebook
from autograder.engine import grade_submission
from autograder.grading_results import SubmissionResult, TaskKind
from autograder.manifest import specs_for
from autograder.model_grading import MODEL_TASKS
from autograder.settings import load_settings
from autograder.speed_grading import SPEED_TASKS
from submissions import ROOT, flipped_kernel_submission, reference_submission, stub_submission

EXAMPLES = ROOT / "examples" / "submissions"
FUNCTIONS = ["shapes.flatten", "shapes.conv_output_size", "conv.conv2d", "pooling.max_pool2d"]
SPEED = SPEED_TASKS["conv.conv2d"]
SHRINK_CALLS = 15
MNIST = MODEL_TASKS["mnist_cnn"]
# Share of the class per kind of submission (the rest of 1.0: grading failed).
MIX = {"correct": 0.40, "flipped": 0.15, "same_padding": 0.10, "off_by_one": 0.10,
       "channels_first": 0.08, "stubs": 0.10}
# What each kind's real grading diagnoses (function, diagnoser name), checked by the tests.
DIAGNOSED = {"flipped": [("conv.conv2d", "flipped kernel")],
             "same_padding": [("conv.conv2d", "padding split on the wrong side"),
                              ("pooling.max_pool2d", "zero padding")],
             "off_by_one": [("shapes.conv_output_size", "padding counted once")],
             "channels_first": [("shapes.flatten", "channels first or Fortran order")]}


def small_mnist_task(images: int = 16):
    """The lecture's MNIST network and thresholds, evaluated on a few synthetic digits (fast)."""
    rng = np.random.default_rng(0)
    x = rng.random((images, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, images)
    return replace(MNIST, test_data=lambda: (x, y))


def _saved_weights(folder: Path) -> None:
    from cnnlab.models import mnist_cnn
    from cnnlab.train import Sequential

    layers, input_shape = mnist_cnn()
    Sequential(layers, input_shape, ops="reference", seed=0).save_weights(folder / f"{MNIST.name}.npz")


def make_submissions(root: Path) -> dict[str, Path]:
    """One submission folder per kind of :data:`MIX` (the correct one with saved weights)."""
    folders = {"correct": reference_submission(root / "correct"),
               "flipped": flipped_kernel_submission(root / "flipped"),
               "stubs": stub_submission(root / "stubs")}
    for kind, example in (("same_padding", "park_same_padding"), ("off_by_one", "lee_off_by_one"),
                          ("channels_first", "yoon_channels_first")):
        folders[kind] = Path(shutil.copytree(EXAMPLES / example, root / kind))
    for kind in ("correct", "flipped", "same_padding", "off_by_one", "channels_first"):
        _saved_weights(folders[kind])
    return folders


def grade_templates(root: Path) -> dict[str, SubmissionResult]:
    """Grade each kind of submission for real: :data:`FUNCTIONS`, conv2d's speed, the MNIST network."""
    # Fewer shrinking calls than the default: the diagnoses are the same, a wrong
    # convolution's nine failed concepts take seconds instead of half a minute.
    settings = load_settings({"shrink_calls": SHRINK_CALLS})
    task = small_mnist_task()
    return {kind: grade_submission(folder, specs_for(functions=FUNCTIONS), student=kind,
                                   settings=settings, speed=[SPEED], models=[task])
            for kind, folder in make_submissions(root).items()}


def _set_threshold(concept, passed: bool, en: str, ko: str) -> None:
    concept.score = concept.max_score if passed else 0.0
    concept.status = "passed" if passed else "failed"
    concept.message_en, concept.message_ko = en, ko


def _measure_model(task, accuracy: float) -> None:
    """Give a graded model task another accuracy, its threshold concepts set as the grader sets them."""
    task.measurement = accuracy
    thresholds = [c for c in task.concepts if c.concept.startswith("test accuracy")]
    for (threshold, _), concept in zip(MNIST.thresholds, thresholds):
        _set_threshold(concept, accuracy >= threshold,
                       f"test accuracy {accuracy:.2%} (needs {threshold:.0%})",
                       f"테스트 정확도 {accuracy:.2%} (기준 {threshold:.0%})")


def _measure_speed(task, ratio: float) -> None:
    """Give a graded speed task another time ratio, its bound concepts set as the grader sets them."""
    task.measurement = ratio
    same = task.concepts[0].passed
    for (bound, _), concept in zip(SPEED.ratios, task.concepts[1:]):
        _set_threshold(concept, same and ratio <= bound, f"{ratio:.1f}x the reference",
                       f"기준 구현의 {ratio:.1f}배")


@dataclass
class GeneratedClass:
    """A class written to disk, and what it was made of."""
    root: Path
    kinds: dict[str, str] = field(default_factory=dict)          # student -> kind, or "failed"
    failed_in_gradebook: dict[str, str] = field(default_factory=dict)   # student -> reason
    failed_without_result: list[str] = field(default_factory=list)

    def students(self, kind: str) -> list[str]:
        return sorted(s for s, k in self.kinds.items() if k == kind)


def student_id(rng: random.Random, taken: set[str]) -> str:
    """A fresh id in the shapes a class list has (``2024123456``, ``kim_minji``)."""
    while True:
        if rng.random() < 0.7:
            candidate = f"20{rng.randint(19, 25)}{rng.randint(100000, 999999)}"
        else:
            candidate = f"{rng.choice(['kim', 'lee', 'park', 'choi', 'jung'])}_{rng.randint(1, 9999)}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def make_class(root: Path, templates: dict[str, SubmissionResult], size: int, seed: int = 0
               ) -> GeneratedClass:
    """Write ``size`` students' ``result.json`` (and the gradebook) under ``root``.

    Parameters
    ----------
    root : Path
        Becomes a grading output folder: ``<root>/<student>/result.json`` and ``gradebook.csv``.
    templates : dict of str to SubmissionResult
        From :func:`grade_templates`.
    size : int
    seed : int

    Returns
    -------
    GeneratedClass
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    made = GeneratedClass(root)
    taken: set[str] = set()
    kinds = list(MIX) + ["failed"]
    weights = list(MIX.values()) + [1 - sum(MIX.values())]
    results = []
    for _ in range(size):
        student = student_id(rng, taken)
        kind = rng.choices(kinds, weights)[0]
        made.kinds[student] = kind
        if kind == "failed":
            if rng.random() < 0.5:
                made.failed_in_gradebook[student] = "SandboxError: the sandbox worker did not start"
            else:
                made.failed_without_result.append(student)
                (root / student).mkdir()
                (root / student / "feedback.md").write_text("(interrupted)\n", encoding="utf-8")
            continue
        result = copy.deepcopy(templates[kind])
        result.student = student
        result.seconds = round(rng.uniform(0.7, 1.5) * templates[kind].seconds, 3)
        result.sandbox_restarts = rng.choice([0, 0, 0, 0, 1, 2])
        for task in result.tasks:
            if task.kind == TaskKind.MODEL and task.measurement is not None:
                _measure_model(task, min(0.998, max(0.1, rng.gauss(0.975, 0.012))))
            elif task.kind == TaskKind.SPEED and task.measurement is not None:
                _measure_speed(task, rng.lognormvariate(np.log(2.5), 0.6))
        results.append(result)
        folder = root / student
        folder.mkdir()
        (folder / "result.json").write_text(json.dumps(result.to_dict(), ensure_ascii=False),
                                            encoding="utf-8")
    results.sort(key=lambda r: r.student)
    write_gradebook(results, root / "gradebook.csv")
    with open(root / "gradebook.csv", "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for student, reason in sorted(made.failed_in_gradebook.items()):
            writer.writerow([student, "", f"grading failed: {reason}", ""])
    return made
