#!/usr/bin/env python3
"""Store fixed self-check cases and the references' answers (run after changing a spec).

For every concept of every spec: its explicit examples plus a few inputs drawn
deterministically from its strategy, each with the reference's result and what
each known mistake (the spec's diagnosers) returns for it, so the self-check
names the same likely mistakes as the grader.

    python scripts/make_selfcheck_data.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.diagnosis import mistaken_outputs, same_as_mistake  # noqa: E402
from autograder.reference import call_reference  # noqa: E402
from autograder.stored_cases import StoredCase, save  # noqa: E402
from autograder.specs import all_specs  # noqa: E402

PER_CONCEPT = 4
DRAWS = 24  # draw this many, keep an even spread (the first draws are the simplest)


def draw_all(strategy) -> list:
    """The first ``DRAWS`` cases of ``strategy`` (derandomised: the same every run)."""
    drawn = []

    @settings(max_examples=DRAWS, derandomize=True, database=None, deadline=None,
              phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        drawn.append(case)

    collect()
    return drawn


def exposing(spec, drawn: list, chosen: list[StoredCase]) -> list[StoredCase]:
    """Drawn cases to add so that every known mistake the drawn cases can show is shown by one.

    A mistake is shown by a case when its output differs from the reference's, so
    the self-check can fail on it and name it as the grader does.
    """
    shown = {name for item in chosen for name in item.mistakes}
    extra = []
    for case in drawn:
        item = outcome(spec, case)
        new = set(item.mistakes) - shown
        if new:
            extra.append(item)
            shown |= new
    return extra


def outcome(spec, case) -> StoredCase:
    def reference(*args, **kwargs):
        return call_reference(spec.qualname, args, kwargs)
    try:
        value = reference(*case.args, **case.kwargs)
    except ValueError as exc:
        return StoredCase(case, None, str(exc))
    mistakes = {name: wrong for name, wrong in mistaken_outputs(spec, case, reference).items()
                if same_as_mistake(wrong, wrong, value)}   # kept where the mistake shows
    return StoredCase(case, value, None, mistakes)


def main() -> int:
    for qualname, spec in all_specs().items():
        stored = {}
        for concept in spec.concepts:
            drawn = draw_all(concept.cases)
            step = max(1, len(drawn) // PER_CONCEPT)
            chosen = [outcome(spec, c) for c in list(concept.examples) + drawn[::step][:PER_CONCEPT]]
            # Mistakes are named from a wrong result, which only the reference comparison sees.
            extra = exposing(spec, drawn, chosen) if concept.judge is None else []
            stored[concept.name] = chosen + extra
        path = save(qualname, stored)
        print(f"wrote {path.name}: {sum(len(v) for v in stored.values())} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
