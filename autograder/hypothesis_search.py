"""The one hypothesis configuration that searches a concept, for grading and for the example bank.

The example bank records the cases this search tries when nothing fails; the
engine replays them, and runs the very same search when a student fails one,
so that hypothesis shrinks exactly as it always did. Both must therefore build
the search here, identically.
"""
from __future__ import annotations

from typing import Callable

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import example as hyp_example

from .spec import Case, Concept

# Where every concept's search starts. Fixed, so that the examples a student meets
# depend on the concept's strategy alone, never on the grader's source text (a
# derandomised hypothesis run would hash that); this is the value grading has
# always used, so grades and counterexamples stay what they were.
EXAMPLE_SEED = 0x172a8159bb76252b4b167171ebfe732de9e20721709864c837f13a69388310cbea11767cbd2f071db43639a2ef342cf5


def concept_search(concept: Concept, attempt: Callable[[Case], None],
                   max_examples: int) -> Callable[[], None]:
    """A hypothesis test that calls ``attempt`` on the concept's explicit examples, then
    on up to ``max_examples`` drawn cases, and shrinks the first one that raises.

    Calling the returned function runs the search; it raises what ``attempt``
    raised for the smallest failing case.
    """
    test = given(concept.cases)(attempt)
    for case in reversed(concept.examples):
        test = hyp_example(case)(test)
    test = seed(EXAMPLE_SEED)(test)
    return settings(max_examples=max_examples, derandomize=True, database=None,
                    deadline=None, verbosity=Verbosity.quiet, print_blob=False,
                    report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                    phases=(Phase.explicit, Phase.generate, Phase.shrink))(test)


def draw_cases(concept: Concept, max_examples: int) -> list[Case]:
    """The cases :func:`concept_search` tries, in order, when none of them fails."""
    drawn: list[Case] = []

    def record(case: Case) -> None:
        drawn.append(case)

    concept_search(concept, record, max_examples)()
    return drawn
