"""Student values never crash the grader, and student text stays quoted in every report.

``tests/corpus/hostile/returns_anything`` answers every graded function with a
value the test chooses: hypothesis draws any value the sandbox's codec lets
through (and exceptions with any message, and any printed output), the value
crosses the real sandbox, and every judge of every concept, the failure
explanation and every report format must take it: judges may only pass or
raise ``Mismatch``, reports must be written, and nothing the student wrote may
leave its quoted block (Markdown, Gradescope, HTML, terminal).
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from markdown_it import MarkdownIt
from rich.console import Console

from autograder.engine import _explain_failure, _Reference
from autograder.grading_results import ConceptResult, SubmissionResult, TaskKind, TaskResult
from autograder.judges import compare_with_reference
from autograder.report import print_gradebook, print_lost_concepts, print_submission
from autograder.report import to_gradescope, to_html, to_markdown
from autograder.report.markdown import heading_count
from autograder.sandbox import Sandbox
from autograder.spec import Mismatch
from autograder.specs import all_specs
from autograder.student import StudentFunction
from autograder.vocabulary import Status
from cnnlab.layers import Conv2D, Dense, Flatten, MaxPooling2D

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
SUBMISSION = CORPUS / "returns_anything"

# Text a student controls: Markdown that would close a fence or open a heading,
# HTML, rich markup, terminal escapes, lone surrogates.
HOSTILE_TEXT = ["```", "````", "~~~", "\n# injected heading\n", "<img src=x onerror=alert(1)>",
                "<script>alert(1)</script>", "[/]", "[bold red]", "\\", "[link=http://x]y[/link]",
                "\x1b[2J\x1b]0;title\x07", "\r", "| a | b |", "</pre>", "\ud800", "**", "> quote"]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12)),
                 max_size=6).map("".join)

dtypes = st.one_of(hnp.boolean_dtypes(), hnp.integer_dtypes(), hnp.unsigned_integer_dtypes(),
                   hnp.floating_dtypes(), hnp.complex_number_dtypes())
arrays = hnp.arrays(dtypes, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
layers = st.sampled_from([Conv2D(4, 3), MaxPooling2D(2), Flatten(), Dense(10)])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts,
                    arrays.map(lambda a: a[()] if a.ndim == 0 else a), layers)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
    st.dictionaries(texts, inner, max_size=3)), max_leaves=8)


def near(expected):
    """Values shaped like the reference's answer, wrong in dtype, byte order or kind."""
    if isinstance(expected, np.ndarray):
        return st.one_of(hnp.arrays(dtypes, expected.shape),
                         st.just(expected.astype(expected.dtype.newbyteorder(">"))),
                         st.just(list(expected.ravel()[:8])))
    if isinstance(expected, (tuple, list)):
        parts = st.tuples(*(near(e) for e in expected))
        # e.g. a summary row whose names column holds numpy arrays
        return st.one_of(parts, parts.map(list), values)
    if isinstance(expected, str):  # e.g. a summary's layer name: an array in its place
        return st.one_of(hnp.arrays(dtypes, hnp.array_shapes(min_side=0, max_side=3)), values)
    return st.one_of(arrays, values)


def answers(expected):
    return st.one_of(
        st.tuples(st.just("value"), st.one_of(near(expected), values)),
        st.tuples(st.sampled_from(["raise", "raise_value_error"]), texts))


@pytest.fixture(scope="module")
def box():
    with Sandbox(SUBMISSION) as sandbox:
        yield sandbox


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


MARKDOWN = MarkdownIt("commonmark")
OUR_HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "b", "table",
                 "tr", "th", "td", "ul", "li", "div", "span", "details", "summary", "pre", "code",
                 "small", "br"}


def assert_markdown_quoted(text: str, headings: int) -> None:
    """Only our own headings and our one ``<sub>`` line; no HTML or heading from the student."""
    tokens = MARKDOWN.parse(text)
    inline = [c for t in tokens if t.children for c in t.children]
    html = [t.content for t in tokens + inline if t.type in ("html_block", "html_inline")]
    assert set(html) <= {"<sub>", "</sub>"}, html
    assert sum(t.type == "heading_open" for t in tokens) == headings


def assert_reports_hold(result: SubmissionResult) -> None:
    assert_markdown_quoted(to_markdown(result), heading_count(result))
    document = json.loads(json.dumps(to_gradescope(result), ensure_ascii=False))
    for test in document["tests"]:
        assert_markdown_quoted(test["output"], 0)
    page = to_html(result)
    page.encode("utf-8")
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= OUR_HTML_TAGS, parser.tags - OUR_HTML_TAGS
    screen = io.StringIO()
    console = Console(file=screen, width=100, force_terminal=False, color_system=None)
    print_submission(result, console)
    print_gradebook([result], console)
    print_lost_concepts([result], console)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", screen.getvalue()), repr(screen.getvalue())


@pytest.mark.parametrize("spec", all_specs().values(), ids=lambda spec: spec.qualname)
@settings(max_examples=30, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_value_is_judged_explained_and_reported(box, spec, data):
    concept = data.draw(st.sampled_from(spec.concepts), label="concept")
    case = data.draw(concept.cases, label="case")
    reference = _Reference(spec.qualname)
    try:
        expected = reference(*case.args, **case.kwargs)
    except ValueError:
        expected = None
    kind, payload = data.draw(answers(expected), label="answer")
    printed = data.draw(texts, label="printed")
    assert box.call(spec.module, "set_answer", (kind, payload)).ok
    assert box.call(spec.module, "set_printed", (printed,)).ok
    student = StudentFunction(box, spec.module, spec.function)
    judge = concept.judge or compare_with_reference
    result = ConceptResult(spec.function, concept.name, 0.0, concept.points, Status.PASSED)
    try:
        judge(case, student, reference)
    except Mismatch as mismatch:
        mismatch.case = case
        result.status = Status.FAILED
        _explain_failure(spec, concept, result, [(case, mismatch)], reference)
    result.output = student.log.text
    task = TaskResult(TaskKind.FUNCTION, spec.qualname, [result])
    assert_reports_hold(SubmissionResult(student="returns_anything", assignment=None,
                                         tasks=[task]))


def test_student_text_stays_quoted_through_the_command_line(tmp_path):
    """``autograder grade`` on output and messages built to break out of every block."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(CORPUS / "quotes_break_out"),
               "-f", "shapes.flatten", "-f", "shapes.conv_output_size", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "120"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "\x1b[2J" not in done.stdout and "Traceback" not in done.stderr
    result = SubmissionResult.from_dict(json.loads((out / "result.json").read_text()))
    assert result.score == 0 and result.concepts
    assert_markdown_quoted((out / "feedback.md").read_text(encoding="utf-8"), heading_count(result))
    for test in json.loads((out / "results.json").read_text(encoding="utf-8"))["tests"]:
        assert_markdown_quoted(test["output"], 0)
    parser = _Tags()
    parser.feed((out / "feedback.html").read_text(encoding="utf-8"))
    assert parser.tags <= OUR_HTML_TAGS
    assert "full marks" in (out / "feedback.md").read_text(encoding="utf-8")  # shown, as text
