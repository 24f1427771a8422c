"""Running nbgrader's own commands in the course directory, as the instructor would.

The course step runs ``nbgrader autograde`` and ``nbgrader generate_feedback``
as separate processes in the course directory, so they read the same
configuration files as when the instructor types them (the course's
``nbgrader_config.py``, ``/etc/jupyter``, ``~/.jupyter``). Their full output
goes to a log file; what comes back is whether they worked and, for a
failure, which students nbgrader named.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from autograder.settings import ENV_PREFIX

# nbgrader's converters end a failed run with one such line per submission.
_FAILED = re.compile(r"There was an error processing assignment '([^']*)' for student '([^']*)'")


@dataclass
class NbgraderRun:
    """How one nbgrader command went."""
    command: list[str]
    returncode: int
    output: str
    log: Optional[Path] = None
    failed_students: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def nbgrader_environment(settings: Optional[Mapping[str, Any]] = None) -> dict[str, str]:
    """This environment, with this interpreter's tools first on PATH and ``settings`` as ``AUTOGRADER_*``.

    nbgrader runs the ``alembic`` executable of its own environment to create
    ``gradebook.db``; the autograder inside nbgrader reads its settings from
    the environment, so grading inside nbgrader uses the same settings (and
    so the same fingerprints) as the parallel grading before it.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for key, value in (settings or {}).items():
        env[ENV_PREFIX + key.upper()] = str(value)
    return env


def student_selection(chosen: list[str], everyone: list[str]) -> list[str]:
    """nbgrader options that limit a command to ``chosen`` among the collected ``everyone``."""
    if len(chosen) == 1:
        return [f"--student={chosen[0]}"]
    others = sorted(set(everyone) - set(chosen))
    return [f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []


def run_nbgrader(course_dir: Path, args: list[str], *, settings: Optional[Mapping[str, Any]] = None,
                 log: Optional[Path] = None) -> NbgraderRun:
    """Run ``nbgrader <args>`` in ``course_dir``; keep its output in ``log``."""
    command = [sys.executable, "-m", "nbgrader", *args]
    process = subprocess.run(command, cwd=course_dir, env=nbgrader_environment(settings),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"$ {' '.join(command[1:])}\n{process.stdout}", encoding="utf-8")
    failed = sorted({student for _, student in _FAILED.findall(process.stdout)})
    return NbgraderRun(command, process.returncode, process.stdout, log, failed)
