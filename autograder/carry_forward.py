"""Bring a student's finished work from earlier assignment folders into the current one.

Every assignment ships all stub modules, and later assignments use earlier
functions (3.4 trains with the ``conv2d`` of 3.6, the comparison notebooks load
the network trained in 3.4). nbgrader fetches each assignment into its own
folder next to the others (``cnn331_convolution/``, ``cnn36_color_conv/``, ...),
so the work has to be copied forward. :func:`carry_forward` does it without
ever overwriting work:

- a module is copied only when the current folder's copy is still an untouched
  stub (every public function only raises ``NotImplementedError``), from the
  latest earlier assignment folder (in the course's order) whose copy has at
  least one implemented function;
- trained weights (``mnist_cnn.npz``, ...) are copied when the current folder
  has none of that name.

Run it from the notebook's setup cell, or ``autograder carry-forward . --assignment <id>``.
"""
from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .manifest import assignments

# Files a later assignment may need besides the modules: the trained networks.
WEIGHT_FILES = ("mnist_cnn.npz", "mnist_mlp.npz", "cifar10_alexnet.npz")


@dataclass
class CarryReport:
    """What :func:`carry_forward` did.

    ``copied``: file name -> the folder it came from. ``kept``: modules already
    edited here, left alone. ``elsewhere``: per module, functions that only an
    older copy implements (neither this folder's nor the copied one), to copy by hand.
    """
    copied: dict[str, Path] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    elsewhere: dict[str, list[str]] = field(default_factory=dict)
    earlier: list[Path] = field(default_factory=list)  # earlier assignment folders found

    def text(self) -> str:
        """Korean, then English, one line per file."""
        if not self.earlier:
            return ("앞 과제의 폴더를 찾지 못했습니다: 이 폴더 옆에 과제 이름의 폴더가 있어야 합니다 "
                    "(no earlier assignment folder next to this one).")
        lines = [f"가져옴 (copied): {name} ← {source.name}/" for name, source in self.copied.items()]
        lines += [f"그대로 둠 (kept, already edited here): {name}" for name in self.kept]
        lines += [f"  {name}: 더 앞 과제의 파일에만 있는 함수, 직접 복사하세요 (only in an older copy, "
                  f"copy by hand): {', '.join(functions)}" for name, functions in self.elsewhere.items()]
        if not lines:
            lines.append("가져올 것이 없습니다 (nothing to copy): 모듈이 이미 이 폴더에 있습니다.")
        return "\n".join(lines)


def implemented_functions(path: Path) -> list[str] | None:
    """Public functions of a module that do more than raise ``NotImplementedError``.

    Returns None when the file cannot be parsed (a half-written module is work too).
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    done = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]   # the docstring
            if not (len(body) == 1 and _raises_not_implemented(body[0])):
                done.append(node.name)
    return done


def _raises_not_implemented(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    target = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"


def earlier_folders(folder: Path, assignment_id: str) -> list[Path]:
    """The folders of the assignments before ``assignment_id``, oldest first, that exist."""
    order = list(assignments())
    if assignment_id not in order:
        raise ValueError(f"assignment_id: unknown assignment {assignment_id!r}")
    parent = folder.resolve().parent
    return [parent / a for a in order[:order.index(assignment_id)] if (parent / a).is_dir()]


def carry_forward(folder: str | Path, assignment_id: str) -> CarryReport:
    """Copy finished modules and trained weights from earlier assignment folders into ``folder``.

    Parameters
    ----------
    folder : path
        The current assignment's folder (the notebook's, ``"."``).
    assignment_id : str
        Its id in ``autograder/assignments.toml``; earlier ones come before it there.

    Returns
    -------
    CarryReport
        Print ``report.text()`` for the student.
    """
    here = Path(folder)
    report = CarryReport(earlier=earlier_folders(here, assignment_id))
    for module in sorted(here.glob("*.py")):
        if module.name.startswith("_"):
            continue
        copies = {source: implemented_functions(source / module.name) or []
                  for source in report.earlier if (source / module.name).is_file()}
        done_here = implemented_functions(module)
        if done_here is None or done_here:
            if any(copies.values()):
                report.kept.append(module.name)
        else:
            latest = next((source for source in reversed(report.earlier) if copies.get(source)), None)
            if latest is not None:
                shutil.copy2(latest / module.name, module)
                report.copied[module.name] = latest
        now = set(implemented_functions(module) or ())
        missing = sorted({f for functions in copies.values() for f in functions} - now)
        if missing:
            report.elsewhere[module.name] = missing
    for name in WEIGHT_FILES:
        if (here / name).exists():
            continue
        for source in reversed(report.earlier):
            if (source / name).is_file():
                shutil.copy2(source / name, here / name)
                report.copied[name] = source
                break
    return report
