"""Grading one submission: hypothesis searches each concept, shrinks failures, scores.

For each concept hypothesis draws cases in the grader process (seeded, so every
student meets the same examples), the student's function runs in the sandbox,
the reference runs here, and the concept's judge compares. A failure is shrunk to the
smallest input that still shows it; that input becomes the feedback.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Iterable, Optional

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import example as hyp_example
from hypothesis.errors import HypothesisException

from .compare import render
from .grading_results import ConceptResult, Counterexample, SubmissionResult, TaskKind, TaskResult
from .judges import compare_with_reference
from .reference import call_reference, solutions_dir
from .sandbox import Sandbox
from .settings import Budget, Settings, load_settings
from .spec import Case, Concept, FunctionSpec, Mismatch
from .student import (BudgetExhausted, CallLog, NotImplementedAbort, SandboxAbort,
                      StudentFunction)
from .vocabulary import ABORTS, Status, Text, abort_text, message

KERNEL_ARGS = ("w", "kernel")  # 4-D arguments shown filter by filter, not as images
log = logging.getLogger(__name__)
# Where every concept's search starts. Fixed, so that the examples a student meets
# depend on the concept's strategy alone, never on the grader's source text (a
# derandomised hypothesis run would hash that); this is the value grading has
# always used, so grades and counterexamples stay what they were.
EXAMPLE_SEED = 0x172a8159bb76252b4b167171ebfe732de9e20721709864c837f13a69388310cbea11767cbd2f071db43639a2ef342cf5


class _Reference:
    """The reference for one function, called on fresh copies of the arguments."""

    def __init__(self, qualname: str, folder: Optional[Path] = None):
        self.qualname = qualname
        self.folder = folder

    def __call__(self, *args, **kwargs):
        return call_reference(self.qualname, args, kwargs, self.folder)


def run_concept(spec: FunctionSpec, concept: Concept, student: StudentFunction,
                deadline: float, shrink_calls: int, solutions: Optional[Path] = None) -> ConceptResult:
    """Search one concept with hypothesis and score it (against the references in ``solutions``)."""
    reference = _Reference(spec.qualname, solutions)
    judge = concept.judge or compare_with_reference
    failures: list[tuple[Case, Mismatch]] = []
    seen = [0]
    student.log = CallLog()
    student.deadline = deadline
    student.max_calls = float("inf")

    def attempt(case: Case) -> None:
        seen[0] += 1
        student.current_case = case
        try:
            judge(case, student, reference)
        except Mismatch as exc:
            exc.case = case
            if not failures:
                student.max_calls = student.log.calls + shrink_calls
            failures.append((case, exc))
            raise

    test = given(concept.cases)(attempt)
    for case in reversed(concept.examples):
        test = hyp_example(case)(test)
    test = seed(EXAMPLE_SEED)(test)
    test = settings(max_examples=concept.max_examples, derandomize=True, database=None,
                    deadline=None, verbosity=Verbosity.quiet, print_blob=False,
                    report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                    phases=(Phase.explicit, Phase.generate, Phase.shrink))(test)

    result = ConceptResult(task=spec.function, concept=concept.name, score=0.0,
                           max_score=concept.points, status=Status.PASSED)
    grader_error = ""
    try:
        test()
        result.score = concept.points
    except Mismatch:
        result.status = Status.FAILED
    except BudgetExhausted:
        # Out of time: a failure found so far stands; otherwise the function was
        # slow but never wrong on what it was given, which earns the points.
        if failures:
            result.status = Status.FAILED
        else:
            result.score = concept.points
            result.say(message("passed within budget"))
    except (HypothesisException, ExceptionGroup) as exc:
        # e.g. a flaky (non-deterministic) failure: the last recorded one stands.
        result.status = Status.FAILED if failures else Status.ERROR
        grader_error = f"{type(exc).__name__}: {exc}"
    except SandboxAbort as abort:
        result.status = Status(abort.status)
        result.say(abort_text(abort.status, abort.message))
        if isinstance(abort.case, Case):
            result.counterexample = _counterexample(spec, abort.case, None, abort.status)
    result.examples_run = seen[0]
    result.output = student.log.text
    if result.status == Status.FAILED and failures:
        _explain_failure(spec, concept, result, failures, reference)
    elif result.status == Status.ERROR:
        error = message("grader error")
        result.say(Text(error.ko, f"{error.en} ({grader_error[:300]})"))
    return result


def _explain_failure(spec: FunctionSpec, concept: Concept, result: ConceptResult,
                     failures: list[tuple[Case, Mismatch]], reference) -> None:
    """Hint, smallest example and likely mistake for a failed concept.

    ``failures`` runs from the first failure found to the smallest one.
    """
    case, mismatch = failures[-1]
    hint = mismatch.hint or concept.hint
    result.message_en, result.message_ko = hint.en, hint.ko
    result.counterexample = _counterexample(spec, case, mismatch.expected, mismatch.received,
                                            mismatch.detail)
    matched = _diagnose(spec, case, mismatch, reference)
    if len(matched) > 1:
        # A tiny shrunk example can fit two mistakes; the first (larger) failure
        # usually tells them apart. If it cannot, name every candidate.
        first_case, first = failures[0]
        refined = [d for d in _diagnose(spec, first_case, first, reference) if d in matched]
        matched = refined or matched
    result.diagnosis_en = " Or: ".join(d.hint.en for d in matched)
    result.diagnosis_ko = " 또는: ".join(d.hint.ko for d in matched)


def _diagnose(spec: FunctionSpec, case: Case, mismatch: Mismatch, reference) -> list:
    """The diagnosers whose typical mistake gives exactly what the student returned.

    Diagnosers compare with what the reference gives, so they do not apply to a
    case the reference rejects (the student should have raised ValueError).
    """
    try:
        reference(*case.args, **case.kwargs)
    except ValueError:
        return []
    matched = []
    for diagnoser in spec.diagnosers:
        try:
            if diagnoser.matches(case, mismatch.received, reference):
                matched.append(diagnoser)
        except Exception:  # a bug in the diagnoser: it names nothing, and is logged
            log.exception("diagnoser %r of %s raised on %r", diagnoser.name, spec.qualname, case)
    return matched


def _counterexample(spec: FunctionSpec, case: Case, expected, received,
                    detail: str = "") -> Counterexample:
    names = case.arg_names or spec.arg_names
    case = Case(case.args, case.kwargs, names)
    shown = {}
    call_parts = []
    for name, value in case.named().items():
        text = render(value, kernel=name in KERNEL_ARGS)
        positional = name in names[: len(case.args)]
        if "\n" in text or len(text) > 40:
            shown[name] = text
            call_parts.append(name if positional else f"{name}={name}")
        else:
            call_parts.append(text if positional else f"{name}={text}")
    return Counterexample(call=f"{spec.function}({', '.join(call_parts)})", arguments=shown,
                          expected=render(expected), received=render(received), detail=detail)


def _all_concepts(spec: FunctionSpec, status: Status, text: Text) -> list[ConceptResult]:
    """Every concept of ``spec`` with zero points, one status and one message."""
    return [ConceptResult(spec.function, c.name, 0.0, c.points, status).say(text)
            for c in spec.concepts]


def grade_function(spec: FunctionSpec, sandbox: Sandbox, budget: Budget,
                   solutions: Optional[Path] = None) -> TaskResult:
    """Grade every concept of one function; failures of one never stop another function."""
    start = time.monotonic()
    result = TaskResult(TaskKind.FUNCTION, spec.qualname)
    present = sandbox.has_function(spec.module, spec.function)
    if present.status != "ok":
        status = Status.MISSING if present.status == "missing" else Status(present.status)
        detail = present.message or message("no function", module=spec.module,
                                            function=spec.function).en
        text = message(status)
        result.concepts = _all_concepts(spec, status, Text(f"{text.ko}: {detail}", detail))
        return result
    student = StudentFunction(sandbox, spec.module, spec.function)
    aborts = 0
    for concept in spec.concepts:
        now = time.monotonic()
        function_deadline = start + budget.function_seconds
        if aborts >= budget.aborts_per_function or now > function_deadline:
            why = message("skipped after aborts" if aborts else "skipped over budget")
            result.concepts.append(ConceptResult(spec.function, concept.name, 0.0, concept.points,
                                                 Status.SKIPPED).say(why))
            continue
        try:
            concept_result = run_concept(spec, concept, student,
                                         min(now + budget.concept_seconds, function_deadline),
                                         budget.shrink_calls, solutions)
        except NotImplementedAbort:
            result.concepts = _all_concepts(spec, Status.NOT_IMPLEMENTED,
                                            message("not implemented", function=spec.function))
            break
        if concept_result.status in ABORTS:
            aborts += 1
        result.concepts.append(concept_result)
    result.seconds = time.monotonic() - start
    return result


def grade_submission(path: Path, specs: Iterable[FunctionSpec], student: str = "",
                     assignment: Optional[str] = None, settings: Optional[Settings] = None,
                     progress=None, models: Iterable = (), speed: Iterable = ()) -> SubmissionResult:
    """Grade ``specs`` against the modules in ``path`` in one sandbox.

    Parameters
    ----------
    path : Path
        Folder with the student's modules (``shapes.py``, ``conv.py``, ...).
    specs : iterable of FunctionSpec
    settings : Settings, optional
        Isolation, limits and budget (default: the settings in force).
    models : iterable of autograder.model_grading.ModelTask
        Trained networks to evaluate.
    speed : iterable of autograder.speed_grading.SpeedTask
        Functions timed against the reference under the same conditions.
    progress : callable, optional
        Called with each finished :class:`TaskResult`.
    """
    from . import __version__
    from .model_grading import grade_model
    from .speed_grading import grade_speed

    settings = settings or load_settings()
    solutions = solutions_dir(settings)
    start = time.monotonic()
    result = SubmissionResult(student=student or Path(path).name, assignment=assignment,
                              grader_version=__version__)
    with Sandbox(Path(path), settings.limits, isolation=settings.isolation) as sandbox:
        result.isolation = sandbox.isolation
        jobs = ([lambda spec=spec: grade_function(spec, sandbox, settings.budget, solutions)
                 for spec in specs]
                + [lambda task=task: grade_speed(task, sandbox, settings) for task in speed]
                + [lambda task=task: grade_model(task, Path(path), sandbox) for task in models])
        for job in jobs:
            task_result = job()
            result.tasks.append(task_result)
            if progress:
                progress(task_result)
        result.sandbox_restarts = sandbox.restarts
    result.seconds = time.monotonic() - start
    return result
