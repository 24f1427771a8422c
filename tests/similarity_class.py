"""Synthetic classes for the similarity report: independent authors and disguised copies.

An *author* is one of the hand-written styles of :mod:`tests.similarity_styles`
(or the reference solutions) pasted into the released stubs, the way a student
fills them in. A *copy* is an author's submission disguised as a copier would:
local variables and helper functions renamed, functions reordered, comments
changed or removed, the layout reformatted. Every student folder has a known
origin, so a test knows exactly which pairs are copies.
"""
from __future__ import annotations

import ast
import builtins
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from autograder.reference import reference_as_submission

from similarity_styles import AUTHORS

ROOT = Path(__file__).resolve().parents[1]
STUBS = ROOT / "assignments" / "modules"
REFERENCE = "reference"
TODO_LINES = ('    # TODO: 여기에 코드를 작성하세요 (write your code here)\n'
              '    raise NotImplementedError("{name} is not implemented yet")\n')

# Disguises, lightest first.
LIGHT, RENAME, FULL = "light", "rename", "full"
DISGUISES = (LIGHT, RENAME, FULL)

_NEW_NAMES = ("val", "tmp", "arr", "res", "buf", "data", "item", "cur", "total_", "step_",
              "mat", "vec", "hh", "ww", "ii", "jj", "kk", "rr", "cc", "src", "dst", "ret",
              "shape_", "size_", "lo", "hi", "out_", "acc_", "win", "grid", "ext", "cnt")
_COMMENTS = ("# 여기서 계산", "# compute it", "# 결과 (result)", "# check the inputs",
             "# 반복문", "# loop over positions", "# TODO: 나중에 정리", "# 출력 크기",
             "# padding first", "# 완성!", "# helper", "# shape check")


def paste(stub: str, part: str) -> str:
    """Fill a stub module with an author's functions.

    Parameters
    ----------
    stub : str
        A released stub module's text.
    part : str
        The author's source for that module: imports, the graded functions
        (whose bodies replace the stub's TODO lines) and helper functions
        (appended at the end).

    Returns
    -------
    str
        The filled module.
    """
    tree = ast.parse(part)
    lines = part.splitlines(keepends=True)
    imports, helpers = [], []
    text = stub
    for node in tree.body:
        source = "".join(lines[node.lineno - 1:node.end_lineno])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(source)
            continue
        todo = TODO_LINES.format(name=node.name)
        if isinstance(node, ast.FunctionDef) and todo in text:
            body = "".join(lines[node.body[0].lineno - 1:node.end_lineno])
            text = text.replace(todo, body, 1)
        else:
            helpers.append(source)
    if imports:
        text = text.replace("import numpy as np\n", "import numpy as np\n" + "".join(imports), 1)
    return text.rstrip("\n") + "\n\n\n" + "\n\n".join(h.rstrip("\n") + "\n" for h in helpers)


