"""The check: every promise of a docstring against the concept of the spec that grades it."""
from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field
from typing import Optional

from ..reference import reference_function
from ..spec import FunctionSpec
from .breaks import check_for
from .docstrings import FORMS, parse_graded, requirements, sections, stub_docstrings
from .stand_in import StandIn, run_with


@dataclass
class Finding:
    """One promise line (or an uncovered promise) of one function, and what is wrong with it."""
    function: str
    promise: str
    concept: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def graded(self) -> bool:
        return not self.problems


def check_function(spec: FunctionSpec, doc: str) -> list[Finding]:
    """Each promise of ``doc`` (a stub's docstring) with the concept of ``spec`` that grades it."""
    signature = inspect.signature(reference_function(spec.qualname))
    parts = sections(doc)
    if "Graded" not in parts:
        return [Finding(spec.qualname, "(no Graded section)", "",
                        ["the docstring has no Graded section"])]
    promises = parse_graded(parts["Graded"])
    findings = [Finding(spec.qualname, f"{r.kind} {r.arg or '(any)'}"
                        + (f": {r.value}" if r.value else "") + f"  [{r.why}]", "",
                        ["promised, but no Graded line covers it"])
                for r in requirements(doc, signature)
                if not any(r.met_by(p) for p in promises)]
    concepts = {c.name for c in spec.concepts}
    recorded: dict[str, tuple] = {}
    reference = StandIn(spec.qualname).reference_on
    for promise in promises:
        finding = Finding(spec.qualname, promise.text, promise.concept)
        findings.append(finding)
        if promise.concept not in concepts:
            finding.problems.append(f"{spec.function} has no concept {promise.concept!r}")
            continue
        unknown = [a for a in promise.args if a not in signature.parameters]
        if unknown:
            finding.problems.append(f"not parameters of {spec.function}: {', '.join(unknown)}")
            continue
        if promise.kind in ("form", "dtype", "ndim", "edge") and not promise.values:
            finding.problems.append("no values after the colon")
            continue
        if promise.kind == "form" and set(promise.values) - set(FORMS):
            finding.problems.append(f"forms are {', '.join(FORMS)}")
            continue
        if promise.concept not in recorded:
            recorded[promise.concept] = run_with(spec, promise.concept)
        result, calls = recorded[promise.concept]
        if not result.passed:
            finding.problems.append(f"the reference itself does not pass {promise.concept!r}")
            continue
        for arg, value in promise.items():
            check = check_for(promise.kind, arg, value, signature)
            if not any(check.shows(call, reference) for call in calls):
                finding.problems.append(f"{promise.concept!r} never calls with {check.describe}")
                continue
            broken, _ = run_with(spec, promise.concept, check.breaks)
            if broken.passed:
                finding.problems.append(f"an implementation that {check.broken} still passes "
                                        f"{promise.concept!r}")
    return findings


def check_all(functions: Optional[list[str]] = None) -> list[Finding]:
    """:func:`check_function` for every spec (or the named ``"module.function"`` ones)."""
    from ..specs import all_specs

    findings = []
    docs: dict[str, dict[str, str]] = {}
    for qualname, spec in all_specs().items():
        if functions and qualname not in functions:
            continue
        if spec.module not in docs:
            docs[spec.module] = stub_docstrings(spec.module)
        findings += check_function(spec, docs[spec.module].get(spec.function, ""))
    return findings


def table(findings: list[Finding]) -> str:
    """The promises as text: function, promise, concept, and any problem."""
    lines, current = [], None
    for f in findings:
        if f.function != current:
            current = f.function
            lines.append(current)
        mark = "ok " if f.graded else "NO "
        lines.append(f"  {mark} {f.promise}" + (f"  ({f.concept})" if f.concept and
                                                  f.concept not in f.promise else ""))
        lines += [f"        {p}" for p in f.problems]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    findings = check_all(argv or sys.argv[1:] or None)
    print(table(findings))
    bad = sum(not f.graded for f in findings)
    print(f"\n{len(findings) - bad} of {len(findings)} promises graded")
    return 1 if bad else 0

