"""A graded stub's docstring is the first thing a student reads: it speaks Korean first.

Every function an assignment grades (``functions`` in ``autograder/assignments.toml``)
is read from its generated stub in ``assignments/modules/``. Its summary line is a
Korean sentence that names the lecture section it comes from ("(강의 3.3.2.1)"),
and every entry of its Parameters, Returns and Raises sections has a Korean line
(the English one may follow). The stub modules' own docstrings open the same way.
"""
from __future__ import annotations

import ast
import re

import pytest

from autograder.manifest import assignments
from autograder.promises import sections, stub_docstrings
from autograder.promises.docstrings import STUBS

HANGUL = re.compile(r"[가-힣]")
LECTURE_SECTION = re.compile(r"\(강의 3\.\d")
CODE_SPAN = re.compile(r"``[^`]*``")
ENTRY = re.compile(r"^\S")  # an entry line of a numpydoc section; its description is indented

GRADED = sorted({name for a in assignments().values() for name in a.functions})
MODULES = sorted({name.split(".")[0] for name in GRADED})


def starts_in_korean(line: str) -> bool:
    """The first word of ``line`` outside ````code```` spans has Hangul ("ReLU의", "층이")."""
    words = CODE_SPAN.sub(" ", line).split()
    return bool(words) and bool(HANGUL.search(words[0]))


def entries_without_korean(section: str) -> list[str]:
    """The entries of a Parameters/Returns/Raises section whose description has no Hangul."""
    found: dict[str, list[str]] = {}
    entry = None
    for line in section.splitlines():
        if ENTRY.match(line):
            entry = line
            found[entry] = []
        elif entry is not None and line.strip():
            found[entry].append(line)
    return [entry for entry, description in found.items()
            if not any(HANGUL.search(line) for line in description)]


def module_docstring(module: str) -> str:
    """The docstring of the stub module ``assignments/modules/<module>.py`` (read, not imported)."""
    return ast.get_docstring(ast.parse((STUBS / f"{module}.py").read_text(encoding="utf-8")))


def docstring_problems(doc: str) -> list[str]:
    """What keeps ``doc`` from opening in Korean with its lecture section and Korean entries."""
    summary = doc.strip().splitlines()[0] if doc.strip() else ""
    problems = []
    if not starts_in_korean(summary):
        problems.append(f"summary line is not a Korean sentence: {summary!r}")
    if not LECTURE_SECTION.search(summary):
        problems.append(f"summary line names no lecture section (강의 3.x): {summary!r}")
    parts = sections(doc)
    if not any(HANGUL.search(line) for line in parts.get("Parameters", "").splitlines()):
        problems.append("Parameters section has no Korean line")
    for title in ("Parameters", "Returns", "Raises"):
        problems += [f"{title} entry without a Korean line: {entry!r}"
                     for entry in entries_without_korean(parts.get(title, ""))]
    return problems


def test_the_check_catches_an_english_first_docstring():
    english = ("Max pooling: the largest value of each window.\n\n"
               "Parameters\n----------\nx : ndarray, shape (N, H, W, C)\n"
               "    The input.\n\nReturns\n-------\nndarray\n")
    problems = docstring_problems(english)
    assert any("not a Korean sentence" in p for p in problems)
    assert any("no lecture section" in p for p in problems)
    assert "Parameters section has no Korean line" in problems
    assert any(p.startswith("Returns entry") for p in problems)
    assert not starts_in_korean("ReLU activation (강의 3.3): 음수를 0으로 바꿉니다.")
    assert starts_in_korean("ReLU의 역전파 (강의 3.4).")
    korean = ("``Conv2D`` 층의 출력 모양 (강의 3.3.1.3).\n\nOutput shape.\n\n"
              "Parameters\n----------\nx : ndarray\n    입력.\n    The input.\n"
              "stride : int\n\nReturns\n-------\nint\n    출력의 길이.\n")
    assert docstring_problems(korean) == ["Parameters entry without a Korean line: 'stride : int'"]


def test_the_manifest_grades_functions_to_check():
    assert len(GRADED) >= 27 and "pooling.max_pool2d" in GRADED


@pytest.mark.parametrize("qualname", GRADED)
def test_graded_stub_docstring_opens_in_korean(qualname):
    module, function = qualname.split(".")
    doc = stub_docstrings(module)[function]
    assert docstring_problems(doc) == []


@pytest.mark.parametrize("module", MODULES)
def test_stub_module_docstring_opens_in_korean(module):
    summary = module_docstring(module).strip().splitlines()[0]
    assert starts_in_korean(summary), summary
    assert LECTURE_SECTION.search(summary), summary
