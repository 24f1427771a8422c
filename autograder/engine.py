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

from .code_errors import from_import, from_raised, import_failure_text, location_text
from .compare import kept, same_value
from .diagnosis import diagnose, diagnosis_text, first_refined
from .example_bank import load_bank
from .failure import Failure, explain
from .grading_results import (CodeError, ConceptResult, Counterexample, SubmissionResult,
                              TaskKind, TaskResult)
from .hypothesis_search import concept_search
from .judges import compare_with_reference
from .reference import call_reference, solutions_dir
from .rendering import render
from .sandbox import Sandbox
from .settings import Settings, load_settings
from .spec import Case, Concept, FunctionSpec, Mismatch, Raised, ShouldRaise
from .shrink_traces import END, TRACES, Step
from .stored_cases import StoredCase, StoredReference, case_to_data
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
        self.failed: list[Optional[bool]] = []      # per judged case; None while it is judged
        self.raised: dict[int, Mismatch] = {}       # judged index -> its failure
        student.log = CallLog()
        student.max_calls = float("inf")

    @property
    def seen(self) -> int:
        return len(self.judged)

    def attempt(self, case: Case, reference=None) -> None:
        """Judge one case; a failure is remembered and re-raised (for hypothesis to shrink)."""
        index = len(self.judged)
        self.judged.append(case)
        self.failed.append(None)
        self.student.current_case = case
        try:
            self.judge(case, self.student, reference or self.reference)
            self.failed[index] = False
            return
        except Mismatch as exc:
            failure = _kept_failure(exc, case)
        self.failed[index] = True
        self.raised[index] = failure
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

        The search starts with the very cases already judged (a replay, a
        followed trace), so those are answered from their outcomes instead of
        calling the student again: the student's function sees exactly the calls
        of a search without a bank.
        """
        earlier = len(self.judged)
        position = 0

        def attempt(case: Case) -> None:
            nonlocal position
            if position < earlier and same_value(case, self.judged[position]):
                position += 1
                if self.failed[position - 1]:
                    raise self.raised[position - 1]
                return
            position = earlier  # from here on every case is judged
            self.attempt(case)

        try:
            concept_search(self.concept, attempt, max_examples)()
        except Mismatch:
            pass

    def follow(self, step: Step) -> bool:
        """Judge the cases a recorded search tried after the same first failure.

        True when the recorded search ended where this one does; False where this
        student's outcome leaves the recorded path (hypothesis takes over there).
        """
        while True:
            try:
                self.attempt(step.case)
                failed = False
            except Mismatch:
                failed = True
            following = step.after.get(failed)
            if following == END:
                return True
            if not isinstance(following, Step):
                return False
            step = following

    def steps(self, start: int) -> list[tuple[Case, Optional[bool]]]:
        """The judged cases from ``start`` on with their outcomes (for :data:`TRACES`)."""
        return list(zip(self.judged[start:], self.failed[start:]))

    def shrink(self, key: tuple, max_examples: int) -> None:
        """Shrink the replay's failure: along a recorded trace while it fits, then hypothesis.

        The search is recorded when its end does not depend on time: it finished,
        or it used up its shrinking calls (a count).
        """
        start = len(self.judged)
        trace = TRACES.get(key)
        if trace == END:  # the recorded search tried nothing more
            TRACES.followed += 1
            return
        if trace is not None:
            try:
                if self.follow(trace):
                    TRACES.followed += 1
                    return
            except BudgetExhausted:
                TRACES.followed += self.calls_used_up
                raise
        try:
            self.search(max_examples)
        except BudgetExhausted:
            if self.calls_used_up:
                TRACES.record(key, self.steps(start))
            raise
        TRACES.record(key, self.steps(start))

    @property
    def calls_used_up(self) -> bool:
        """Whether the shrinking calls are used up (a count: the same for everyone)."""
        return self.student.log.calls >= self.student.max_calls


def run_concept(spec: FunctionSpec, concept: Concept, student: StudentFunction, *,
                budget_seconds: float, shrink_calls: int, max_examples: int,
                solutions: Optional[Path] = None,
                banked: Optional[list[StoredCase]] = None,
                errors: Optional[list[CodeError]] = None) -> ConceptResult:
    """Grade one concept (against the references in ``solutions``) and score it.

    With ``banked`` cases (:mod:`autograder.example_bank`) they are replayed in
    order; only when one fails does hypothesis search, exactly as without a bank,
    to shrink it (the cases the replay judged are not sent to the student twice). The concept passes only when every case it was meant
    to try was tried, within ``budget_seconds`` of the student's calls, and passed.
    An exception the student's code raised on the example shown is added to
    ``errors`` (reports show each once, with its place).
    """
    reference = _Reference(spec.qualname, solutions)
    planned = len(banked) if banked is not None else len(concept.examples) + max_examples
    student.budget_seconds = budget_seconds
    attempts = _Attempts(concept, student, reference, shrink_calls)
    result = ConceptResult(task=spec.function, concept=concept.name, score=0.0,
                           max_score=concept.points, status=Status.PASSED,
                           title_ko=concept.title_ko)
    grader_error = ""
    try:
        if banked is None:
            attempts.search(max_examples)
        elif attempts.replay(banked):
            attempts.shrink((spec.qualname, concept.name, max_examples, shrink_calls,
                             attempts.seen), max_examples)
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
        result.say(_abort_text(abort))
        if isinstance(abort.case, Case):
            result.counterexample = _counterexample(spec, abort.case, None, None)
    result.examples_run = attempts.seen
    result.output = student.log.text
    if result.status == Status.PASSED:
        result.score = concept.points
    elif result.status == Status.FAILED:
        error = _explain_failure(spec, concept, result, attempts.failures, reference)
        if error is not None and errors is not None:
            errors.append(error)
    elif result.status == Status.TOO_SLOW:
        result.say(message("too slow", tried=max(attempts.seen - 1, 0), total=planned,
                           seconds=budget_seconds))
    elif result.status == Status.ERROR:
        error = message("grader error")
        result.say(Text(error.ko, f"{error.en} ({grader_error[:300]})"))
    return result


def _abort_text(abort: SandboxAbort) -> Text:
    """A timeout, crash or memory kill in both languages, with where the code was stopped."""
    text = abort_text(abort.status)
    where = location_text(abort.location)
    if where is not None:
        text = Text(f"{text.ko} ({where.ko})", f"{text.en} (at {where.en})")
    return Text(text.ko, f"{text.en}: {abort.message}" if abort.message else text.en)


def _kept_failure(mismatch: Mismatch, case: Case) -> Mismatch:
    """A copy of ``mismatch`` that keeps only what feedback needs of large values (its
    difference, computed on the whole values, is kept as it is)."""
    return Mismatch(mismatch.text, expected=kept(mismatch.expected),
                    received=kept(mismatch.received), case=case, hint=mismatch.hint,
                    call=mismatch.call, difference=mismatch.difference)


def _explain_failure(spec: FunctionSpec, concept: Concept, result: ConceptResult,
                     failures: list[tuple[Case, Mismatch]], reference) -> Optional[CodeError]:
    """Hint, smallest example and likely mistake for a failed concept.

    ``failures`` runs from the first failure found to the smallest one. The hint
    is one that fits the failure shown (:func:`autograder.failure.explain`).
    Returns the error in the student's code when the function raised.
    """
    case, mismatch = failures[-1]
    failure = Failure.from_mismatch(mismatch, case)
    result.say(explain(spec, concept, failure, mismatch.hint)[0])
    result.counterexample = _counterexample(spec, failure.call, failure.expected,
                                            failure.received, failure.difference.text, case)
    matched = diagnose(spec, case, mismatch.received, reference)
    if len(matched) > 1:
        # A tiny shrunk example can fit two mistakes; the first (larger) failure
        # usually tells them apart. If it cannot, name every candidate.
        first_case, first = failures[0]
        matched = first_refined(matched, diagnose(spec, first_case, first.received, reference))
    result.diagnoses = [d.name for d in matched]
    text = diagnosis_text(matched)
    result.diagnosis_ko, result.diagnosis_en = text.ko, text.en
    return from_raised(failure.received) if isinstance(failure.received, Raised) else None


def shown(value) -> str:
    """A compared value as feedback text ("" for an exception: the difference names it and its
    place, and reports show its line once)."""
    if isinstance(value, Raised):
        return ""
    if isinstance(value, ShouldRaise):
        return str(value)
    return render(value)


def _counterexample(spec: FunctionSpec, case: Case, expected, received,
                    detail: Optional[Text] = None, drawn: Optional[Case] = None) -> Counterexample:
    """The call ``case`` as shown: its arguments rendered, and the values compared.

    ``drawn`` (default ``case``) is the case the search drew, kept as data to replay.
    """
    names = case.arg_names or spec.arg_names
    case = Case(case.args, case.kwargs, names)
    arguments = {}
    call_parts = []
    for name, value in case.named().items():
        text = render(value, kernel=name in KERNEL_ARGS)
        positional = name in names[: len(case.args)]
        if "\n" in text or len(text) > 40:
            arguments[name] = text
            call_parts.append(name if positional else f"{name}={name}")
        else:
            call_parts.append(text if positional else f"{name}={text}")
    try:
        data = case_to_data(drawn or case)
    except Exception:  # a case the codec cannot store is shown, not kept
        data = None
    return Counterexample(call=f"{spec.function}({', '.join(call_parts)})", arguments=arguments,
                          expected="" if expected is None else shown(expected),
                          received="" if received is None else shown(received),
                          detail=detail.en if detail else "", detail_ko=detail.ko if detail else "",
                          input=data)


def _all_concepts(spec: FunctionSpec, status: Status, text: Text) -> list[ConceptResult]:
    """Every concept of ``spec`` with zero points, one status and one message."""
    return [ConceptResult(spec.function, c.name, 0.0, c.points, status,
                          title_ko=c.title_ko).say(text) for c in spec.concepts]


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
        result.concepts = _all_concepts(spec, status, _absent_text(spec, present))
        error = from_import(present)
        if error is not None:
            result.errors.append(error)
        return result
    student = StudentFunction(sandbox, spec.module, spec.function)
    aborts = 0
    spent = 0.0   # seconds of the student's calls so far, over all concepts
    for concept in spec.concepts:
        if aborts >= budget.aborts_per_function or spent > budget.function_seconds:
            why = message("skipped after aborts" if aborts else "skipped over budget")
            result.concepts.append(ConceptResult(spec.function, concept.name, 0.0, concept.points,
                                                 Status.SKIPPED, title_ko=concept.title_ko).say(why))
            continue
        try:
            concept_result = run_concept(
                spec, concept, student,
                budget_seconds=min(budget.concept_seconds, budget.function_seconds - spent),
                shrink_calls=budget.shrink_calls,
                max_examples=concept.max_examples or settings.examples_per_concept,
                solutions=solutions, banked=None if bank is None else bank[concept.name],
                errors=result.errors)
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


def _absent_text(spec: FunctionSpec, present) -> Text:
    """Why a function cannot be graded: its module does not import, or it is not there."""
    if present.status == "import_error":
        return import_failure_text(present, spec.module)
    if present.message.startswith("the submission has no "):
        return message("module missing", file=f"{spec.module}.py")
    return message("no function", module=spec.module, function=spec.function)


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
