"""The README's layout tables name every part of the tree, so a reader knows where a change goes."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([^`\s]+)`", README))


def _parts(folder: Path) -> list[str]:
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                  if not p.name.startswith((".", "_")) and p.name != "__pycache__"
                  and (p.is_dir() or p.suffix in (".py", ".toml")))


def test_every_part_of_the_autograder_is_in_the_layout_table():
    missing = [name for name in _parts(ROOT / "autograder") if name not in NAMED]
    assert not missing, f"README.md's autograder table lacks {missing}"


def test_every_top_level_folder_is_in_the_layout_table():
    folders = ["assignments/", "solutions/", "cnnlab/", "autograder/", "examples/", "tests/",
               "benchmarks/", "docs/", "scripts/"]
    for folder in folders:
        assert (ROOT / folder).is_dir(), folder
        assert any(name.startswith(folder) for name in NAMED), folder
