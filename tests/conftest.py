"""Shared pytest set-up for the whole test suite (keep it small: helpers live in modules)."""
from __future__ import annotations

from collections import Counter

import pytest

# Hypothesis-generated cases run per test, filled by the ``generated_cases`` fixture's
# users and printed once at the end of the run (per process: xdist workers keep their own).
_GENERATED_CASES: Counter = Counter()


@pytest.fixture(scope="session")
def generated_cases() -> Counter:
    """Counter of generated cases; a hypothesis test adds one per example it runs.

    Session-scoped, so hypothesis accepts it (it rejects function-scoped fixtures).
    """
    return _GENERATED_CASES


def pytest_terminal_summary(terminalreporter) -> None:
    if _GENERATED_CASES:
        total = sum(_GENERATED_CASES.values())
        terminalreporter.write_line(
            f"hypothesis-generated cases run: {total} in {len(_GENERATED_CASES)} tests")
