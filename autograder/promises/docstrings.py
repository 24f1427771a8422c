"""Reading a docstring's promises: its ``Graded`` lines, and what its other sections promise.

A ``Graded`` line is ``- <kind> <arguments>[: <values>] -> "<concept>"``; the
other sections promise by a few explicit phrases (:data:`PARAMETER_TRIGGERS`,
a ``Raises`` section, "dtype" or "integer" in ``Returns``, "ties",
````A == v````), each of which requires a line of its kind.
"""
from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from ..reference import REPO_ROOT

STUBS = REPO_ROOT / "assignments" / "modules"
KINDS = ("dtype", "form", "ndim", "edge", "ties", "raises")
FORMS = ("int", "pair", "default", '"same"', '"valid"')

_LINE = re.compile(r'^-\s+(?P<kind>\w+)\s+(?P<body>.*?)\s*->\s*"(?P<concept>[^"]+)"\s*$')
_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]*)\n-{3,}$", re.MULTILINE)
_PARAMETER = re.compile(r"^(?P<names>\w+(?:\s*,\s*\w+)*)\s*:\s*(?P<type>.*)$")
_EDGE = re.compile(r"``(?P<arg>\w+) == (?P<value>[\w.+-]+)``")


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


def stub_docstrings(module: str, folder: Path = STUBS) -> dict[str, str]:
    """The cleaned docstrings of a stub module's public functions (read, not imported)."""
    tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name: inspect.cleandoc(ast.get_docstring(node, clean=False) or "")
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
