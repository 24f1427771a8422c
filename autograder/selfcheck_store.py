"""Fixed self-check cases with the references' answers, stored as data.

Students' self-check must not need the references, so the answers for a few
fixed inputs per concept are computed once (``scripts/make_selfcheck_data.py``)
and stored in ``autograder/selfcheck_data/<module>.<function>.json`` (the JSON
tree of :mod:`autograder.sandbox.codec`, arrays base64-encoded). Loading builds
only plain data: no pickle, nothing executed.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from cnnlab.layers import LAYER_TYPES

from .sandbox.codec import RNG, decode, encode
from .spec import Case

DATA_DIR = Path(__file__).resolve().parent / "selfcheck_data"


@dataclass(frozen=True)
class StoredCase:
    """One fixed input and the reference's outcome for it."""
    case: Case
    value: Any = None
    raises: Optional[str] = None   # the ValueError message when the reference rejects the input


def _pack(value: Any) -> dict:
    encoded = encode(value, layer_types=LAYER_TYPES)
    body = bytearray(encoded.size)
    for offset, chunk in encoded.chunks:
        body[offset:offset + len(chunk)] = chunk
    return {"tree": encoded.tree, "body": base64.b64encode(bytes(body)).decode("ascii")}


def _unpack(packed: dict) -> Any:
    return decode(packed["tree"], bytearray(base64.b64decode(packed["body"])), make_rng=RNG,
                  layer_types=LAYER_TYPES)


def save(qualname: str, concepts: dict[str, list[StoredCase]], directory: Path = DATA_DIR) -> Path:
    """Write the stored cases of one function."""
    doc = {"function": qualname, "concepts": {
        name: [{"case": _pack((c.case.args, c.case.kwargs, list(c.case.arg_names))),
                "value": _pack(c.value), "raises": c.raises} for c in cases]
        for name, cases in concepts.items()}}
    path = directory / f"{qualname}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def load(qualname: str, directory: Path = DATA_DIR) -> dict[str, list[StoredCase]]:
    """The stored cases of one function by concept name ({} when none are stored)."""
    path = directory / f"{qualname}.json"
    if not path.exists():
        return {}
    doc = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[StoredCase]] = {}
    for name, items in doc["concepts"].items():
        cases = []
        for item in items:
            args, kwargs, names = _unpack(item["case"])
            cases.append(StoredCase(Case(tuple(args), dict(kwargs), tuple(names)),
                                    _unpack(item["value"]), item["raises"]))
        out[name] = cases
    return out
