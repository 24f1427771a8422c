"""Every promise a stub makes, and the concept that grades it.

Students read a stub's docstring as the contract, so whatever it promises must
be graded. Each reference docstring (and so the stub generated from it) holds a
``Graded`` section: one line per promise, in a small fixed vocabulary, naming
the concept of the function's spec that grades it::

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form stride: int, pair -> "stride"
    - form stride, padding: default -> "one channel"
    - ndim x: 3 -> "leading axes"
    - edge x: 0 -> "at zero"
    - ties x -> "ties: first max"
    - raises x, w, stride -> "errors"

The kinds (:data:`KINDS`):

``dtype A: D, ...``
    Argument ``A`` of dtype ``D`` gives the documented result dtype.
``form A, ...: F, ...``
    ``A`` accepts each form ``F``: ``int``, ``pair`` (an ``(h, w)`` tuple),
    ``"same"``, ``"valid"``, or ``default`` (the argument left out).
``ndim A: n, ...``
    ``A`` may have ``n`` axes (leading axes, "any shape").
``edge A: v``
    An edge value: elements (or a scalar ``A``) equal to ``v``, or ``empty``
    (a batch of zero samples).
``ties A``
    Which of equal values in ``A`` wins is part of the result.
``raises A, ...``
    Bad arguments raise ``ValueError`` naming ``A`` (as the reference's message
    does), and valid calls do not raise.

:func:`check_function` holds every line to account twice, with the reference
standing in for a student in this process: the concept must make a call that
shows the promise (a float32 ``A``, a pair stride, a 3-D ``x``, a rejected
call naming ``A`` next to an accepted one), and an implementation that breaks
exactly that promise (the reference with its result's dtype changed, pairs
refused, the default replaced, ties broken the other way, errors swallowed, or
every call refused) must fail the concept. The rest of the docstring may not
promise more than its ``Graded`` section: a few explicit phrases
(:data:`PARAMETER_TRIGGERS`, a ``Raises`` section, "dtype" or "integer" in
``Returns``, "ties", ````A == v````) each require a line of their kind.

``python -m autograder.promises`` prints every promise with its concept.
"""
from __future__ import annotations

import inspect
import numbers
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np

from .reference import REPO_ROOT, materialize, reference_function
from .sandbox import CallResult
from .spec import FunctionSpec
from .student import BadOutput, BudgetExhausted, CallLog, StudentRaised

STUBS = REPO_ROOT / "assignments" / "modules"
KINDS = ("dtype", "form", "ndim", "edge", "ties", "raises")
FORMS = ("int", "pair", "default", '"same"', '"valid"')
# A dtype an implementation that breaks a dtype promise returns instead.
WRONG_DTYPE = {"f": {4: np.float64, 8: np.float32, 2: np.float64}, "i": np.float32,
               "u": np.float32, "b": np.int64}
# Shrinking stops this many calls after the first failure: a check needs the
# failure, not the smallest example.
SHRINK_CALLS = 3
CONCEPT_SECONDS = 60.0

_LINE = re.compile(r'^-\s+(?P<kind>\w+)\s+(?P<body>.*?)\s*->\s*"(?P<concept>[^"]+)"\s*$')
_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]*)\n-{3,}$", re.MULTILINE)
_PARAMETER = re.compile(r"^(?P<names>\w+(?:\s*,\s*\w+)*)\s*:\s*(?P<type>.*)$")
_EDGE = re.compile(r"``(?P<arg>\w+) == (?P<value>[\w.+-]+)``")


# ---------------------------------------------------------------- reading docstrings

@dataclass(frozen=True)
class Promise:
    """One line of a ``Graded`` section."""
    kind: str
    args: tuple[str, ...]
    values: tuple[str, ...]
    concept: str
    text: str

    def items(self) -> list[tuple[str, Optional[str]]]:
        """The ``(argument, value)`` pairs this line promises, one check each."""
        if self.kind == "raises":
            return [(arg, None) for arg in self.args] + [("", "valid calls")]
        if self.kind == "ties":
            return [(arg, None) for arg in self.args]
        return [(arg, value) for arg in self.args for value in self.values]


