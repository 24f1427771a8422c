"""Each concept's examples, drawn once per grader version and replayed for every student.

Grading is derandomised, so every student meets the very same examples; drawing
them with hypothesis is most of what grading costs. The bank keeps, for every
concept of every function, the cases hypothesis tries when nothing fails (in
order, explicit examples first) with the reference's outcome for each. The
engine replays them: a student who passes them all gets exactly hypothesis's
verdict, without hypothesis; a student who fails one is handed to the same
hypothesis search, which finds that same first failure and shrinks it as it
always did.

Banks live in ``<bank_dir>/<key>/<module.function>.json`` (the data format of
:mod:`autograder.stored_cases`: no pickle). The key hashes everything that
decides the examples: the grader's code and specs, the references,
``cnnlab``, and ``examples_per_concept``. Building takes a while once per
grader version; a file lock lets parallel workers share one build. Where the
folder cannot be written (a read-only home on a lab machine), the bank is kept
in the grading process instead, with one warning: slower, never wrong.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .hypothesis_search import draw_cases
from .reference import call_reference, solutions_dir
from .settings import Settings
from .spec import Case, FunctionSpec
from .stored_cases import StoredCase, load_cases, save_cases

Bank = dict[str, list[StoredCase]]   # concept name -> its cases in the order they are tried
log = logging.getLogger(__name__)


def bank_root(settings: Settings) -> Path:
    """The folder that holds the banks of every grader version."""
    if settings.bank_dir:
        return Path(settings.bank_dir)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "autograder" / "example-bank"


def bank_key(settings: Settings) -> str:
    """Hash of everything that decides the examples and their reference outcomes."""
    from .stored_results import trusted_digest

    text = f"{trusted_digest(solutions_dir(settings))}|{settings.examples_per_concept}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _outcome(spec: FunctionSpec, case: Case, solutions: Path) -> StoredCase:
    try:
        return StoredCase(case, call_reference(spec.qualname, case.args, case.kwargs, solutions))
    except ValueError as exc:
        return StoredCase(case, None, str(exc))


def draw_bank(spec: FunctionSpec, settings: Settings) -> Bank:
    """Draw every concept's examples of ``spec`` and compute the reference's outcomes."""
    solutions = solutions_dir(settings)
    return {concept.name: [_outcome(spec, case, solutions)
                           for case in draw_cases(concept, concept.max_examples
                                                  or settings.examples_per_concept)]
            for concept in spec.concepts}


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _path(settings: Settings, spec: FunctionSpec) -> Path:
    return bank_root(settings) / bank_key(settings) / f"{spec.qualname}.json"


def ensure_banks(specs: Iterable[FunctionSpec], settings: Settings) -> list[Path]:
    """Build the banks of ``specs`` that do not exist yet (safe to call from parallel workers)."""
    paths = []
    for spec in specs:
        path = _path(settings, spec)
        if not path.exists():
            with _locked(path.parent):
                if not path.exists():  # another process may have built it meanwhile
                    save_cases(path, spec.qualname, draw_bank(spec, settings))
        paths.append(path)
    return paths


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> Bank:
    return load_cases(path)


_in_memory: dict[Path, Bank] = {}


def _bank_in_memory(path: Path, spec: FunctionSpec, settings: Settings, error: OSError) -> Bank:
    if path not in _in_memory:
        if not _in_memory:
            log.warning("cannot write the example bank (%s); each grading process draws its own "
                        "(set bank_dir to a writable folder to share it)", error)
        _in_memory[path] = draw_bank(spec, settings)
    return _in_memory[path]


def load_bank(spec: FunctionSpec, settings: Settings) -> Bank:
    """The bank of ``spec`` (built first if needed); a process loads each file once."""
    try:
        path = ensure_banks([spec], settings)[0]
        bank = _load(path, path.stat().st_mtime_ns)
    except OSError as exc:
        path = _path(settings, spec)
        bank = _bank_in_memory(path, spec, settings, exc)
    missing = [c.name for c in spec.concepts if c.name not in bank]
    if missing:  # cannot happen for a bank of this key; never grade from a partial one
        raise RuntimeError(f"the example bank {path} lacks concepts {missing}; delete it")
    return bank
