"""The layer functions a model trains with: the references or a student's own modules.

An :class:`Ops` bundles the forward and backward functions of ``conv.py``,
``pooling.py``, ``dropout.py``, ``shapes.py`` and ``backprop.py`` (the student
API). :func:`load_ops` builds one from a folder of those modules, loaded by
path, so a model can run on a student's implementation as easily as on the
reference one::

    ops = load_ops("reference")            # the course repository's solutions/
    ops = load_ops("my_homework/")         # conv.py, pooling.py, ... of a student
"""
from __future__ import annotations

import importlib
import importlib.util
import itertools
import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from types import ModuleType
from typing import Callable

# Which module of the student API holds each function an Ops needs.
OP_MODULES: dict[str, str] = {
    "flatten": "shapes",
    "conv2d": "conv",
    "max_pool2d": "pooling",
    "avg_pool2d": "pooling",
    "global_avg_pool2d": "pooling",
    "global_max_pool2d": "pooling",
    "dropout": "dropout",
    "relu": "backprop",
    "relu_backward": "backprop",
    "dense_forward": "backprop",
    "dense_backward": "backprop",
    "conv2d_backward": "backprop",
    "max_pool2d_backward": "backprop",
    "avg_pool2d_backward": "backprop",
    "dropout_backward": "backprop",
    "softmax_cross_entropy": "backprop",
}
MODULE_NAMES: tuple[str, ...] = tuple(dict.fromkeys(OP_MODULES.values()))

_package_ids = itertools.count(1)


@dataclass(frozen=True)
class Ops:
    """The functions of the student API that training calls, plus where they came from."""

    flatten: Callable
    conv2d: Callable
    max_pool2d: Callable
    avg_pool2d: Callable
    global_avg_pool2d: Callable
    global_max_pool2d: Callable
    dropout: Callable
    relu: Callable
    relu_backward: Callable
    dense_forward: Callable
    dense_backward: Callable
    conv2d_backward: Callable
    max_pool2d_backward: Callable
    avg_pool2d_backward: Callable
    dropout_backward: Callable
    softmax_cross_entropy: Callable
    source: str = "?"

    @classmethod
    def from_modules(cls, modules: dict[str, ModuleType], source: str) -> "Ops":
        """Pick every function from ``modules`` (module name -> module)."""
        functions = {}
        for op, module_name in OP_MODULES.items():
            fn = getattr(modules[module_name], op, None)
            if not callable(fn):
                raise AttributeError(f"{module_name}.py in {source} has no function {op}()")
            functions[op] = fn
        return cls(**functions, source=source)

    def replace(self, **functions: Callable) -> "Ops":
        """A copy with some functions swapped (e.g. to mix a student's and the reference's)."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        return Ops(**{**current, **functions})

    def names(self) -> list[str]:
        """The function names, in the order of :data:`OP_MODULES`."""
        return list(OP_MODULES)


def find_solutions_dir() -> Path:
    """The course repository's ``solutions/`` folder (the references).

    Found by the autograder's one rule (:func:`autograder.reference.solutions_dir`:
    the ``solutions_dir`` setting, else the folder of the course checkout).
    Students' copies have no such folder, which is expected.

    Raises
    ------
    FileNotFoundError
        When no ``solutions/`` folder can be found.
    """
    try:
        from autograder.reference import ReferenceNotFound, solutions_dir
    except ImportError:  # cnnlab without the autograder: certainly no references
        raise FileNotFoundError("the reference solutions are only in the course repository; "
                                "load your own modules with load_ops('path/to/your/folder')") from None
    try:
        return solutions_dir()
    except ReferenceNotFound as exc:
        raise FileNotFoundError(f"{exc} Load your own modules with "
                                "load_ops('path/to/your/folder').") from None


def load_ops(source: str | os.PathLike = "reference") -> Ops:
    """Load the layer functions from a folder of the student API's modules.

    Parameters
    ----------
    source : "reference" or path
        ``"reference"``: the course's reference solutions (see
        :func:`find_solutions_dir`). Otherwise a folder holding ``shapes.py``,
        ``conv.py``, ``pooling.py``, ``dropout.py`` and ``backprop.py``. A plain
        folder's modules may import each other by name (``from shapes import
        flatten``); a package folder (with ``__init__.py``) may use relative
        imports (``from .shapes import flatten``).

    Returns
    -------
    Ops

    Raises
    ------
    FileNotFoundError
        A missing folder or module file.
    AttributeError
        A module without one of the functions.

    Examples
    --------
    >>> ops = load_ops("reference")                 # doctest: +SKIP
    >>> ops.relu(np.array([-1.0, 2.0]))             # doctest: +SKIP
    array([0., 2.])
    """
    if str(source) == "reference":
        folder = find_solutions_dir()
    else:
        folder = Path(source).expanduser().resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"no folder {folder}")
        missing = [f"{m}.py" for m in MODULE_NAMES if not (folder / f"{m}.py").is_file()]
        if missing:
            raise FileNotFoundError(f"{folder} lacks {', '.join(missing)}")
    if (folder / "__init__.py").is_file():
        modules = _load_package(folder)
    else:
        modules = _load_plain_folder(folder)
    return Ops.from_modules(modules, source=str(folder))


def _load_package(folder: Path) -> dict[str, ModuleType]:
    """Import ``folder`` as a package under a fresh name, so copies never collide."""
    name = f"_cnnlab_ops_{next(_package_ids)}"
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return {m: importlib.import_module(f"{name}.{m}") for m in MODULE_NAMES}


def _load_plain_folder(folder: Path) -> dict[str, ModuleType]:
    """Import top-level modules from ``folder`` without leaving them in ``sys.modules``.

    The student's modules import each other by bare name (``from shapes import
    ...``), so the folder goes first on ``sys.path`` while they load. Any module
    of that folder is then taken out of ``sys.modules`` again and whatever it
    shadowed is put back, so two folders (a student's and another's) can be
    loaded side by side in one process.
    """
    before = dict(sys.modules)
    for name in list(sys.modules):
        if _defined_in(sys.modules[name], folder) or name in MODULE_NAMES:
            del sys.modules[name]
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    try:
        return {m: importlib.import_module(m) for m in MODULE_NAMES}
    finally:
        sys.path.remove(str(folder))
        for name in list(sys.modules):
            if name not in before or sys.modules[name] is not before[name]:
                if _defined_in(sys.modules[name], folder) or name in MODULE_NAMES:
                    del sys.modules[name]
        for name, module in before.items():
            sys.modules.setdefault(name, module)


def _defined_in(module: ModuleType | None, folder: Path) -> bool:
    path = getattr(module, "__file__", None)
    return bool(path) and Path(path).resolve().parent == folder
