"""The vocabulary of a grading spec: cases, concepts, hints and diagnosers.

A spec is data plus small functions. Adding an exercise means adding one module
under :mod:`autograder.specs` that builds a :class:`FunctionSpec`; the engine
never changes.

A concept's hints say what a failure most likely means; each hint names the
failures it fits (``Hint.fits``, predicates of :mod:`autograder.failure`), so
that a student is only told about depth when the depth is what came out wrong.
When no hint fits, the student is told exactly what differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from hypothesis import strategies as st

from .sandbox.call_result import SourcePlace
from .vocabulary import Text

if TYPE_CHECKING:
    from .compare import Difference
    from .failure import Failure


@dataclass(frozen=True)
class Hint:
    """One sentence for the student, in Korean and English, and the failures it explains.

    Parameters
    ----------
    ko, en : str
    fits : callable, optional
        ``fits(failure) -> bool`` for an :class:`autograder.failure.Failure`
        (the call shown, what was expected, what came back and how they
        differ): whether this sentence explains that failure. ``None``: any
        failure of its concept (for a hint that names no particular difference).
    """
    ko: str
    en: str
    fits: Optional[Callable[["Failure"], bool]] = field(default=None, compare=False)

    @property
    def text(self) -> Text:
        return Text(self.ko, self.en)


@dataclass(frozen=True)
class Case:
    """One call: positional and keyword arguments, with names for the feedback."""
    args: tuple
    kwargs: dict = field(default_factory=dict)
    arg_names: tuple[str, ...] = ()

    def named(self) -> dict[str, Any]:
        names = self.arg_names or tuple(f"arg{i}" for i in range(len(self.args)))
        return {**dict(zip(names, self.args)), **self.kwargs}


@dataclass(frozen=True)
class Raised:
    """What the student's function raised instead of returning (a :class:`Mismatch`'s ``received``)."""
    error_type: str
    message: str
    place: Optional[SourcePlace] = None

    def __str__(self) -> str:
        return f"{self.error_type}: {self.message}"


@dataclass(frozen=True)
class ShouldRaise:
    """The expected outcome when the call must raise (a :class:`Mismatch`'s ``expected``)."""
    error_type: str = "ValueError"
    reason: str = ""          # the reference's message, when it raised

    def __str__(self) -> str:
        return self.error_type + (f" ({self.reason})" if self.reason else "")


class Mismatch(AssertionError):
    """The student's answer differs from what the concept requires.

    Raised inside a hypothesis test so that hypothesis shrinks to the smallest
    input that still shows it.

    Parameters
    ----------
    detail : Text or str
        What differs, in Korean and English (a plain ``str`` is used for both).
    expected, received
        The values compared (``received`` a :class:`Raised` when the function
        raised, ``expected`` a :class:`ShouldRaise` when it should have).
    case : Case, optional
        The drawn case (the engine sets it).
    hint : Hint, optional
        Overrides the concept's hints when a judge knows better.
    call : Case, optional
        The call actually made, when the judge called with other arguments
        than the drawn case (it is what the student is shown).
    difference : autograder.compare.Difference, optional
        How ``expected`` and ``received`` differ, when already computed.
    """

    def __init__(self, detail: Union[Text, str], expected: Any = None, received: Any = None,
                 case: Optional[Case] = None, hint: Optional[Hint] = None, *,
                 call: Optional[Case] = None, difference: Optional["Difference"] = None):
        text = detail if isinstance(detail, Text) else Text(detail, detail)
        super().__init__(text.en)
        self.text = text
        self.detail = text.en
        self.expected = expected
        self.received = received
        self.case = case
        self.hint = hint
        self.call = call
        self.difference = difference


# A student callable: ``student(*args, **kwargs)`` runs the student's function in
# the sandbox and returns its value, or raises StudentRaised / SandboxFailure.
Student = Callable[..., Any]
Reference = Callable[..., Any]
# A judge decides one case: it returns quietly or raises Mismatch.
Judge = Callable[[Case, Student, Reference], None]


@dataclass(frozen=True)
class Diagnoser:
    """Recognises a typical mistake from the smallest failing example.

    Give one of:

    ``mistaken(case, reference)``
        What the mistaken implementation returns for ``case`` (``None`` where
        the mistake does not apply). The student's output is recognised when
        it equals that and the mistake changes the answer on this case. The
        self-check stores these outputs for its examples, so it names the
        same mistakes without the references.
    ``matches(case, received, reference)``
        For a mistake recognised by a property of the output (a float where an
        int belongs). It may call ``reference`` only with the case's own
        arguments, so the self-check can answer from its stored result.
    """
    name: str
    hint: Hint
    matches: Optional[Callable[[Case, Any, Reference], bool]] = None
    mistaken: Optional[Callable[[Case, Reference], Any]] = None

    def __post_init__(self):
        if (self.matches is None) == (self.mistaken is None):
            raise TypeError(f"diagnoser {self.name!r}: give exactly one of matches, mistaken")


@dataclass(frozen=True)
class Concept:
    """One idea of a function, graded on its own for partial credit.

    Parameters
    ----------
    name : str
        Short English concept name ("stride", "same padding", ...): the stable
        key of expect.toml files, stored self-check data and gradebooks.
    points : float
    cases : hypothesis strategy of Case
        Inputs that exercise this concept (and, as far as possible, only it).
    hint : Hint or tuple of Hint
        What a failure most likely means; with several, the first whose
        ``fits`` holds for the failure shown is given (then the function's
        ``hints``; with none fitting, what differs is named instead).
    judge : callable, optional
        ``judge(case, student, reference)`` raises :class:`Mismatch` on a wrong
        answer (see :mod:`autograder.judges`). Defaults to comparing with the
        reference.
    examples : tuple of Case
        Explicit inputs always tried first (worked examples from the lecture).
    max_examples : int, optional
        How many generated inputs to try; default the ``examples_per_concept``
        setting (a spec asks for fewer where a few examples show everything).
    offline : bool
        Whether the student's self-check can run it from stored answers alone.
    title_ko : str
        The concept's Korean name, shown before the English one ("스트라이드 (stride)").
    """
    name: str
    points: float
    cases: st.SearchStrategy
    hint: Union[Hint, tuple[Hint, ...]]
    judge: Optional[Judge] = None
    examples: tuple[Case, ...] = ()
    max_examples: Optional[int] = None
    offline: bool = True   # False: the judge needs the references beyond stored answers
    title_ko: str = ""

    @property
    def hints(self) -> tuple[Hint, ...]:
        return self.hint if isinstance(self.hint, tuple) else (self.hint,)

    @property
    def title(self) -> Text:
        """The concept's name in Korean and English."""
        return Text(self.title_ko or self.name, self.name)


@dataclass(frozen=True)
class FunctionSpec:
    """How one student function is graded.

    ``hints`` fit failures of any of its concepts (a wrong output depth, a
    float where an int belongs); they are tried after the concept's own.
    """
    module: str
    function: str
    concepts: tuple[Concept, ...]
    diagnosers: tuple[Diagnoser, ...] = ()
    arg_names: tuple[str, ...] = ()
    hints: tuple[Hint, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.function}"

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.concepts)
