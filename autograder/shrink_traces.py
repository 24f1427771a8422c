"""What hypothesis tried while shrinking a failure, kept for the next student who fails the same way.

After the example bank's replay finds a concept's first failure, hypothesis
shrinks it: it tries smaller cases one after another, each chosen from which
of the earlier ones failed. Hypothesis is deterministic, so a student whose
function fails and passes on exactly the cases another student's did makes it
try exactly the same cases. A trace records those cases with the outcome of
each (failed or not) as a tree: the engine follows it while a student's
outcomes agree and hands over to hypothesis where they part. The student's
function sees the same calls either way, so the result is the same; what is
saved is hypothesis's own work, the bulk of grading a common mistake.

Traces live in the grading process (a class worker grades many students) and
are keyed by the concept's search (function, concept, examples, shrink calls)
and the index of the first failure.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Hashable, Optional, Union

from .compare import same_value
from .spec import Case

END = "end"   # the search ended after this outcome


@dataclass
class Step:
    """One case the search tried, and where it went next after each outcome."""
    case: Case
    after: dict[bool, Union["Step", str]] = field(default_factory=dict)   # failed? -> Step or END


class ShrinkTraces:
    """The traces of one process, the least recently used dropped past ``max_traces``."""

    def __init__(self, max_traces: int = 512):
        self.max_traces = max_traces
        self._roots: OrderedDict[Hashable, Union[Step, str]] = OrderedDict()
        self.followed = 0     # searches that a trace answered to their end

    def get(self, key: Hashable) -> Union[Step, str, None]:
        """The first step of the recorded search, END if it tried nothing, or None."""
        root = self._roots.get(key)
        if root is not None:
            self._roots.move_to_end(key)
        return root

    def record(self, key: Hashable, steps: list[tuple[Case, Optional[bool]]]) -> None:
        """Add one search's steps: ``(case, failed)`` in order; the last may have ``failed``
        None (the search stopped at that case, its calls used up)."""
        if not steps:  # e.g. the first failure was an explicit example: nothing to shrink
            self._add(key, END)
            return
        node = self._roots.get(key)
        if not isinstance(node, Step):
            node = self._add(key, Step(steps[0][0]))
        for i, (case, failed) in enumerate(steps):
            if not same_value(case, node.case):
                return  # not the search that was recorded before: keep what is known
            if failed is None:
                return
            if i == len(steps) - 1:
                node.after[failed] = END
                return
            following = node.after.get(failed)
            if not isinstance(following, Step):
                following = node.after[failed] = Step(steps[i + 1][0])
            node = following


    def _add(self, key: Hashable, root: Union[Step, str]) -> Union[Step, str]:
        self._roots[key] = root
        while len(self._roots) > self.max_traces:
            self._roots.popitem(last=False)
        return root


TRACES = ShrinkTraces()
