#!/usr/bin/env python3
"""The two commands of the README, with nothing but Python and pip on the machine.

    python3 tasks.py demo    # set up .venv, then grade the bundled example submissions
    python3 tasks.py test    # set up .venv, then run the test suite

Set-up is idempotent: the virtual environment in ``.venv`` is created once and
reinstalled only when ``pyproject.toml`` changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CNN_VENV", ROOT / ".venv"))
PY = VENV / "bin" / "python"
STAMP = VENV / ".installed-pyproject"


def run(*cmd: str | Path, **kw) -> int:
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def ensure_env(extras: str) -> None:
    """Create ``.venv`` and install the project with ``extras`` unless already done."""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    steps = [
        (PY, "-m", "pip", "install", "-q", "--upgrade", "pip"),
        # The CPU build of torch first, so nothing pulls a multi-GB CUDA build.
        (PY, "-m", "pip", "install", "-q", "torch==2.13.0"),
        (PY, "-m", "pip", "install", "-q", "-e", f".[{extras}]"),
    ]
    for step in steps:
        if run(*step) != 0:
            sys.exit(f"set-up failed at: {' '.join(map(str, step))}")
    STAMP.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_env("dev,oracles")
    if command == "setup":
        return 0
    if command == "demo":
        return run(PY, "-m", "autograder", "demo", *rest)
    return run(PY, "-m", "pytest", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
