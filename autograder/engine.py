"""Grading one submission: each concept's examples are judged, failures shrunk, scores given.

For each concept the grader process holds the examples (drawn by hypothesis
with a fixed seed, so every student meets the same ones, and kept in the
example bank so they are drawn once), the student's function runs in the
sandbox, the reference runs here, and the concept's judge compares. A failure
is handed to hypothesis, which shrinks it to the smallest input that still
shows it; that input becomes the feedback.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Iterable, Optional

from hypothesis.errors import HypothesisException

from .compare import kept, render, same_value
from .example_bank import load_bank
from .grading_results import ConceptResult, Counterexample, SubmissionResult, TaskKind, TaskResult
from .hypothesis_search import concept_search
from .judges import compare_with_reference
from .reference import call_reference, solutions_dir
from .sandbox import Sandbox
from .settings import Settings, load_settings
from .spec import Case, Concept, FunctionSpec, Mismatch
from .stored_cases import StoredCase, StoredReference
from .submission_files import GRADED_SUFFIXES, list_files
from .student import (BudgetExhausted, CallLog, NotImplementedAbort, SandboxAbort,
                      StudentFunction)
from .vocabulary import ABORTS, Status, Text, abort_text, message

KERNEL_ARGS = ("w", "kernel")  # 4-D arguments shown filter by filter, not as images
log = logging.getLogger(__name__)


class _Reference:
    """The reference for one function, called on fresh copies of the arguments."""

    def __init__(self, qualname: str, folder: Optional[Path] = None):
        self.qualname = qualname
        self.folder = folder

    def __call__(self, *args, **kwargs):
        return call_reference(self.qualname, args, kwargs, self.folder)


class _Attempts:
    """The judged cases of one concept: what failed (first to smallest) and how many ran."""

    def __init__(self, concept: Concept, student: StudentFunction, reference: _Reference,
                 shrink_calls: int):
        self.concept = concept
        self.student = student
        self.reference = reference
        self.shrink_calls = shrink_calls
        self.judge = concept.judge or compare_with_reference
        self.failures: list[tuple[Case, Mismatch]] = []
        self.judged: list[Case] = []
        student.log = CallLog()
        student.max_calls = float("inf")

    @property
    def seen(self) -> int:
        return len(self.judged)

    def attempt(self, case: Case, reference=None) -> None:
        """Judge one case; a failure is remembered and re-raised (for hypothesis to shrink)."""
        self.judged.append(case)
        self.student.current_case = case
        try:
            self.judge(case, self.student, reference or self.reference)
            return
        except Mismatch as exc:
            failure = _kept_failure(exc, case)
        # Raised outside the handler, so that nothing (no traceback, no chained
        # exception) holds on to the student's full value while the search goes on.
        if not self.failures:  # a count, not a time: the same counterexample every run
            self.student.max_calls = self.student.log.calls + self.shrink_calls
        # Only the first failure and the latest (the smallest so far) are used.
        self.failures[1:] = [(case, failure)]
        raise failure

    def replay(self, banked: list[StoredCase]) -> bool:
        """Judge the banked cases in order until one fails; True if one did."""
        for stored in banked:
            try:
                self.attempt(stored.case, StoredReference(stored, self.reference))
            except Mismatch:
                return True
        return False

    def search(self, max_examples: int) -> None:
        """Run the hypothesis search; ``failures`` ends with the smallest failing case.

        The search starts with the very cases already judged (a replay), so those
        are answered from what the replay found instead of calling the student
        again: the student's function sees exactly the calls of a search without
        a bank.
        """
        earlier = list(self.judged)
        position = 0

        def attempt(case: Case) -> None:
            nonlocal position
            if position < len(earlier) and same_value(case, earlier[position]):
                position += 1
                if position == len(earlier) and self.failures:
                    raise self.failures[-1][1]  # the replay's failure, for hypothesis to shrink
                return
            position = len(earlier)  # from here on every case is judged
            self.attempt(case)

        try:
            concept_search(self.concept, attempt, max_examples)()
        except Mismatch:
            pass


def run_concept(spec: FunctionSpec, concept: Concept, student: StudentFunction, *,
                budget_seconds: float, shrink_calls: int, max_examples: int,
                solutions: Optional[Path] = None,
                banked: Optional[list[StoredCase]] = None) -> ConceptResult:
    """Grade one concept (against the references in ``solutions``) and score it.

    With ``banked`` cases (:mod:`autograder.example_bank`) they are replayed in
    order; only when one fails does hypothesis search, exactly as without a bank,
    to shrink it (the cases the replay judged are not sent to the student twice). The concept passes only when every case it was meant
    to try was tried, within ``budget_seconds`` of the student's calls, and passed.
    """
    reference = _Reference(spec.qualname, solutions)
    planned = len(banked) if banked is not None else len(concept.examples) + max_examples
    student.budget_seconds = budget_seconds
    attempts = _Attempts(concept, student, reference, shrink_calls)
    result = ConceptResult(task=spec.function, concept=concept.name, score=0.0,
                           max_score=concept.points, status=Status.PASSED)
    grader_error = ""
    try:
        if banked is None or attempts.replay(banked):
            attempts.search(max_examples)
        result.status = Status.FAILED if attempts.failures else Status.PASSED
    except BudgetExhausted:
        # A failure found so far stands; without one, not every example was tried.
        result.status = Status.FAILED if attempts.failures else Status.TOO_SLOW
    except (HypothesisException, ExceptionGroup) as exc:
        # e.g. a flaky (non-deterministic) failure: the last recorded one stands.
        result.status = Status.FAILED if attempts.failures else Status.ERROR
        grader_error = f"{type(exc).__name__}: {exc}"
    except SandboxAbort as abort:
        result.status = Status(abort.status)
        result.say(abort_text(abort.status, abort.message))
        if isinstance(abort.case, Case):
            result.counterexample = _counterexample(spec, abort.case, None, abort.status)
    result.examples_run = attempts.seen
    result.output = student.log.text
    if result.status == Status.PASSED:
        result.score = concept.points
    elif result.status == Status.FAILED:
        _explain_failure(spec, concept, result, attempts.failures, reference)
    elif result.status == Status.TOO_SLOW:
        result.say(message("too slow", tried=max(attempts.seen - 1, 0), total=planned,
                           seconds=budget_seconds))
    elif result.status == Status.ERROR:
        error = message("grader error")
        result.say(Text(error.ko, f"{error.en} ({grader_error[:300]})"))
    return result


def _kept_failure(mismatch: Mismatch, case: Case) -> Mismatch:
    """A copy of ``mismatch`` that keeps only what feedback needs of large values."""
    return Mismatch(mismatch.detail, expected=kept(mismatch.expected),
                    received=kept(mismatch.received), case=case, hint=mismatch.hint)


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


def grade_function(spec: FunctionSpec, sandbox: Sandbox, settings: Settings,
                   solutions: Optional[Path] = None,
                   bank: Optional[dict[str, list[StoredCase]]] = None) -> TaskResult:
    """Grade every concept of one function; failures of one never stop another function.

    ``bank`` maps concept names to their banked cases (None: search with hypothesis).
    """
    budget = settings.budget
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
    spent = 0.0   # seconds of the student's calls so far, over all concepts
    for concept in spec.concepts:
        if aborts >= budget.aborts_per_function or spent > budget.function_seconds:
            why = message("skipped after aborts" if aborts else "skipped over budget")
            result.concepts.append(ConceptResult(spec.function, concept.name, 0.0, concept.points,
                                                 Status.SKIPPED).say(why))
            continue
        try:
            concept_result = run_concept(
                spec, concept, student,
                budget_seconds=min(budget.concept_seconds, budget.function_seconds - spent),
                shrink_calls=budget.shrink_calls,
                max_examples=concept.max_examples or settings.examples_per_concept,
                solutions=solutions, banked=None if bank is None else bank[concept.name])
        except NotImplementedAbort:
            result.concepts = _all_concepts(spec, Status.NOT_IMPLEMENTED,
                                            message("not implemented", function=spec.function))
            break
        finally:
            spent += student.spent
            student.spent = 0.0
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
    specs = list(specs)
    banks = {spec.qualname: load_bank(spec, settings) for spec in specs} \
        if settings.example_bank else {}
    result.skipped = list_files(Path(path), GRADED_SUFFIXES).skipped
    with Sandbox(Path(path), settings.limits, isolation=settings.isolation) as sandbox:
        result.isolation = sandbox.isolation
        jobs = ([lambda spec=spec: grade_function(spec, sandbox, settings, solutions,
                                                  banks.get(spec.qualname))
                 for spec in specs]
                + [lambda task=task: grade_speed(task, sandbox, settings) for task in speed]
                + [lambda task=task: grade_model(task, Path(path), sandbox,
                                                     solutions=solutions) for task in models])
        for job in jobs:
            task_result = job()
            result.tasks.append(task_result)
            if progress:
                progress(task_result)
        result.sandbox_restarts = sandbox.restarts
    result.seconds = time.monotonic() - start
    return result
