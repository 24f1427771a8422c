"""Values <-> (JSON tree, raw byte blobs), the only way data crosses the sandbox.

Nothing here unpickles, imports or calls anything named by the data: a decoded
value is built from JSON scalars, ``tuple``/``list``/``dict``, ``numpy`` arrays
made with ``numpy.frombuffer`` from a whitelisted numeric dtype (the bytes of a
``.npy`` body without its header), an ``RNG`` placeholder, or one of the layer
dataclasses from a fixed table. Everything else is refused with ``CodecError``.

This module is loaded by the worker from its file path (outside any package),
so it imports nothing from the package.

Tree nodes
----------
``None``, ``bool``, ``int``, ``float``, ``str``
    plain JSON (``NaN``/``Infinity`` allowed, as Python's ``json`` writes them).
``{"$": "tuple" | "list", "items": [node, ...]}``
``{"$": "dict", "items": [[key, node], ...]}``  (keys are ``str``)
``{"$": "nd", "dtype": "<f8", "shape": [2, 3], "at": offset, "n": nbytes, "scalar": false}``
    an array (or a numpy scalar when ``scalar``) whose C-order bytes are
    ``body[at:at + n]``. Any byte order may be sent; decoded arrays are always
    in the machine's own (``>f8`` arrives as ``float64``).
``{"$": "rng", "seed": int}``
    ``RNG(seed)``; the student side decodes it to ``numpy.random.default_rng(seed)``.
``{"$": "layer", "layer": "Conv2D", "kwargs": node}``
    a layer description rebuilt as ``LAYER_TYPES[name](**kwargs)``.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

import numpy as np

MAX_NESTING = 64
ALIGN = 16
_DTYPE_RE = re.compile(r"^[<>|=][biufc][0-9]{1,2}$")
_NUMERIC_KINDS = frozenset("biufc")
_MAX_NDIM = 32
# Bound to names at import time: a student who patches numpy inside the worker
# cannot change how the worker's encoder reads arrays.
_frombuffer = np.frombuffer
_ndarray = np.ndarray
_generic = np.generic
_dtype = np.dtype


class CodecError(ValueError):
    """A value cannot be encoded, or a tree/body is not a valid encoding."""


@dataclass(frozen=True)
class RNG:
    """Stands for ``numpy.random.default_rng(seed)`` on the student side.

    Parameters
    ----------
    seed : int
        Non-negative seed; the student's function receives a fresh generator.
    """
    seed: int


@dataclass
class Encoded:
    """An encoded value: the JSON-ready tree and the body it points into.

    Attributes
    ----------
    tree : Any
        Nested JSON-ready structure (see the module docstring).
    chunks : list of (offset, memoryview)
        Blob bytes and where they start in the body (offsets aligned to 16).
    size : int
        Length of the body in bytes.
    """
    tree: Any
    chunks: list
    size: int


def _safe_dtype(text: Any) -> np.dtype:
    """The dtype named by ``text`` if it is a plain numeric or bool dtype."""
    if not isinstance(text, str) or not _DTYPE_RE.match(text):
        raise CodecError(f"unsupported dtype {text!r}")
    dtype = _dtype(text)
    if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject or dtype.fields is not None:
        raise CodecError(f"unsupported dtype {text!r}")
    return dtype


class _Encoder:
    def __init__(self, max_bytes: int, layer_types: Mapping[str, type]):
        self.max_bytes = max_bytes
        self.layer_classes = {cls: name for name, cls in layer_types.items()}
        self.chunks: list = []
        self.size = 0

    def blob(self, array: np.ndarray) -> tuple[int, int]:
        start = -(-self.size // ALIGN) * ALIGN
        # Checked before any copy: a broadcast view may claim terabytes.
        if start + array.nbytes > self.max_bytes:
            raise CodecError(f"data larger than the {self.max_bytes >> 20} MB limit")
        if not array.flags.c_contiguous:
            array = array.copy(order="C")
        data = memoryview(array.reshape(-1).view(np.uint8))
        self.chunks.append((start, data))
        self.size = start + data.nbytes
        return start, data.nbytes

    def array(self, array: np.ndarray, scalar: bool) -> dict:
        kind = array.dtype.kind
        if kind not in _NUMERIC_KINDS or array.dtype.fields is not None:
            raise CodecError(f"numpy array with dtype {array.dtype} "
                             "(only numeric and bool arrays are supported)")
        at, n = self.blob(array)
        return {"$": "nd", "dtype": array.dtype.str, "shape": list(array.shape),
                "at": at, "n": n, "scalar": scalar}

    def node(self, value: Any, depth: int) -> Any:
        if depth > MAX_NESTING:
            raise CodecError(f"nesting deeper than {MAX_NESTING} levels")
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if isinstance(value, _generic):
            return self.array(np.asarray(value), scalar=True)
        if kind is _ndarray:
            return self.array(value, scalar=False)
        if isinstance(value, tuple):  # a namedtuple travels as a plain tuple
            return {"$": "tuple", "items": [self.node(v, depth + 1) for v in tuple.__iter__(value)]}
        if isinstance(value, list):
            return {"$": "list", "items": [self.node(v, depth + 1) for v in list.__iter__(value)]}
        if isinstance(value, dict):
            items = []
            for key, item in dict.items(value):
                if type(key) is not str:
                    raise CodecError(f"dict key of type {type(key).__name__} (only str keys)")
                items.append([key, self.node(item, depth + 1)])
            return {"$": "dict", "items": items}
        if kind is RNG:
            return {"$": "rng", "seed": _seed(value.seed)}
        if kind in self.layer_classes:
            kwargs = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return {"$": "layer", "layer": self.layer_classes[kind],
                    "kwargs": self.node(kwargs, depth + 1)}
        raise CodecError(f"value of type {_type_name(value)} "
                         "(return numpy arrays, numbers, strings, tuples, lists or dicts)")


def _type_name(value: Any) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "")
    name = getattr(kind, "__qualname__", "?")
    if not isinstance(module, str) or not isinstance(name, str):
        return "?"
    if isinstance(value, np.ndarray):
        return f"{module}.{name} (a subclass of numpy.ndarray)"
    return name if module in ("builtins", "") else f"{module}.{name}"


def _seed(seed: Any) -> int:
    if type(seed) is not int or seed < 0:
        raise CodecError(f"RNG seed must be a non-negative int, got {seed!r}")
    return seed


def encode(value: Any, *, max_bytes: int = 256 << 20,
           layer_types: Optional[Mapping[str, type]] = None) -> Encoded:
    """Encode ``value`` into a JSON-ready tree and a list of blobs.

    Parameters
    ----------
    value : Any
        Supported: ``None``, ``bool``, ``int``, ``float``, ``str``, numeric or bool
        ``numpy.ndarray`` (any shape, incl. 0-d and empty), numpy scalars,
        ``tuple``, ``list``, ``dict`` with ``str`` keys, :class:`RNG`, and
        instances of the classes in ``layer_types``.
    max_bytes : int
        Largest total size of the array data.
    layer_types : mapping of name to class, optional
        Dataclasses that may be sent as ``{"layer": name, "kwargs": ...}``.

    Raises
    ------
    CodecError
        For any other type, a non-numeric array, a non-``str`` dict key,
        nesting deeper than ``MAX_NESTING`` (this also stops cycles) or too much data.
    """
    encoder = _Encoder(max_bytes, layer_types or {})
    try:
        tree = encoder.node(value, 0)
    except CodecError:
        raise
    except RecursionError as exc:
        raise CodecError("nesting too deep") from exc
    return Encoded(tree, encoder.chunks, encoder.size)


def _to_native(array: np.ndarray, native: np.dtype) -> np.ndarray:
    """``array`` in this machine's byte order, swapped in place when its buffer allows."""
    if array.flags.writeable:
        return array.byteswap(inplace=True).view(native)
    return array.astype(native)


