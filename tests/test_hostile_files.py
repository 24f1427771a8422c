"""Files in a submission are untrusted: links, devices, FIFOs, sparse giants and deep trees.

``tests/corpus/hostile/hostile_files`` holds an honest ``shapes.py``; what git
cannot hold is made here, at run time, in a copy (:func:`hostile_folder`).
Grading must finish, read none of it, grade ``flatten`` as usual and tell the
student what it left out.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from autograder.engine import grade_submission
from autograder.model_grading import ModelTask
from autograder.pipeline import GradingJob, grade_student
from autograder.reference import REPO_ROOT
from autograder.report.markdown import md_text
from test_model_grading import TEST, tiny_model

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
NOT_UTF8 = os.fsdecode(b"\xff\xfe.py")
TASK = ModelTask("tiny", tiny_model, lambda: TEST, ((0.5, 1.0),))
# What hostile_folder adds, and how each shows in the "files not read" list.
ADDED = {"conv.py": "a folder", "pooling.py": "a FIFO", "dropout.py": "a symbolic link",
         "params.py": "a symbolic link", "mnist_cnn.npz": "bytes, over",
         "deep/": "deeper than", "\\xff\\xfe.py": "not UTF-8"}


def hostile_folder(folder: Path) -> Path:
    """A copy of the corpus submission with everything a file system allows that git does not."""
    shutil.copytree(CORPUS / "hostile_files", folder)
    (folder / "conv.py").mkdir()                                        # a folder named like a module
    os.mkfifo(folder / "pooling.py")                                    # a FIFO: opening it blocks
    (folder / "dropout.py").symlink_to("/dev/zero")                     # endless bytes
    (folder / "params.py").symlink_to(REPO_ROOT / "solutions" / "params.py")  # the references
    with open(folder / "mnist_cnn.npz", "wb") as sparse:                # 64 GB, no disk used
        sparse.truncate(64 << 30)
    _nest(folder / "deep", 1100)                                        # 1,100 nested folders
    (folder / NOT_UTF8).write_text("x = 1\n")                           # a name that is not UTF-8
    return folder


def _nest(top: Path, depth: int) -> None:
    """``top/d/d/.../d/x.py``, ``depth`` folders deep (far past PATH_MAX, so relative to fds)."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        file = os.open("x.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(file, b"raise SystemExit\n")
        os.close(file)
    finally:
        os.close(fd)


def remove_nested(top: Path) -> None:
    """Delete what :func:`_nest` made (too deep for ``shutil.rmtree``'s recursion)."""
    if not top.is_dir():
        return
    fds = [os.open(top, os.O_RDONLY | os.O_DIRECTORY)]
    try:
        while True:
            try:
                fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
            except FileNotFoundError:
                break
        for parent in reversed(fds[:-1]):
            child = fds.pop()
            for name in os.listdir(child):
                os.unlink(name, dir_fd=child)
            os.close(child)
            os.rmdir("d", dir_fd=parent)
        for name in os.listdir(fds[0]):
            os.unlink(name, dir_fd=fds[0])
    finally:
        for fd in fds:
            os.close(fd)
    top.rmdir()


class _Alarm:
    """Fail instead of hanging (a FIFO opened for reading blocks forever)."""

    def __init__(self, seconds: int):
        self.seconds = seconds

    def __enter__(self):
        def fire(*_):
            raise TimeoutError("grading hung on a hostile file")
        self.previous = signal.signal(signal.SIGALRM, fire)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)
        return False


@pytest.fixture
def mallory(tmp_path):
    folder = hostile_folder(tmp_path / "mallory")
    yield folder
    remove_nested(folder / "deep")


def test_a_hostile_folder_is_graded_and_told_what_was_left_out(tmp_path, mallory):
    folder = mallory
    out = tmp_path / "out"
    with _Alarm(300):
        result = grade_student(GradingJob("mallory", folder, out, functions=("shapes.flatten",)))
    flatten = result.task("shapes.flatten")
    assert flatten.score == flatten.max_score, [c.message_en for c in flatten.concepts]
    feedback = (out / "feedback.md").read_text(encoding="utf-8")
    gradescope = json.loads((out / "results.json").read_text(encoding="utf-8"))["output"]
    page = (out / "feedback.html").read_text(encoding="utf-8")
    for name, why in ADDED.items():
        line = next((s for s in result.skipped if s.startswith(name)), None)
        assert line is not None and why in line, (name, result.skipped)
        assert md_text(line) in feedback and md_text(line) in gradescope, line
        assert html.escape(line) in page, line


@pytest.mark.parametrize("make", ["link to /dev/zero", "FIFO", "sparse 64 GB", "folder"])
def test_model_weights_are_read_as_untrusted_files(tmp_path, make):
    folder = shutil.copytree(CORPUS / "hostile_files", tmp_path / "student")
    weights = folder / "tiny.npz"
    if make == "link to /dev/zero":
        weights.symlink_to("/dev/zero")
    elif make == "FIFO":
        os.mkfifo(weights)
    elif make == "sparse 64 GB":
        with open(weights, "wb") as sparse:
            sparse.truncate(64 << 30)
    else:
        weights.mkdir()
    start = time.monotonic()
    with _Alarm(120):
        concepts = {c.concept: c for c in grade_submission(folder, [], models=[TASK]).concepts}
    assert time.monotonic() - start < 60
    assert concepts["weights"].status == "failed" and all(c.score == 0 for c in concepts.values())
    assert "do not load" in concepts["weights"].message_en, concepts["weights"].message_en
