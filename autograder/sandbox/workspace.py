"""The private directory of one sandbox: what the student process may see and write.

Layout (a fresh ``tempfile.mkdtemp`` per sandbox)::

    <root>/submission/   copies of the submission's .py files (no symlinks)
    <root>/lib/cnnlab/   copy of the provided cnnlab package
    <root>/tmp/          private TMPDIR/HOME (process isolation only)
    <root>/output.txt    capture file for the student's stdout/stderr

Only regular ``.py`` files are copied, read as untrusted input by
:mod:`autograder.submission_files` (no links, devices or FIFOs, bounded depth,
count and size); notebooks, data and caches stay behind. What was left out is
in :attr:`Workspace.skipped`.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from ..submission_files import MAX_FILE_BYTES, list_files, read_file

# The first line faulthandler writes for a fatal error or a stack dump (the timeout alarm).
_FAULT_RE = re.compile(r"^(Fatal Python error: |(Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):)",
                       re.MULTILINE)
_FRAME_RE = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')


def cnnlab_dir() -> Optional[Path]:
    """The grader's ``cnnlab`` package folder, or ``None`` if it cannot be found."""
    spec = importlib.util.find_spec("cnnlab")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _copy_python_files(source: Path, target: Path) -> list[str]:
    """Copy the submission's ``.py`` files; returns what was left out (see :mod:`submission_files`)."""
    found = list_files(source, (".py",))
    for relative in found.files:
        data = read_file(source / relative, MAX_FILE_BYTES[".py"])
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        destination.write_bytes(data)
        destination.chmod(0o644)
    return found.skipped


class Workspace:
    """Create and own one sandbox's private directory.

    Parameters
    ----------
    submission_dir : Path
        The student's folder (read only; never exposed to the student process).
    """

    def __init__(self, submission_dir: Path):
        self.root = Path(tempfile.mkdtemp(prefix="autograder-sandbox-"))
        try:
            # Traversable but not listable: the student uid (maybe ``nobody``) needs the subpaths.
            self.root.chmod(0o711)
            self.submission = self.root / "submission"
            self.submission.mkdir(mode=0o755)
            self.skipped = _copy_python_files(Path(submission_dir), self.submission)
            self._chmod_tree(self.submission)
            self.lib = self.root / "lib"
            self.lib.mkdir(mode=0o755)
            source = cnnlab_dir()
            if source is not None:
                shutil.copytree(source, self.lib / "cnnlab", symlinks=False,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
                self._chmod_tree(self.lib)
            self.tmp = self.root / "tmp"
            self.tmp.mkdir()
            self.tmp.chmod(0o777)
            self.output = self.root / "output.txt"
            self.output.touch()
            self.output.chmod(0o666)
        except BaseException:
            self.remove()
            raise

    @staticmethod
    def _chmod_tree(top: Path) -> None:
        for folder, dirs, files in os.walk(top):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)

    def clear_output(self) -> None:
        with open(self.output, "r+b") as handle:
            handle.truncate(0)

    def read_output(self, limit: int) -> tuple[str, str]:
        """``(printed text, fault report)`` from the capture file, each cut to ``limit``.

        The fault report is what ``faulthandler`` appended (a timeout's or a
        fatal error's traceback); it is split off so the printed text stays
        the student's own.
        """
        try:
            with open(self.output, "rb") as handle:
                raw = handle.read(8 * limit + 4096)
        except OSError:
            return "", ""
        text = raw.decode("utf-8", "replace")
        match = _FAULT_RE.search(text)
        cut = match.start() if match else len(text)
        printed, fault = text[:cut], text[cut:]
        if len(printed) > limit:
            printed = printed[:limit] + "\n[... more output dropped]"
        return printed, fault[: 4 * limit]

    @staticmethod
    def fault_location(fault: str, inside_submission: str) -> str:
        """``"conv.py, line 3, in f"`` for the newest frame of the fault report in the submission."""
        prefix = inside_submission.rstrip("/") + "/"
        for path, line, function in _FRAME_RE.findall(fault):
            if path.startswith(prefix):
                return f"{path[len(prefix):]}, line {line}, in {function}"
        return ""

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