class _Decoder:
    def __init__(self, body: Any, make_rng: Callable[[int], Any],
                 layer_types: Mapping[str, type]):
        self.body = body
        self.size = len(body)
        self.make_rng = make_rng
        self.layer_types = layer_types

    def items(self, node: dict, depth: int) -> list:
        items = node.get("items")
        if type(items) is not list:
            raise CodecError("container without an item list")
        return [self.node(item, depth + 1) for item in items]

    def array(self, node: dict) -> Any:
        dtype = _safe_dtype(node.get("dtype"))
        shape, at, n = node.get("shape"), node.get("at"), node.get("n")
        if (type(shape) is not list or len(shape) > _MAX_NDIM
                or any(type(d) is not int or d < 0 for d in shape)):
            raise CodecError(f"bad array shape {shape!r}")
        if type(at) is not int or type(n) is not int or at < 0 or n < 0 or at + n > self.size:
            raise CodecError("array data outside the message body")
        count = 1
        for dim in shape:
            count *= dim
        if count * dtype.itemsize != n:
            raise CodecError("array data does not match its shape and dtype")
        native = dtype.newbyteorder("=")
        if count == 0:
            array = np.zeros(shape, dtype=native)
        else:
            array = _frombuffer(self.body, dtype=dtype, count=count, offset=at).reshape(shape)
            if dtype != native:  # another byte order: the same values, in this machine's order
                array = _to_native(array, native)
        if node.get("scalar") is True:
            if shape:
                raise CodecError("a numpy scalar must have shape ()")
            return array[()]
        return array

    def layer(self, node: dict, depth: int) -> Any:
        cls = self.layer_types.get(node.get("layer")) if type(node.get("layer")) is str else None
        if cls is None:
            raise CodecError(f"unknown layer type {node.get('layer')!r}")
        kwargs = self.node(node.get("kwargs"), depth + 1)
        names = {f.name for f in dataclasses.fields(cls)}
        if type(kwargs) is not dict or not set(kwargs) <= names:
            raise CodecError(f"bad arguments for layer {cls.__name__}")
        return cls(**kwargs)

    def node(self, node: Any, depth: int) -> Any:
        if depth > MAX_NESTING:
            raise CodecError(f"nesting deeper than {MAX_NESTING} levels")
        kind = type(node)
        if node is None or kind in (bool, int, float, str):
            return node
        if kind is not dict:
            raise CodecError(f"unexpected {kind.__name__} in encoded data")
        tag = node.get("$")
        if tag == "nd":
            return self.array(node)
        if tag == "tuple":
            return tuple(self.items(node, depth))
        if tag == "list":
            return self.items(node, depth)
        if tag == "dict":
            pairs = node.get("items")
            if type(pairs) is not list:
                raise CodecError("dict without an item list")
            out = {}
            for pair in pairs:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                    raise CodecError("bad dict item")
                out[pair[0]] = self.node(pair[1], depth + 1)
            return out
        if tag == "rng":
            return self.make_rng(_seed(node.get("seed")))
        if tag == "layer":
            return self.layer(node, depth)
        raise CodecError(f"unknown node tag {tag!r}")


def decode(tree: Any, body: Any = b"", *, make_rng: Callable[[int], Any] = RNG,
           layer_types: Optional[Mapping[str, type]] = None) -> Any:
    """Rebuild a value from ``tree`` and ``body``.

    Parameters
    ----------
    tree : Any
        As produced by :func:`encode` (after a JSON round trip).
    body : bytes-like
        The message body; arrays are views into it (writable if ``body`` is a
        ``bytearray``), so keep it alive and unshared.
    make_rng : callable
        Turns an RNG seed into the value to hand over (``RNG`` on the grader
        side, ``numpy.random.default_rng`` on the student side).
    layer_types : mapping of name to class, optional
        The only classes a ``layer`` node may name.

    Raises
    ------
    CodecError
        If the tree is not a valid encoding (unknown tags, non-numeric dtypes,
        sizes that do not add up, data outside the body, nesting too deep).
    """
    decoder = _Decoder(body, make_rng, layer_types or {})
    try:
        return decoder.node(tree, 0)
    except CodecError:
        raise
    except Exception as exc:  # e.g. numpy refusing a shape, a layer refusing its kwargs
        raise CodecError(f"invalid encoded data ({type(exc).__name__}: {exc})") from exc
