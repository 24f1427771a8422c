#!/usr/bin/env python3
"""Write the student stubs in ``assignments/modules/`` from the references in ``solutions/``.

Each stub keeps the reference module's docstring, the public functions'
signatures and docstrings, and the imports a student needs; every body becomes
``raise NotImplementedError``. Private helpers and reference code never reach
the output. ``tests/test_stubs.py`` regenerates the stubs and fails when the
committed files differ, so stubs and references cannot drift apart.

    python scripts/make_stubs.py          # rewrite the stubs
    python scripts/make_stubs.py --check  # exit 1 if a stub is out of date
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
STUBS = ROOT / "assignments" / "modules"
MODULES = ["shapes", "params", "conv", "pooling", "dropout", "backprop", "activations"]

TODO = "    # TODO: 여기에 코드를 작성하세요 (write your code here)\n"


def public_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def student_imports(tree: ast.Module) -> list[str]:
    """Imports that a student's module needs: numpy, typing and the provided cnnlab package."""
    lines = ["from __future__ import annotations", "", "import numpy as np"]
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cnnlab"):
            lines.append(ast.unparse(node))
    return lines


def stub_source(module: str) -> str:
    source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    doc = ast.get_docstring(tree, clean=False) or ""
    out = [f'"""{doc.rstrip()}\n\nStudent stub: fill in every function marked TODO.\n"""\n']
    out += [line + "\n" for line in student_imports(tree)]
    for fn in public_functions(tree):
        body_start = fn.body[0]
        first = fn.decorator_list[0].lineno if fn.decorator_list else fn.lineno
        header = "".join(lines[first - 1:body_start.end_lineno])  # signature + docstring
        out.append("\n\n" + header + "\n" + TODO)
        out.append(f'    raise NotImplementedError("{fn.name} is not implemented yet")\n')
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale stubs")
    args = parser.parse_args()
    stale = []
    for module in MODULES:
        if not (SOLUTIONS / f"{module}.py").exists():
            continue
        text = stub_source(module)
        target = STUBS / f"{module}.py"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target)
            if not args.check:
                target.write_text(text, encoding="utf-8")
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