def author_submission(folder: Path, author: str) -> Path:
    """Write ``author``'s submission: every stub module, filled where the author solved it."""
    folder = Path(folder)
    if author == REFERENCE:
        # The reference solutions as a student would hand them in (their
        # private helper modules included).
        return reference_as_submission(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = AUTHORS[author]
    for stub in sorted(STUBS.glob("*.py")):
        text = stub.read_text(encoding="utf-8")
        if stub.stem in parts:
            text = paste(text, parts[stub.stem])
        (folder / stub.name).write_text(text, encoding="utf-8")
    return folder


def stub_submission(folder: Path) -> Path:
    """The untouched stubs, as released."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for stub in STUBS.glob("*.py"):
        shutil.copy(stub, folder / stub.name)
    return folder


TRIVIAL = {
    "shapes": ('''
def flatten(x):
    return x.reshape(x.shape[0], -1)


def conv_output_size(n, kernel_size, stride=1, padding=0):
    return (n + 2 * padding - kernel_size) // stride + 1
'''),
    "params": ('''
def dense_params(n_in, units, use_bias=True):
    return n_in * units + units
'''),
}


def trivial_submission(folder: Path) -> Path:
    """The stubs with the three one-line answers every student writes the same way."""
    stub_submission(folder)
    for module, part in TRIVIAL.items():
        path = Path(folder) / f"{module}.py"
        path.write_text(paste(path.read_text(encoding="utf-8"), part), encoding="utf-8")
    return Path(folder)


# --- disguises ---------------------------------------------------------------------------

class _Renamer(ast.NodeTransformer):
    """Rename helpers module-wide and every function's locals within that function."""

    def __init__(self, helpers: dict[str, str], new_name):
        self.helpers = helpers
        self.new_name = new_name
        self.scope: dict[str, str] = {}

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        top_level = not self.scope
        if top_level:
            public = not node.name.startswith("_")
            keep = set() if not public else {a.arg for a in _all_args(node.args)}
            self.scope = {n: self.new_name() for n in sorted(_local_names(node) - keep)}
            self.scope.update((h, new) for h, new in self.helpers.items() if h not in self.scope)
            node.name = self.helpers.get(node.name, node.name)
            self.generic_visit(node)
            self.scope = {}
            return node
        node.name = self.scope.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self.scope.get(node.arg, node.arg)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = self.scope.get(node.id, self.helpers.get(node.id, node.id))
        return node


def _all_args(args: ast.arguments) -> list[ast.arg]:
    found = args.posonlyargs + args.args + args.kwonlyargs
    return found + [a for a in (args.vararg, args.kwarg) if a is not None]


def _local_names(function: ast.FunctionDef) -> set[str]:
    """Names bound inside ``function``: its parameters, assigned names, nested defs."""
    names = {a.arg for a in _all_args(function.args)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node is not function:
            names.add(node.name)
            names.update(a.arg for a in _all_args(node.args))
    return names - set(dir(builtins))


def _name_factory(rng: random.Random, taken: set[str]):
    pool = list(_NEW_NAMES)
    rng.shuffle(pool)
    counter = iter(range(10 ** 6))

    def new_name() -> str:
        while True:
            i = next(counter)
            name = pool[i % len(pool)] + (str(i // len(pool)) if i >= len(pool) else "")
            if name not in taken:
                taken.add(name)
                return name
    return new_name


def rename_and_reformat(source: str, rng: random.Random, reorder: bool,
                        keep: frozenset[str] = frozenset()) -> str:
    """Rename locals and helpers, optionally reorder the functions, and re-lay the code.

    The result is printed from the syntax tree (``ast.unparse``): every comment
    is gone and the layout is the printer's, as after a code formatter. Helpers
    named in ``keep`` (imported by the submission's other modules) keep their names.
    """
    tree = ast.parse(source)
    taken = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | set(dir(builtins))
    taken |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    new_name = _name_factory(rng, taken)
    helpers = {n.name: "_" + new_name() for n in tree.body
               if isinstance(n, ast.FunctionDef) and n.name.startswith("_") and n.name not in keep}
    tree = _Renamer(helpers, new_name).visit(tree)
    if reorder:
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        rest = [n for n in tree.body if not isinstance(n, ast.FunctionDef)]
        rng.shuffle(functions)
        tree.body = rest + functions
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def sprinkle_comments(source: str, rng: random.Random, rate: float = 0.15) -> str:
    """Add comments of the copier's own above some statements."""
    out = []
    in_string = False
    for line in source.splitlines():
        if line.count('"""') % 2 == 1:
            in_string = not in_string
        stripped = line.lstrip()
        if (not in_string and stripped.startswith(("for ", "if ", "return ", "out", "res"))
                and rng.random() < rate):
            out.append(line[:len(line) - len(stripped)] + rng.choice(_COMMENTS))
        out.append(line)
    return "\n".join(out) + "\n"


def relayout(source: str, rng: random.Random) -> str:
    """Change comments and whitespace only: the copier's lightest disguise.

    Comments are replaced or removed, blank lines added or removed, spaces
    around ``=`` and after commas changed on some lines.
    """
    out = []
    for line in source.splitlines():
        stripped = line.lstrip()
        indent = line[:len(line) - len(stripped)]
        if stripped.startswith("#") and not stripped.startswith("# TODO"):
            if rng.random() < 0.5:
                out.append(indent + rng.choice(_COMMENTS))
            continue
        if " # " in line and '"' not in line and "'" not in line:
            line = line.split(" # ")[0].rstrip()
        if not stripped and rng.random() < 0.3:
            continue
        if stripped.startswith(("if ", "for ")) and rng.random() < 0.3:
            out.append("")
        if re.match(r"^\s+\w+ = ", line) and rng.random() < 0.5:
            line = re.sub(r"^(\s+\w+) = ", r"\1=", line, count=1)
        if stripped.startswith(("return ", "out", "raise ")) and '"' not in line:
            line = line.replace(", ", ",")
        out.append(line + (" " if rng.random() < 0.1 else ""))
    return "\n".join(out) + "\n"


def disguise_folder(source: Path, dest: Path, rng: random.Random, level: str) -> Path:
    """Copy a submission folder, disguising every module at ``level`` (see :data:`DISGUISES`)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    imported = frozenset(name.strip() for path in Path(source).glob("*.py")
                         for names in re.findall(r"^from \w+ import \(?([\w, \n]+)\)?",
                                                 path.read_text(encoding="utf-8"), re.MULTILINE)
                         for name in names.split(","))
    for path in sorted(Path(source).glob("*.py")):
        text = path.read_text(encoding="utf-8")
        stub = STUBS / path.name
        if stub.exists() and stub.read_text(encoding="utf-8") == text:
            shutil.copy(path, dest / path.name)   # an untouched stub stays untouched
            continue
        if level == LIGHT:
            text = relayout(text, rng)
        else:
            text = sprinkle_comments(rename_and_reformat(text, rng, reorder=level == FULL, keep=imported), rng)
        compile(text, str(dest / path.name), "exec")   # still a valid module
        (dest / path.name).write_text(text, encoding="utf-8")
    return dest


# --- classes ------------------------------------------------------------------------------

@dataclass
class SyntheticClass:
    """A generated class: where it is, and the truth about every student."""
    root: Path
    origin: dict[str, str] = field(default_factory=dict)      # student -> author, "" for no code
    disguise: dict[str, str] = field(default_factory=dict)    # student -> disguise level or "original"

    def copies(self) -> set[frozenset[str]]:
        """Every pair of students whose code has one origin (an original and its copies)."""
        by_origin: dict[str, list[str]] = {}
        for student, origin in self.origin.items():
            if origin:
                by_origin.setdefault(origin, []).append(student)
        return {frozenset((a, b)) for group in by_origin.values()
                for i, a in enumerate(group) for b in group[i + 1:]}


def make_class(root: Path, n_students: int = 40, seed: int = 0, n_stubs: int = 2,
               n_trivial: int = 2) -> SyntheticClass:
    """Generate a class: every author once, disguised copies of them, untouched and trivial stubs.

    Parameters
    ----------
    root : Path
        Receives one folder per student (``s001`` ...), in shuffled order so the
        originals are not the first folders.
    n_students : int
        Class size; at least the number of authors plus ``n_stubs + n_trivial``.
    seed : int
        Same seed, same class.
    n_stubs, n_trivial : int
        Students who handed in the untouched stubs, and students who only wrote
        the same three one-line answers.

    Returns
    -------
    SyntheticClass
    """
    rng = random.Random(seed)
    root = Path(root)
    authors = sorted(AUTHORS) + [REFERENCE]
    n_copies = n_students - len(authors) - n_stubs - n_trivial
    if n_copies < 0:
        raise ValueError(f"a class needs at least {len(authors) + n_stubs + n_trivial} students")
    ids = [f"s{i:03d}" for i in range(1, n_students + 1)]
    rng.shuffle(ids)
    klass = SyntheticClass(root)
    originals = {}
    for author in authors:
        student = ids.pop()
        originals[author] = author_submission(root / student, author)
        klass.origin[student], klass.disguise[student] = author, "original"
    for i in range(n_copies):
        author = authors[i % len(authors)]
        level = DISGUISES[(i // len(authors)) % len(DISGUISES)]
        student = ids.pop()
        disguise_folder(originals[author], root / student, rng, level)
        klass.origin[student], klass.disguise[student] = author, level
    for _ in range(n_stubs):
        student = ids.pop()
        stub_submission(root / student)
        klass.origin[student], klass.disguise[student] = "", "stubs"
    for _ in range(n_trivial):
        student = ids.pop()
        trivial_submission(root / student)
        klass.origin[student], klass.disguise[student] = "", "trivial"
    return klass


def make_mixed_class(root: Path, n_students: int = 200, seed: int = 0) -> Path:
    """A large class for timing: each student takes every module from a random author, disguised.

    Most pairs share some module, so the comparison has many matches to find
    and draw: a heavier load than a real class.
    """
    rng = random.Random(seed)
    root = Path(root)
    authors = sorted(AUTHORS) + [REFERENCE]
    pool = root.parent / f".{root.name}-authors"
    originals = {a: author_submission(pool / a, a) for a in authors}
    for i in range(1, n_students + 1):
        folder = root / f"student{i:03d}"
        staged = pool / f"mix{i:03d}"
        staged.mkdir(parents=True, exist_ok=True)
        for stub in STUBS.glob("*.py"):
            author = rng.choice(authors)
            shutil.copy(originals[author] / stub.name, staged / stub.name)
        for extra in originals[REFERENCE].glob("_*.py"):
            shutil.copy(extra, staged / extra.name)
        disguise_folder(staged, folder, rng, rng.choice(DISGUISES))
    shutil.rmtree(pool)
    return root
