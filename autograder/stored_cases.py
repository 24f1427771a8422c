"""Cases with the reference's answer, stored as data: the self-check's answers and the example bank.

A :class:`StoredCase` is one input of a concept and what the reference gives
for it (a value, or the message of the ``ValueError`` it raises). Files hold
the JSON tree of :mod:`autograder.sandbox.codec` with arrays base64-encoded:
loading builds only plain data, no pickle, nothing executed.

- The student's self-check must not need the references, so the answers for a
  few fixed inputs per concept are computed once (``scripts/make_selfcheck_data.py``)
  and shipped in ``autograder/selfcheck_data/<module>.<function>.json``.
- The example bank (:mod:`autograder.example_bank`) keeps every example of
  every concept the same way.
"""
from __future__ import annotations

import base64
import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np
from cnnlab.layers import LAYER_TYPES

from .sandbox.codec import RNG, decode, encode
from .spec import Case

DATA_DIR = Path(__file__).resolve().parent / "selfcheck_data"


@dataclass(frozen=True)
class StoredCase:
    """One fixed input and the reference's outcome for it.

    ``mistakes`` maps a diagnoser's name to what that mistake returns for the
    input (:func:`autograder.diagnosis.mistaken_outputs`), so the self-check
    names likely mistakes without the references.
    """
    case: Case
    value: Any = None
    raises: Optional[str] = None   # the ValueError message when the reference rejects the input
    mistakes: dict[str, Any] = field(default_factory=dict, compare=False)


class StoredReference:
    """Answers exactly the stored case from storage; anything else goes to ``fallback``.

    Judges call the reference with the case's own argument objects; diagnosers and
    numerical-gradient judges call it with other arguments, which only a live
    reference (``fallback``) can answer. Without one, such a call raises
    ``LookupError``.
    """

    def __init__(self, stored: StoredCase, fallback: Optional[Callable[..., Any]] = None):
        self.stored = stored
        self.fallback = fallback

    def __call__(self, *args, **kwargs):
        case = self.stored.case
        same = len(args) == len(case.args) and all(a is b for a, b in zip(args, case.args)) \
            and kwargs.keys() == case.kwargs.keys() \
            and all(kwargs[k] is case.kwargs[k] for k in kwargs)
        if not same:
            if self.fallback is None:
                raise LookupError("no stored answer for these arguments")
            return self.fallback(*args, **kwargs)
        if self.stored.raises is not None:
            raise ValueError(self.stored.raises)
        return copy.deepcopy(self.stored.value)


def _pack(value: Any) -> dict:
    encoded = encode(value, layer_types=LAYER_TYPES)
    body = bytearray(encoded.size)
    for offset, chunk in encoded.chunks:
        body[offset:offset + len(chunk)] = chunk
    return {"tree": encoded.tree, "body": base64.b64encode(bytes(body)).decode("ascii")}


def _unpack(packed: dict) -> Any:
    return _read_only(decode(packed["tree"], bytearray(base64.b64decode(packed["body"])),
                             make_rng=RNG, layer_types=LAYER_TYPES))


def _read_only(value: Any) -> Any:
    """Freeze the arrays of a stored value: one student's grading cannot change the next one's
    examples (a write raises instead)."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (tuple, list)):
        for item in value:
            _read_only(item)
    elif isinstance(value, dict):
        for item in value.values():
            _read_only(item)
    return value


def save_cases(path: Path, qualname: str, concepts: dict[str, list[StoredCase]]) -> Path:
    """Write the stored cases of one function (by concept name) to ``path``, atomically."""
    doc = {"function": qualname, "concepts": {
        name: [_item(c) for c in cases] for name, cases in concepts.items()}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    return path


def case_to_data(case: Case) -> dict:
    """``case`` as JSON-ready data (a tree and a base64 body), e.g. to replay a counterexample."""
    return _pack((case.args, case.kwargs, list(case.arg_names)))


def case_from_data(data: dict) -> Case:
    """The case :func:`case_to_data` stored (plain data only: nothing is executed)."""
    args, kwargs, names = _unpack(data)
    return Case(tuple(args), dict(kwargs), tuple(names))


def _item(stored: StoredCase) -> dict:
    item = {"case": case_to_data(stored.case),
            "value": _pack(stored.value), "raises": stored.raises}
    if stored.mistakes:
        item["mistakes"] = {name: _pack(value) for name, value in stored.mistakes.items()}
    return item


def load_cases(path: Path) -> dict[str, list[StoredCase]]:
    """The stored cases of one function by concept name ({} when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return {}
    doc = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[StoredCase]] = {}
    for name, items in doc["concepts"].items():
        cases = []
        for item in items:
            mistakes = {mistake: _unpack(value) for mistake, value in item.get("mistakes", {}).items()}
            cases.append(StoredCase(case_from_data(item["case"]), _unpack(item["value"]),
                                    item["raises"], mistakes))
        out[name] = cases
    return out


def save(qualname: str, concepts: dict[str, list[StoredCase]], directory: Path = DATA_DIR) -> Path:
    """Write the self-check answers of one function into ``directory``."""
    return save_cases(Path(directory) / f"{qualname}.json", qualname, concepts)


def load(qualname: str, directory: Path = DATA_DIR) -> dict[str, list[StoredCase]]:
    """The self-check answers of one function by concept name ({} when none are stored)."""
    return load_cases(Path(directory) / f"{qualname}.json")
