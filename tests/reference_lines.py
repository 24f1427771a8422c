"""Distinctive lines of the reference solutions' code, to look for in what students receive."""
from __future__ import annotations

import ast
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


def reference_body_lines(folder: Path = SOLUTIONS) -> set[str]:
    """Lines of at least 30 characters in the references' function bodies (not their docstrings)."""
    lines = set()
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if ast.get_docstring(node) else node.body
                for statement in body:
                    for line in (ast.get_source_segment(source, statement) or "").splitlines():
                        if len(line.strip()) >= 30:
                            lines.add(line.strip())
    assert len(lines) > 50, "enough reference lines to look for"
    return lines
