"""Grading one submission: hypothesis searches each concept, shrinks failures, scores.

For each concept hypothesis draws cases in the grader process (seeded, so every
student meets the same examples), the student's function runs in the sandbox,
the reference runs here, and the check compares. A failure is shrunk to the
smallest input that still shows it; that input becomes the feedback.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import example as hyp_example
from hypothesis.errors import HypothesisException

from .checks import compare_with_reference
from .compare import render

KERNEL_ARGS = ("w", "kernel")  # 4-D arguments shown filter by filter, not as images
from .reference import call_reference
from .results import ConceptResult, Counterexample, FunctionResult, SubmissionResult
from .sandbox import Sandbox
from .spec import Case, Concept, FunctionSpec, Mismatch
from .student import (BudgetExhausted, CallLog, NotImplementedAbort, SandboxAbort,
                      StudentFunction)


@dataclass(frozen=True)
class Budget:
    """Time limits that keep a slow or hanging submission from stalling a class."""
    concept_seconds: float = 20.0
    function_seconds: float = 90.0
    aborts_per_function: int = 2   # timeouts/crashes before the rest of a function is skipped
    # Calls allowed for shrinking once a failure is found. A count, not a time,
    # so the same submission always gets the same counterexample.
    shrink_calls: int = 150


class _Reference:
    """The reference for one function, called on fresh copies of the arguments."""

    def __init__(self, qualname: str):
        self.qualname = qualname

    def __call__(self, *args, **kwargs):
        return call_reference(self.qualname, args, kwargs)


def run_concept(spec: FunctionSpec, concept: Concept, student: StudentFunction,
                deadline: float, shrink_calls: int = Budget.shrink_calls) -> ConceptResult:
    """Search one concept with hypothesis and score it."""
    reference = _Reference(spec.qualname)
    check = concept.check or compare_with_reference
    failures: list[tuple[Case, Mismatch]] = []
    seen = [0]
    student.log = CallLog()
    student.deadline = deadline
    student.max_calls = float("inf")

    def attempt(case: Case) -> None:
        seen[0] += 1
        student.current_case = case
        try:
            check(case, student, reference)
        except Mismatch as exc:
            exc.case = case
            if not failures:
                student.max_calls = student.log.calls + shrink_calls
            failures.append((case, exc))
            raise

    test = given(concept.cases)(attempt)
    for case in reversed(concept.examples):
        test = hyp_example(case)(test)
    test = settings(max_examples=concept.max_examples, derandomize=True, database=None,
                    deadline=None, verbosity=Verbosity.quiet, print_blob=False,
                    report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                    phases=(Phase.explicit, Phase.generate, Phase.shrink))(test)

    result = ConceptResult(function=spec.function, concept=concept.name, score=0.0,
                           max_score=concept.points, status="passed")
    grader_error = ""
    try:
        test()
        result.score = concept.points
    except Mismatch:
        result.status = "failed"
    except BudgetExhausted:
        # Out of time: a failure found so far stands; otherwise the function was
        # slow but never wrong on what it was given, which earns the points.
        if failures:
            result.status = "failed"
        else:
            result.score = concept.points
            result.message_en = "passed on the inputs tried within the time budget"
            result.message_ko = "제한 시간 안에 시도한 입력에서 모두 통과했습니다"
    except (HypothesisException, ExceptionGroup) as exc:
        # e.g. a flaky (non-deterministic) failure: the last recorded one stands.
        result.status = "failed" if failures else "error"
        grader_error = f"{type(exc).__name__}: {exc}"
    except SandboxAbort as abort:
        result.status = abort.status
        result.message_en, result.message_ko = _abort_messages(abort)
        if isinstance(abort.case, Case):
            result.counterexample = _counterexample(spec, abort.case, None, abort.status)
    result.examples_run = seen[0]
    result.output = student.log.text
    if result.status == "failed" and failures:
        _explain_failure(spec, concept, result, failures, reference)
    elif result.status == "error":
        result.message_en = ("the grader could not finish this concept; ask your instructor "
                             f"({grader_error[:300]})")
        result.message_ko = "채점기가 이 항목을 끝내지 못했습니다. 담당 교수/조교에게 문의하세요"
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
    """The diagnosers whose typical mistake gives exactly what the student returned."""
    matched = []
    for diagnoser in spec.diagnosers:
        try:
            if diagnoser.matches(case, mismatch.received, reference):
                matched.append(diagnoser)
        except Exception:  # a diagnoser that does not apply to this case
            continue
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


def _abort_messages(abort: SandboxAbort) -> tuple[str, str]:
    text = {
        "timeout": ("took too long (an endless loop, or far too slow) and was stopped",
                    "너무 오래 걸려 중단되었습니다 (무한 루프이거나 지나치게 느립니다)"),
        "crashed": ("crashed the Python process (os._exit, sys.exit, or a fatal error)",
                    "파이썬 프로세스가 비정상 종료되었습니다 (os._exit, sys.exit 또는 치명적 오류)"),
        "memory": ("used too much memory and was stopped",
                   "메모리를 너무 많이 사용해 중단되었습니다"),
        "missing": ("the function was not found", "함수를 찾을 수 없습니다"),
        "import_error": ("the module could not be imported", "모듈을 불러올 수 없습니다"),
    }.get(abort.status, (abort.status, abort.status))
    detail = f": {abort.message}" if abort.message else ""
    return text[0] + detail, text[1] + detail


def grade_function(spec: FunctionSpec, sandbox: Sandbox, budget: Budget = Budget()) -> FunctionResult:
    """Grade every concept of one function; failures of one never stop another function."""
    start = time.monotonic()
    result = FunctionResult(module=spec.module, function=spec.function)
    present = sandbox.has_function(spec.module, spec.function)
    if present.status != "ok":
        message = present.message or f"{spec.module}.py has no function {spec.function}"
        status = "missing" if present.status == "missing" else present.status
        ko = ("함수를 찾을 수 없습니다" if status == "missing" else "모듈을 불러올 수 없습니다")
        result.concepts = [ConceptResult(spec.function, c.name, 0.0, c.points, status,
                                         message_en=message, message_ko=f"{ko}: {message}")
                           for c in spec.concepts]
        return result
    student = StudentFunction(sandbox, spec.module, spec.function)
    aborts = 0
    for concept in spec.concepts:
        now = time.monotonic()
        function_deadline = start + budget.function_seconds
        if aborts >= budget.aborts_per_function or now > function_deadline:
            why = ("skipped after repeated timeouts or crashes" if aborts
                   else "skipped: the function used up its time budget")
            result.concepts.append(ConceptResult(
                spec.function, concept.name, 0.0, concept.points, "skipped", message_en=why,
                message_ko="앞선 항목에서 시간 초과/비정상 종료가 반복되어 건너뛰었습니다" if aborts
                else "함수의 채점 시간 한도를 넘어 건너뛰었습니다"))
            continue
        try:
            concept_result = run_concept(spec, concept, student,
                                         min(now + budget.concept_seconds, function_deadline),
                                         budget.shrink_calls)
        except NotImplementedAbort:
            result.concepts = [ConceptResult(
                spec.function, c.name, 0.0, c.points, "not implemented",
                message_en=f"{spec.function} still raises NotImplementedError",
                message_ko=f"{spec.function}이(가) 아직 구현되지 않았습니다 (NotImplementedError)")
                for c in spec.concepts]
            break
        if concept_result.status in ("timeout", "crashed", "memory"):
            aborts += 1
        result.concepts.append(concept_result)
    result.seconds = time.monotonic() - start
    return result


def grade_submission(path: Path, specs: Iterable[FunctionSpec], student: str = "",
                     assignment: Optional[str] = None, isolation: str = "auto",
                     budget: Budget = Budget(), progress=None,
                     models: Iterable = (), speed: Iterable = ()) -> SubmissionResult:
    """Grade ``specs`` against the modules in ``path`` in one sandbox.

    Parameters
    ----------
    path : Path
        Folder with the student's modules (``shapes.py``, ``conv.py``, ...).
    specs : iterable of FunctionSpec
    models : iterable of autograder.trained_models.ModelTask
        Trained networks to evaluate with the student's own layers.
    speed : iterable of autograder.speed.SpeedTask
        Functions timed against the reference under the same conditions.
    progress : callable, optional
        Called with each finished :class:`FunctionResult`.
    """
    from . import __version__

    start = time.monotonic()
    result = SubmissionResult(student=student or Path(path).name, assignment=assignment,
                              grader_version=__version__)
    from .speed import grade_speed
    from .trained_models import grade_model

    with Sandbox(Path(path), isolation=isolation) as sandbox:
        result.isolation = sandbox.isolation
        jobs = ([lambda spec=spec: grade_function(spec, sandbox, budget) for spec in specs]
                + [lambda task=task: grade_speed(task, sandbox) for task in speed]
                + [lambda task=task: grade_model(task, Path(path), sandbox) for task in models])
        for job in jobs:
            function_result = job()
            result.functions.append(function_result)
            if progress:
                progress(function_result)
    result.seconds = time.monotonic() - start
    return result
