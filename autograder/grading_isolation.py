"""Which isolation instructor grading may use: bubblewrap, or a refusal to start.

Without bubblewrap the sandbox is a plain process of the grader's own user:
as root that is root (where ``nobody`` cannot read the Python installation,
e.g. one under ``/root``), and as any user it may write the grader's output
(a classmate's ``results.json``) and read the references. So ``grade``,
``grade-class`` and the course's grading step never fall back to it on their
own: with ``isolation = "auto"`` and no working bubblewrap they stop with one
line saying how to install it. ``--isolation process`` stays possible for code
one trusts (the bundled examples, one's own solutions) and prints a warning.
The student's self-check (``autograder check``) keeps its plain-process
fallback: it runs the student's own code on the student's machine.
"""
from __future__ import annotations

import getpass
import os

from .sandbox import isolation_available
from .settings import Settings

INSTALL = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; "
           "Fedora: sudo dnf install bubblewrap)")


class IsolationRefused(RuntimeError):
    """Grading would run student code without isolation; the message says what to do."""


def _user() -> str:
    try:
        return "root" if os.geteuid() == 0 else getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.geteuid()}"


def unisolated_warning() -> str:
    return (f"warning: --isolation process runs student code as a plain process of {_user()}, "
            "which can read the references and write the grader's files: only for code you trust")


def grading_settings(settings: Settings, *, trusted_code: bool = False) -> tuple[Settings, str]:
    """``settings`` with the isolation grading will use, and a warning to show (or ``""``).

    Parameters
    ----------
    settings : Settings
    trusted_code : bool
        The submissions are the course's own (the demo's bundled examples):
        without bubblewrap, ``auto`` may then fall back to a plain process.

    Raises
    ------
    IsolationRefused
        ``auto`` or ``bwrap`` without a working bubblewrap, for untrusted code.
    """
    if settings.isolation == "process":
        return settings, unisolated_warning()
    if isolation_available() == "bwrap":
        return settings.replace(isolation="bwrap"), ""
    if settings.isolation == "bwrap" or not trusted_code:
        raise IsolationRefused(
            f"grading runs student code only inside bubblewrap, which does not work here: "
            f"{INSTALL}, or pass --isolation process for code you trust")
    return settings.replace(isolation="process"), (
        "note: bubblewrap does not work here; the bundled examples run as plain processes "
        f"({INSTALL} to isolate them)")
