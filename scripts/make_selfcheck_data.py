#!/usr/bin/env python3
"""Store fixed self-check cases and the references' answers (run after changing a spec).

For every concept of every spec: its explicit examples plus a few inputs drawn
deterministically from its strategy, each with the reference's result.

    python scripts/make_selfcheck_data.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.reference import call_reference  # noqa: E402
from autograder.stored_cases import StoredCase, save  # noqa: E402
from autograder.specs import all_specs  # noqa: E402

PER_CONCEPT = 4
DRAWS = 24  # draw this many, keep an even spread (the first draws are the simplest)


def draw_cases(strategy, count: int = PER_CONCEPT) -> list:
    drawn = []

    @settings(max_examples=DRAWS, derandomize=True, database=None, deadline=None,
              phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        drawn.append(case)

    collect()
    step = max(1, len(drawn) // count)
    return drawn[::step][:count]


def outcome(qualname: str, case) -> StoredCase:
    try:
        return StoredCase(case, call_reference(qualname, case.args, case.kwargs))
    except ValueError as exc:
        return StoredCase(case, None, str(exc))


def main() -> int:
    for qualname, spec in all_specs().items():
        stored = {}
        for concept in spec.concepts:
            cases = list(concept.examples) + draw_cases(concept.cases)
            stored[concept.name] = [outcome(qualname, c) for c in cases]
        path = save(qualname, stored)
        print(f"wrote {path.name}: {sum(len(v) for v in stored.values())} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
