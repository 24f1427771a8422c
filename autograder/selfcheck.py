"""The student's self-check: stored examples and reference-free properties.

Runs the student's functions in the sandbox (so an endless loop cannot hang the
notebook) on fixed inputs whose answers are stored as data, plus properties that
need no answer at all (conv2d is linear; its shape agrees with
``conv_output_shape``; max pooling >= average pooling; a global pool equals a
pool over the whole image). It never needs the reference solutions, yet it
explains a failure as the grader does: the hint that fits the difference shown
(:mod:`autograder.failure`), the likely mistakes from the stored outputs of
each known mistake (:mod:`autograder.diagnosis`), and an error in the code once,
with its place.

In a notebook::

    from autograder.selfcheck import self_check
    self_check(".", assignment="cnn331_convolution")   # prints a report, raises if something fails
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np

from .code_errors import from_import, from_raised, import_failure_text
from .compare import assert_matches
from .diagnosis import diagnose_stored, diagnosis_text
from .failure import Failure, explain
from .grading_results import CodeError
from .judges import compare_with_reference
from .manifest import specs_for
from .rendering import render
from .sandbox import Sandbox
from .spec import Case, FunctionSpec, Mismatch, Raised, ShouldRaise
from .stored_cases import StoredCase, StoredReference, load
from .student import (BudgetExhausted, NotImplementedAbort, SandboxAbort, StudentFunction,
                      StudentRaised)
from .vocabulary import Status, Text, abort_text, both, label, message, status_label

KERNEL_ARGS = ("w", "kernel")


@dataclass
class CheckLine:
    """One line of the report: a concept or a property, passed or not."""
    function: str
    name: str                 # the concept's English name (its key), or "property: ..."
    passed: bool
    message_ko: str = ""
    message_en: str = ""
    example: str = ""
    title_ko: str = ""
    diagnosis_ko: str = ""
    diagnosis_en: str = ""
    diagnoses: list[str] = field(default_factory=list)   # names of the mistakes recognised

    @property
    def title(self) -> Text:
        return Text(self.title_ko or self.name, self.name)


@dataclass
class SelfCheckReport:
    lines: list[CheckLine] = field(default_factory=list)
    errors: list[CodeError] = field(default_factory=list)   # each error in the code, once

    @property
    def passed(self) -> bool:
        return all(line.passed for line in self.lines)

    def add_error(self, error: Optional[CodeError]) -> None:
        if error is not None and error.key not in {e.key for e in self.errors}:
            self.errors.append(error)

    def text(self, language: str = "ko") -> str:
        if not self.lines:
            nothing = label("nothing to check")
            return nothing.en if language == "en" else both(nothing)
        out = []
        if self.errors:
            heading = label("code errors")
            out.append(f"\n{heading.en if language == 'en' else both(heading)}:")
            for error in self.errors:
                out.append("    " + error.excerpt().replace("\n", "\n    "))
        current = None
        for line in self.lines:
            if line.function != current:
                current = line.function
                out.append(f"\n[{current}]")
            mark = "✓" if line.passed else "✗"
            out.append(f"  {mark} {line.title.en if language == 'en' else both(line.title)}")
            if line.passed:
                continue
            first, second = ((line.message_en, "") if language == "en"
                             else (line.message_ko, line.message_en))
            if first:
                out.append(f"      → {first}")
            if second and second != first:
                out.append(f"        ({second})")
            if line.diagnosis_en:
                mistake = label("likely mistake")
                if language == "en":
                    out.append(f"      {mistake.en}: {line.diagnosis_en}")
                else:
                    out.append(f"      {both(mistake)}: {line.diagnosis_ko}")
                    out.append(f"        ({line.diagnosis_en})")
            if line.example:
                out.append("      " + line.example.replace("\n", "\n      "))
        passed = sum(line.passed for line in self.lines)
        check, word = label("self-check"), status_label(Status.PASSED)
        summary = (f"\n{check.en}: {passed} / {len(self.lines)} {word.en}" if language == "en"
                   else f"\n{both(check)}: {passed} / {len(self.lines)} {both(word)}")
        return "\n".join(out) + summary

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:  # one line, so a notebook cell ending in self_check() stays tidy
        passed = sum(line.passed for line in self.lines)
        return f"<SelfCheckReport: {passed}/{len(self.lines)} passed>"


def _example_text(spec: FunctionSpec, failure: Failure, message: Text) -> str:
    """The failing call, its difference (unless the message says it), the values compared."""
    names = failure.call.arg_names or spec.arg_names
    call = Case(failure.call.args, failure.call.kwargs, names)
    parts, shown = [], []
    for name, value in call.named().items():
        text = render(value, 600, kernel=name in KERNEL_ARGS)
        if "\n" in text or len(text) > 40:
            shown.append(f"{name} = {text}")
            parts.append(name if name in names[: len(call.args)] else f"{name}={name}")
        else:
            parts.append(text if name in names[: len(call.args)] else f"{name}={text}")
    lines = []
    if failure.difference.text != message:
        lines += [f"{both(label('what differs'))}: {failure.difference.text.ko}",
                  f"  ({failure.difference.text.en})"]
    lines += [f"{both(label('input'))}: {spec.function}({', '.join(parts)})", *shown]
    for key, value in (("expected", failure.expected), ("received", failure.received)):
        if value is None or isinstance(value, Raised):   # an exception: the message names it
            continue
        text = str(value) if isinstance(value, (Raised, ShouldRaise)) else render(value, 600)
        lines.append(f"{both(label(key))}:" + ("\n" if "\n" in text else " ") + text)
    return "\n".join(lines)


def _self_check_concept(spec: FunctionSpec, concept, stored: list[StoredCase],
                        student: StudentFunction, report: SelfCheckReport) -> CheckLine:
    judge = concept.judge or compare_with_reference
    line = CheckLine(spec.function, concept.name, True, title_ko=concept.title_ko)
    for item in stored:
        student.current_case = item.case
        try:
            judge(item.case, student, StoredReference(item))
        except Mismatch as exc:
            failure = Failure.from_mismatch(exc, item.case)
            text = explain(spec, concept, failure, exc.hint)[0]
            matched = diagnose_stored(spec, item, exc.received)
            if isinstance(exc.received, Raised):
                report.add_error(from_raised(exc.received))
            line.passed = False
            line.message_ko, line.message_en = text.ko, text.en
            line.example = _example_text(spec, failure, text)
            line.diagnoses = [d.name for d in matched]
            text = diagnosis_text(matched)
            line.diagnosis_ko, line.diagnosis_en = text.ko, text.en
            return line
        except SandboxAbort as exc:
            text = abort_text(exc.status)
            line.passed = False
            line.message_ko = text.ko
            line.message_en = f"{text.en}: {exc.message}" if exc.message else text.en
            return line
        except BudgetExhausted:
            break
    return line


def _self_check_function(spec: FunctionSpec, sandbox: Sandbox,
                         report: SelfCheckReport) -> list[CheckLine]:
    present = sandbox.has_function(spec.module, spec.function)
    if present.status != "ok":
        if present.status == "import_error":
            text = import_failure_text(present, spec.module)
            report.add_error(from_import(present))
        elif present.message.startswith("the submission has no "):
            text = message("module missing", file=f"{spec.module}.py")
        else:
            text = message("no function", module=spec.module, function=spec.function)
        return [CheckLine(spec.function, "found", False, text.ko, text.en,
                          title_ko=label("found").ko)]
    student = StudentFunction(sandbox, spec.module, spec.function)
    stored = load(spec.qualname)
    lines = []
    for concept in spec.concepts:
        if not concept.offline:
            continue  # graded only with the references (e.g. numerical gradients)
        try:
            lines.append(_self_check_concept(spec, concept, stored.get(concept.name, []), student,
                                             report))
        except NotImplementedAbort:
            text = message("not implemented", function=spec.function)
            return [CheckLine(spec.function, "implemented", False, text.ko, text.en,
                              title_ko=label("implemented").ko)]
    for prop in PROPERTIES.get(spec.qualname, ()):
        lines.append(prop(sandbox))
    return lines


# ---------------------------------------------------------------- properties

Property = Callable[[Sandbox], CheckLine]
PROPERTIES: dict[str, list[Property]] = {}


def _property(qualname: str, name: str, name_ko: str, ko: str, en: str):
    """Register a reference-free property; its body raises Mismatch or StudentRaised."""
    def register(body: Callable[[Callable[..., Any]], None]) -> Property:
        def run(sandbox: Sandbox) -> CheckLine:
            function = qualname.split(".")[1]
            title = f"{label('property').ko}: {name_ko}"

            def call(function: str, *args, **kwargs):
                module = "shapes" if function.endswith("_shape") else qualname.split(".")[0]
                student = StudentFunction(sandbox, module, function)
                return student(*args, **kwargs)
            try:
                body(call)
            except Mismatch as exc:
                return CheckLine(function, f"property: {name}", False, ko, en,
                                 f"{both(label('what differs'))}: {exc.text.ko}\n  ({exc.text.en})",
                                 title_ko=title)
            except (StudentRaised, SandboxAbort, NotImplementedAbort) as exc:
                return CheckLine(function, f"property: {name}", False, ko, en,
                                 f"{type(exc).__name__}: {exc}", title_ko=title)
            return CheckLine(function, f"property: {name}", True, title_ko=title)
        PROPERTIES.setdefault(qualname, []).append(run)
        return run
    return register


_rng = np.random.default_rng(20240315)
_X = _rng.integers(-5, 6, (2, 7, 6, 3)).astype(np.float64)
_X2 = _rng.integers(-5, 6, (2, 7, 6, 3)).astype(np.float64)
_W = _rng.integers(-2, 3, (3, 2, 3, 4)).astype(np.float64)
_W2 = _rng.integers(-2, 3, (3, 2, 3, 4)).astype(np.float64)


@_property("conv.conv2d", "linear in x and in w", "x와 w에 대해 선형",
           "합성곱은 선형입니다: conv(2x1 + x2, w) = 2conv(x1, w) + conv(x2, w). 편향 없이 곱과 합만 쓰세요.",
           "Convolution is linear: conv(2x1 + x2, w) = 2conv(x1, w) + conv(x2, w).")
def _conv_linear(call):
    for kwargs in ({}, {"stride": 2, "padding": "same"}):
        left = call("conv2d", 2 * _X + _X2, _W, **kwargs)
        right = 2 * call("conv2d", _X, _W, **kwargs) + call("conv2d", _X2, _W, **kwargs)
        assert_matches(right, left, f"conv2d(2*x1 + x2, w, {kwargs})")
        left = call("conv2d", _X, _W - 3 * _W2, **kwargs)
        right = call("conv2d", _X, _W, **kwargs) - 3 * call("conv2d", _X, _W2, **kwargs)
        assert_matches(right, left, f"conv2d(x, w1 - 3*w2, {kwargs})")


@_property("conv.conv2d", "shape agrees with conv_output_shape", "conv_output_shape와 같은 모양",
           "conv2d 결과의 모양이 conv_output_shape와 같아야 합니다.",
           "conv2d's output shape must equal conv_output_shape's.")
def _conv_shape(call):
    for stride, padding in ((1, "valid"), (2, "same"), ((2, 1), 1), (3, "same")):
        out = call("conv2d", _X, _W, stride=stride, padding=padding)
        shape = call("conv_output_shape", _X.shape[1:], _W.shape[3], _W.shape[:2],
                     strides=stride, padding=padding)
        if tuple(out.shape[1:]) != tuple(shape):
            raise Mismatch(f"stride={stride}, padding={padding!r}: conv2d gives {out.shape[1:]}, "
                           f"conv_output_shape gives {tuple(shape)}")


@_property("pooling.max_pool2d", "max pooling >= average pooling", "최대 풀링 >= 평균 풀링",
           "같은 창에서 최댓값은 평균보다 작을 수 없습니다.",
           "In the same window the max is never below the average.")
def _max_ge_avg(call):
    for kwargs in ({}, {"pool_size": 3, "stride": 2, "padding": "same"}):
        hi = call("max_pool2d", _X, **kwargs)
        lo = call("avg_pool2d", _X, **kwargs)
        if hi.shape != lo.shape or np.any(hi < lo - 1e-9):
            raise Mismatch(f"{kwargs}: max_pool2d < avg_pool2d somewhere (or shapes differ)")


@_property("pooling.global_avg_pool2d", "equals a pool over the whole image",
           "이미지 전체 크기의 창으로 풀링한 것과 같음",
           "전역 평균 풀링은 이미지 전체 크기의 창으로 평균 풀링한 것과 같습니다.",
           "Global average pooling equals average pooling with a window as big as the image.")
def _global_avg(call):
    whole = call("avg_pool2d", _X, pool_size=_X.shape[1:3])
    assert_matches(whole[:, 0, 0, :], call("global_avg_pool2d", _X), "global_avg_pool2d(x)")


@_property("pooling.global_max_pool2d", "equals a pool over the whole image",
           "이미지 전체 크기의 창으로 풀링한 것과 같음",
           "전역 최대 풀링은 이미지 전체 크기의 창으로 최대 풀링한 것과 같습니다.",
           "Global max pooling equals max pooling with a window as big as the image.")
def _global_max(call):
    whole = call("max_pool2d", _X, pool_size=_X.shape[1:3])
    assert_matches(whole[:, 0, 0, :], call("global_max_pool2d", _X), "global_max_pool2d(x)")


@_property("shapes.flatten", "keeps every element in row-major order", "모든 원소를 행 우선 순서로 유지",
           "flatten은 모든 원소를 행 우선 순서로 그대로 유지합니다.",
           "flatten keeps every element, in row-major order.")
def _flatten_order(call):
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float64).reshape(2, 3, 4, 5)
    assert_matches(np.arange(x.size, dtype=np.float64).reshape(2, 60), call("flatten", x),
                   "flatten(arange(120).reshape(2, 3, 4, 5))")


# ---------------------------------------------------------------- entry points

def run_self_check(path: Path, assignment: Optional[str] = None,
                   functions: Optional[list[str]] = None,
                   isolation: Optional[str] = None) -> SelfCheckReport:
    """Self-check the modules in ``path`` for an assignment (or the given functions)."""
    report = SelfCheckReport()
    with Sandbox(Path(path), isolation=isolation) as sandbox:
        for spec in specs_for(assignment, functions):
            report.lines.extend(_self_check_function(spec, sandbox, report))
    return report


def self_check(path: str | Path = ".", assignment: Optional[str] = None,
               functions: Optional[list[str]] = None, language: str = "ko") -> SelfCheckReport:
    """Print the self-check report; raise ``AssertionError`` if anything fails (for notebooks)."""
    report = run_self_check(Path(path), assignment, functions)
    print(report.text(language))
    if not report.passed:
        failed = [f"{line.function}: {both(line.title)}" for line in report.lines if not line.passed]
        raise AssertionError(f"{both(label('self-check failed'))}: " + ", ".join(failed))
    return report