@dataclass(frozen=True)
class Requirement:
    """What the rest of a docstring promises: a line of ``kind`` must cover it."""
    kind: str
    arg: Optional[str]       # None: any argument
    value: Optional[str]     # None: any value; "float" / "integer": a dtype of that kind
    why: str

    def met_by(self, promise: Promise) -> bool:
        if promise.kind != self.kind or (self.arg is not None and self.arg not in promise.args):
            return False
        if self.value is None:
            return True
        if self.value in ("float", "integer"):
            kinds = "f" if self.value == "float" else "iu"
            return any(np.dtype(v).kind in kinds for v in promise.values)
        return self.value in promise.values


def sections(doc: str) -> dict[str, str]:
    """The numpydoc sections of a cleaned docstring by title (``""`` for the summary)."""
    out, last, title = {}, 0, ""
    for match in _SECTION.finditer(doc):
        out[title] = doc[last:match.start()].strip("\n")
        title, last = match.group("title").strip(), match.end()
    out[title] = doc[last:].strip("\n")
    return out


def parse_graded(text: str) -> list[Promise]:
    """The promise lines of a ``Graded`` section; other lines are prose for the reader."""
    promises = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("- "):
            continue
        match = _LINE.match(line)
        if not match or match.group("kind") not in KINDS:
            raise ValueError(f"not a promise line (kinds: {', '.join(KINDS)}): {line!r}")
        body = match.group("body")
        args, _, values = body.partition(":")
        promises.append(Promise(match.group("kind"), _split(args), _split(values),
                                match.group("concept"), line[2:]))
    return promises


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parameters(text: str) -> dict[str, tuple[str, str]]:
    """``{name: (type line, description)}`` of a Parameters section."""
    out: dict[str, tuple[str, str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        match = _PARAMETER.match(line) if line and not line[0].isspace() else None
        if match:
            current = [n.strip() for n in match.group("names").split(",")]
            for name in current:
                out[name] = (match.group("type"), "")
        elif current and line.strip():
            for name in current:
                out[name] = (out[name][0], out[name][1] + " " + line.strip())
    return out


# What a phrase of a parameter's entry promises (type line, or type line and description).
PARAMETER_TRIGGERS: tuple[tuple[str, re.Pattern, str, tuple[str, ...]], ...] = (
    ("type", re.compile(r"int or \(int, int\)"), "form", ("int", "pair")),
    ("type", re.compile(r'"same"'), "form", ('"same"',)),
    ("type", re.compile(r"\bdefault\b"), "form", ("default",)),
    ("entry", re.compile(r"any shape|leading axes|\.\.\."), "ndim", ()),
)


def requirements(doc: str, signature: inspect.Signature) -> list[Requirement]:
    """What the docstring outside its ``Graded`` section promises, by explicit phrases."""
    parts = sections(doc)
    names = list(signature.parameters)
    needed: list[Requirement] = []
    for name, (type_line, description) in parameters(parts.get("Parameters", "")).items():
        for where, pattern, kind, values in PARAMETER_TRIGGERS:
            text = type_line if where == "type" else f"{type_line} {description}"
            if pattern.search(text):
                why = f"parameter {name}: {pattern.pattern!r}"
                needed += [Requirement(kind, name, v, why) for v in values] or \
                    [Requirement(kind, name, None, why)]
    returns = parts.get("Returns", "")
    if re.search(r"\bdtype\b", returns):
        needed.append(Requirement("dtype", None, "float", "Returns mentions the dtype"))
    if re.search(r"\binteger", returns):
        needed.append(Requirement("dtype", None, "integer", "Returns mentions integer inputs"))
    if "Raises" in parts:
        named = [n for n in names if re.search(rf"(?<![\w.]){n}(?!\w)", parts["Raises"])]
        needed += [Requirement("raises", n, None, "named in Raises") for n in named] or \
            [Requirement("raises", None, None, "a Raises section")]
    prose = "\n".join(text for title, text in parts.items() if title not in ("Graded", "Examples"))
    if re.search(r"\bties\b", prose):
        needed.append(Requirement("ties", None, None, "mentions ties"))
    for match in _EDGE.finditer(prose):
        if match.group("arg") in names:
            needed.append(Requirement("edge", match.group("arg"), match.group("value"),
                                      f"``{match.group(0)}``"))
    return needed


# ---------------------------------------------------------------- the reference as a student

@dataclass
class Call:
    """One call a concept made: the arguments as the grader passed them, bound to their names."""
    args: tuple
    kwargs: dict
    bound: dict
    error: str = ""        # "ValueError: message" when the reference raised

    def named(self, arg: str, default: Any = inspect.Parameter.empty) -> Any:
        return self.bound.get(arg, default)


# behaviour(call, reference_on) -> value: ``reference_on(args, kwargs)`` calls the reference.
Behaviour = Callable[[Call, Callable[[tuple, dict], Any]], Any]


class StandIn:
    """The reference, unchanged or broken on purpose, called as the engine calls a student.

    Runs in this process (the reference is trusted). Every call is recorded with
    the reference's own outcome, so a check can ask what a concept really tried.
    """

    def __init__(self, qualname: str, behaviour: Optional[Behaviour] = None):
        self.function = reference_function(qualname)
        self.signature = inspect.signature(self.function)
        self.behaviour = behaviour
        self.calls: list[Call] = []
        self.log = CallLog()
        self.deadline = float("inf")
        self.budget_seconds = float("inf")
        self.max_calls = float("inf")
        self.current_case = None
        self.spent = 0.0

    def reference_on(self, args: tuple, kwargs: dict) -> Any:
        return self.function(*materialize(args), **materialize(kwargs))

    def raw(self, *args, return_args: bool = False, **kwargs) -> CallResult:
        if (self.log.seconds > self.budget_seconds or self.log.calls >= self.max_calls
                or time.monotonic() > self.deadline):
            raise BudgetExhausted()
        self.log.calls += 1
        try:
            bound = dict(self.signature.bind(*args, **kwargs).arguments)
        except TypeError:
            bound = {}
        call = Call(args, kwargs, bound)
        self.calls.append(call)
        live = materialize(args)
        try:
            if self.behaviour is None:
                value = self.function(*live, **materialize(kwargs))
            else:
                value = self.behaviour(call, self.reference_on)
        except Exception as exc:  # the stand-in raised: what a student's exception looks like
            call.error = f"{type(exc).__name__}: {exc}"
            return CallResult("raised", error_type=type(exc).__name__,
                              is_value_error=isinstance(exc, ValueError), message=str(exc))
        return CallResult("ok", value=value, args_after=tuple(live) if return_args else None)

    def __call__(self, *args, **kwargs) -> Any:
        result = self.raw(*args, **kwargs)
        if result.status == "raised":
            raise StudentRaised(result)
        if result.status == "bad_output":
            raise BadOutput(result.message)
        return result.value


def run_with(spec: FunctionSpec, concept_name: str, behaviour: Optional[Behaviour] = None):
    """Grade one concept with the stand-in, as the engine grades a student (the
    examples a live search tries, which the example bank replays); returns
    ``(ConceptResult, calls)``."""
    from .engine import run_concept

    concept = next(c for c in spec.concepts if c.name == concept_name)
    stand_in = StandIn(spec.qualname, behaviour)
    stand_in.deadline = time.monotonic() + CONCEPT_SECONDS
    result = run_concept(spec, concept, stand_in, budget_seconds=CONCEPT_SECONDS,
                         shrink_calls=SHRINK_CALLS,
                         max_examples=concept.max_examples or _examples_per_concept())
    return result, stand_in.calls


@lru_cache(maxsize=None)
def _examples_per_concept() -> int:
    from .settings import load_settings

    return load_settings().examples_per_concept


# ---------------------------------------------------------------- what shows a promise, what breaks it

def names(error: str, arg: str) -> bool:
    """Whether a ``ValueError`` message names ``arg`` (outside parenthesised shapes like ``(h, w)``)."""
    if not error.startswith("ValueError: "):
        return False
    text = re.sub(r"\([^()]*\)", "", error[len("ValueError: "):])
    return re.search(rf"(?<![\w.]){re.escape(arg)}(?!\w)", text) is not None


def has_form(call: Call, arg: str, form: str) -> bool:
    """Whether ``arg`` has ``form`` in ``call`` (``default``: left out)."""
    if form == "default":
        return arg not in call.bound
    if arg not in call.bound:
        return False
    value = call.bound[arg]
    if form == "int":
        return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))
    if form == "pair":
        return isinstance(value, (tuple, list)) and len(value) == 2
    return isinstance(value, str) and f'"{value}"' == form


