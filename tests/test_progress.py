"""Progress for a terminal and for a log: a bar on one, a few plain lines on the other."""
from __future__ import annotations

import io

from autograder.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_few_plain_lines_and_the_last_one():
    log = io.StringIO()
    with Progress(200, "grading", "student", stream=log, interval=3600) as progress:
        for i in range(200):
            progress.update(f"s{i}")
    text = log.getvalue()
    assert "\r" not in text and "\x1b" not in text
    lines = text.splitlines()
    assert lines[-1] == "grading: 200/200 students (last: s199)"
    assert len(lines) <= 11            # a tenth at a time at most, here all within seconds


def test_a_terminal_gets_a_live_bar_and_nothing_shows_when_disabled():
    terminal = Terminal()
    with Progress(3, "grading", "student", stream=terminal) as progress:
        for name in "abc":
            progress.update(name)
    assert "\r" in terminal.getvalue() and "3/3" in terminal.getvalue()
    quiet = io.StringIO()
    with Progress(3, "grading", "student", stream=quiet, enabled=False) as progress:
        progress.update("a")
    assert quiet.getvalue() == ""
