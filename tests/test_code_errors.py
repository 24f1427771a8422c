"""A SyntaxError and an exception in the student's code: each shown once, with file, line and caret.

One submission with a module that does not parse (``pooling.py``) and a
function that raises on every input (``conv.py``), graded and self-checked;
every output format (Markdown, HTML, Gradescope results.json, the terminal,
the self-check) must show each error exactly once, with its file and line, the
line of code, and a caret under the right column, and never a frame of the
grader.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.console import Console

from autograder.engine import grade_submission
from autograder.manifest import specs_for
from autograder.report import print_submission, to_gradescope, to_html, to_markdown
from autograder.selfcheck import run_self_check

FUNCTIONS = ["conv.conv2d_single", "pooling.max_pool2d", "pooling.avg_pool2d",
             "pooling.global_max_pool2d"]
CONV = '''import numpy as np


def conv2d_single(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw]) * kernel.reshape(-1)[kh * kw]
    return out
'''
POOLING = '''import numpy as np


def max_pool2d(x, pool_size=2, stride=None, padding="valid":
    return x
'''


def _syntax_error() -> tuple[tuple, str]:
    """Where Python itself puts the SyntaxError of ``POOLING``, and its headline."""
    try:
        compile(POOLING, "pooling.py", "exec")
    except SyntaxError as exc:
        code = exc.text.strip()
        start = exc.offset - 1 - (len(exc.text) - len(exc.text.lstrip()))
        return ("pooling.py", exc.lineno, code, code[start]), f"SyntaxError: {exc.msg}"
    raise AssertionError("POOLING should not compile")


# (file, line, the code as written, what the caret must underline)
SYNTAX, SYNTAX_HEADLINE = _syntax_error()
RUNTIME = ("conv.py", 9, "out[i, j] = np.sum(image[i:i + kh, j:j + kw]) * kernel.reshape(-1)[kh * kw]",
           "kernel.reshape(-1)[kh * kw]")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    (folder / "conv.py").write_text(CONV, encoding="utf-8")
    (folder / "pooling.py").write_text(POOLING, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graded(broken):
    return grade_submission(broken, specs_for(functions=FUNCTIONS), student="broken")


def assert_once_with_caret(text: str, place: tuple, headline: str) -> None:
    """``text`` shows the error at ``place`` exactly once, its caret under the right characters."""
    file, line, code, target = place
    assert text.count(f'File "{file}", line {line}') == 1, text
    lines = text.splitlines()
    assert sum(row.strip().startswith(headline) for row in lines) == 1, text
    (at,) = [i for i, row in enumerate(lines) if row.strip() == code]
    caret = lines[at + 1]
    start = caret.index("^")
    assert set(caret.strip()) == {"^"}
    assert lines[at][start:start + len(caret.strip())] == target, (lines[at], caret)
    for grader_frame in ("autograder", "worker.py", "sandbox/", "site-packages"):
        assert grader_frame not in "\n".join(lines[max(at - 2, 0):at + 3])


def test_each_error_appears_once_in_every_report_format(graded):
    assert {error.kind for error in graded.code_errors} == {"import", "runtime"}
    markdown = to_markdown(graded)
    page = to_html(graded)
    results = to_gradescope(graded)
    console = Console(record=True, width=200, color_system=None)
    print_submission(graded, console)
    terminal = console.export_text()
    pre_blocks = "\n".join(html.unescape(b) for b in re.findall(r"<pre>(.*?)</pre>", page, re.S))
    for text in (markdown, pre_blocks, results["output"], terminal):
        assert_once_with_caret(text, SYNTAX, SYNTAX_HEADLINE)
        assert_once_with_caret(text, RUNTIME, "IndexError: ")
    # the concepts that the errors cost point to them instead of repeating them
    test_outputs = "\n".join(t["output"] for t in results["tests"])
    assert "^" not in test_outputs and 'File "pooling.py"' not in test_outputs
    assert markdown.count("모듈 파일을 불러올 수 없습니다: pooling.py") == 3   # one line per function
    assert results["output_format"] == "md"


def test_the_place_of_an_exception_is_named_in_both_languages(graded):
    (conv,) = [t for t in graded.tasks if t.name == "conv.conv2d_single"]
    raised = [c for c in conv.concepts if c.counterexample and "IndexError" in c.counterexample.detail]
    assert raised
    for c in raised:
        assert "conv.py 9번째 줄, conv2d_single 함수" in c.counterexample.detail_ko
        assert "at conv.py, line 9, in conv2d_single" in c.counterexample.detail


def test_self_check_shows_each_error_once(broken):
    report = run_self_check(broken, functions=FUNCTIONS)
    assert not report.passed
    for language in ("ko", "en"):
        text = report.text(language)
        assert_once_with_caret(text, SYNTAX, SYNTAX_HEADLINE)
        assert_once_with_caret(text, RUNTIME, "IndexError: ")
    assert "불러올 수 없습니다" in report.text("ko")