def another_default(default: Any) -> Any:
    """A value a careless implementation might take instead of ``default``."""
    if default is None:
        return 1          # stride=None means the window size, not 1
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 1
    if default == "valid":
        return "same"
    return None


def _recast(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        wrong = WRONG_DTYPE.get(value.dtype.kind)
        wrong = wrong.get(value.dtype.itemsize) if isinstance(wrong, dict) else wrong
        return value.astype(wrong) if wrong is not None else value
    if isinstance(value, (tuple, list)):
        return type(value)(_recast(v) for v in value)
    return value


def _nudge(value: Any, where: Optional[np.ndarray]) -> Any:
    """``value`` changed at ``where`` (a mask of an argument's shape), or everywhere (None)."""
    if isinstance(value, np.ndarray):
        if where is not None and value.shape != where.shape:
            return value
        out = value.copy()
        mask = np.ones(value.shape, bool) if where is None else where
        if out.dtype == np.bool_:
            out[mask] = ~out[mask]
        else:
            out[mask] += 1
        return out
    if isinstance(value, (tuple, list)):
        return type(value)(_nudge(v, where) for v in value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and where is None:
        return value + 1
    return value


def _edge_mask(call: Call, arg: str, value: str) -> Optional[np.ndarray]:
    """Where ``arg`` holds the edge value: a mask, ``None`` for a scalar argument, or False."""
    x = call.named(arg, None)
    target = float(value)
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf" and x.size:
        mask = x == target
        return mask if mask.any() else False
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and x == target:
        return None
    return False


def _last_wins(x: np.ndarray) -> Optional[np.ndarray]:
    """``x`` with equal values made to rise in row-major order (so the last of a tie is largest)."""
    if not isinstance(x, np.ndarray) or x.dtype.kind not in "iuf" or x.size < 2:
        return None
    distinct = np.unique(x[np.isfinite(x)]) if x.dtype.kind == "f" else np.unique(x)
    gap = float(np.min(np.diff(distinct))) if distinct.size > 1 else 1.0
    ramp = np.arange(x.size, dtype=np.float64).reshape(x.shape) * (0.5 * gap / x.size)
    return x.astype(np.float64) + ramp


def _replace(call: Call, signature: inspect.Signature, arg: str, value: Any) -> tuple[tuple, dict]:
    bound = signature.bind(*call.args, **call.kwargs)
    bound.arguments[arg] = value
    return bound.args, bound.kwargs


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and bool(np.allclose(a, b, equal_nan=True))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


Reference = Callable[[tuple, dict], Any]


@dataclass(frozen=True)
class Check:
    """How one promise item shows in a concept's calls, and an implementation that breaks it."""
    describe: str                                 # "x as float32"
    shows: Callable[[Call, Reference], bool]
    breaks: Behaviour
    broken: str                                   # what the broken implementation does


def check_for(kind: str, arg: str, value: Optional[str], signature: inspect.Signature) -> Check:
    """The :class:`Check` of one ``(argument, value)`` item of a promise line."""
    def plain(call, ref):
        return ref(call.args, call.kwargs)

    def refusing(shows, why):
        def breaks(call, ref):
            if shows(call, ref):
                raise TypeError(why)
            return plain(call, ref)
        return breaks

    if kind == "dtype":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.dtype == np.dtype(value) and not call.error

        def breaks(call, ref):
            return _recast(plain(call, ref)) if shows(call, ref) else plain(call, ref)
        return Check(f"{arg} as {value}", shows, breaks, f"returns another dtype for {value} {arg}")

    if kind == "form":
        default = signature.parameters[arg].default
        if value == "default":
            def breaks(call, ref):
                if arg in call.bound:
                    return plain(call, ref)
                return ref(*_replace(call, signature, arg, another_default(default)))
            return Check(f"{arg} left out", lambda call, ref: has_form(call, arg, value),
                         breaks, f"uses {another_default(default)!r} when {arg} is left out")

        def shows(call, ref):
            return has_form(call, arg, value) and not call.error
        return Check(f"{arg} as {value}", shows,
                     refusing(shows, f"{arg} given as {value} is not supported"),
                     f"refuses {arg} as {value}")

    if kind == "ndim":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.ndim == int(value) and not call.error
        return Check(f"{arg} with {value} axes", shows,
                     refusing(shows, f"{arg} with {value} axes is not supported"),
                     f"refuses {value}-axis {arg}")

    if kind == "edge" and value == "empty":
        def shows(call, ref):
            x = call.named(arg, None)
            return isinstance(x, np.ndarray) and x.ndim > 0 and x.shape[0] == 0 \
                and not call.error
        return Check(f"an empty {arg}", shows, refusing(shows, f"empty {arg} is not supported"),
                     f"refuses an empty {arg}")

    if kind == "edge":
        def shows(call, ref):
            return _edge_mask(call, arg, value) is not False and not call.error

        def breaks(call, ref):
            mask = _edge_mask(call, arg, value)
            return plain(call, ref) if mask is False else _nudge(plain(call, ref), mask)
        return Check(f"{arg} == {value}", shows, breaks,
                     f"answers differently where {arg} == {value}")

    if kind == "ties":
        def last_wins(call, ref):
            lifted = _last_wins(call.named(arg, None))
            return None if lifted is None else ref(*_replace(call, signature, arg, lifted))

        def shows(call, ref):
            if call.error:
                return False
            other = last_wins(call, ref)
            return other is not None and not _equal(other, plain(call, ref))

        def breaks(call, ref):
            other = None if call.error else last_wins(call, ref)
            return plain(call, ref) if other is None else other
        return Check(f"ties in {arg} that change the result", shows, breaks,
                     f"lets the last of equal values in {arg} win")

    if kind == "raises" and arg:
        def breaks(call, ref):
            try:
                return plain(call, ref)
            except ValueError as exc:
                if names(f"ValueError: {exc}", arg):
                    return None
                raise
        return Check(f"a bad {arg} (ValueError naming {arg})",
                     lambda call, ref: names(call.error, arg), breaks,
                     f"returns None instead of raising for a bad {arg}")

    if kind == "raises":
        def refuse_all(call, ref):
            raise ValueError("every call refused")
        return Check("a valid call", lambda call, ref: not call.error, refuse_all,
                     "raises ValueError on every call")
    raise ValueError(f"unknown promise kind {kind!r}")


# ---------------------------------------------------------------- the check

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


def stub_docstrings(module: str, folder: Path = STUBS) -> dict[str, str]:
    """The cleaned docstrings of a stub module's public functions."""
    import ast

    tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name: inspect.cleandoc(ast.get_docstring(node, clean=False) or "")
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


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
    from .specs import all_specs

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


if __name__ == "__main__":
    sys.exit(main())
