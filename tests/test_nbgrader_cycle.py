"""The nbgrader course tooling, and a whole assignment cycle with real nbgrader commands.

The slow test is the cycle, with the autograder in between:

Instructor: build the course, ``nbgrader generate_assignment``, ``release_assignment``.
Three students (each with a home of their own, so nbgrader's caches are
separate): ``fetch_assignment``, write their modules, ``submit``: one correct,
one with a classic mistake (the kernel flipped: true convolution), one hostile
(an endless loop in one function, ``os._exit`` in another).
Instructor: ``collect``, grade with ``python -m autograder.course grade``
(two workers), ``release_feedback``. Students: ``fetch_feedback``, and the
scores in what they receive are checked.
"""
from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course.sources import REPO_ROOT, has_notebook, stub_modules
from autograder.manifest import UnknownAssignment
from autograder.manifest import assignments as load_assignments
from autograder.course.build import build_course
from autograder.course.export import export_gradebook
from autograder.course.feedback import read_scores, with_scores, write_feedback
from autograder.reference import copy_flat, flat_source

ASSIGNMENT = "cnn331_convolution"
COURSE_ID = "dls-cnn-test"
STUDENTS = ("alice", "bob", "carol")   # correct, partly wrong, hostile

FLIPPED_KERNEL = '''

_correct_conv2d_single = conv2d_single


def conv2d_single(image, kernel):
    """A classic mistake: the kernel flipped (true convolution, not cross-correlation)."""
    return _correct_conv2d_single(image, np.asarray(kernel)[::-1, ::-1])
'''
ENDLESS_LOOP = '''

def conv2d_single(image, kernel):
    while True:
        pass
'''
PROCESS_EXIT = '''

def conv_output_size(n, kernel_size, stride=1, padding=0):
    import os
    os._exit(3)
'''


def environment(home: Path) -> dict[str, str]:
    """nbgrader's environment for one user: their own HOME, this interpreter's tools on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    # nbgrader runs the `alembic` executable of its environment to set up its database.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO_ROOT)
    home.mkdir(parents=True, exist_ok=True)
    return env


def nbgrader(*args: str, cwd: Path, home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=cwd,
                            env=environment(home), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(*processes: subprocess.Popen) -> list[str]:
    """Wait for every process; fail with its output if one failed."""
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0, f"{' '.join(process.args)} failed:\n{out}"
        outputs.append(out)
    return outputs


def reference_body_lines() -> set[str]:
    """Distinctive lines of the reference solutions' function bodies (not their docstrings)."""
    lines = set()
    for path in (REPO_ROOT / "solutions").glob("*.py"):
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


def write_student_modules(student: str, folder: Path) -> None:
    """What each student hands in: the references as their modules, then their changes."""
    copy_flat(REPO_ROOT / "solutions", folder)
    if student == "bob":
        with open(folder / "conv.py", "a", encoding="utf-8") as fh:
            fh.write(FLIPPED_KERNEL)
    if student == "carol":
        with open(folder / "conv.py", "a", encoding="utf-8") as fh:
            fh.write(ENDLESS_LOOP)
        with open(folder / "shapes.py", "a", encoding="utf-8") as fh:
            fh.write(PROCESS_EXIT)


# ----------------------------------------------------------------------------- pieces

def test_build_course_writes_config_and_sources_only_from_stubs(tmp_path):
    course = tmp_path / "course"
    folders = build_course(course, course_id="c1", exchange_root=tmp_path / "ex")
    assert [f.name for f in folders] == [a for a, s in load_assignments().items() if has_notebook(s)]
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.CourseDirectory.course_id = 'c1'" in config
    assert f"c.Exchange.root = {str((tmp_path / 'ex').resolve())!r}" in config
    compile(config, "nbgrader_config.py", "exec")
    stubs = {m.name: m.read_bytes() for m in stub_modules()}
    for folder in folders:
        files = {p.name for p in folder.iterdir()}
        assert files == set(stubs) | {f"{folder.name}.ipynb"}
        assert all((folder / name).read_bytes() == data for name, data in stubs.items())
    # a rebuild replaces a source folder and keeps the rest of the course
    (folders[0] / "stray.py").write_text("x = 1")
    (course / "submitted").mkdir()
    build_course(course, course_id="c1", assignments=[folders[0].name])
    assert not (folders[0] / "stray.py").exists() and (course / "submitted").is_dir()
    assert "Exchange.root" not in (course / "nbgrader_config.py").read_text(encoding="utf-8")
    with pytest.raises(UnknownAssignment, match="unknown"):
        build_course(course, assignments=["cnn99_nothing"])
    for assignment_id, spec in load_assignments().items():
        if not has_notebook(spec):
            with pytest.raises(FileNotFoundError, match=assignment_id):
                build_course(course, assignments=[assignment_id])


def test_feedback_sits_where_release_feedback_reads_it(tmp_path):
    submission = tmp_path / "submitted" / "alice" / "a1"
    submission.mkdir(parents=True)
    (submission / "timestamp.txt").write_text("2025-03-04 10:00:00.000000 UTC")
    (submission / "submission_secret.txt").write_text("s3cret")
    feedback = tmp_path / "feedback" / "alice" / "a1"
    feedback.mkdir(parents=True)
    (feedback / "old.html").write_text("stale")
    scores = {"student": "alice", "score": 3.0, "functions": {"conv.conv2d": {"score": 3.0}},
              "note": "</script><b>"}
    page = with_scores("<html><body><h1>report</h1></body></html>", scores)
    assert page.endswith("</body></html>") and read_scores(page) == scores
    written = write_feedback(submission, feedback, page, ["a1.ipynb"])
    assert written == [feedback / "a1.html"]
    assert sorted(p.name for p in feedback.iterdir()) == ["a1.html", "submission_secret.txt",
                                                          "timestamp.txt"]
    assert (feedback / "submission_secret.txt").read_text() == "s3cret"
    with pytest.raises(ValueError):
        read_scores("<html></html>")


def test_export_joins_assignment_gradebooks(tmp_path):
    ids = list(load_assignments())[:2]
    for assignment_id, rows in zip(ids, (["alice,{a},5,10,5", "bob,{a},10,10,10"],
                                         ["alice,{a},7,20,7"])):
        folder = tmp_path / "grades" / assignment_id
        folder.mkdir(parents=True)
        (folder / "gradebook.csv").write_text(
            "student,assignment,total,max,f\n" + "\n".join(r.format(a=assignment_id) for r in rows) + "\n")
    with open(export_gradebook(tmp_path), newline="", encoding="utf-8") as fh:
        table = {row["student"]: row for row in csv.DictReader(fh)}
    assert table["alice"]["total"] == "12" and table["bob"]["total"] == "10"
    assert table["bob"][ids[1]] == "0" and table["bob"]["max"] == "30"
    with pytest.raises(FileNotFoundError):
        export_gradebook(tmp_path / "empty")


def test_flat_modules_import_each_other_at_top_level(tmp_path):
    assert flat_source("from ._args import as_int\n    from .shapes import x") == \
        "from _args import as_int\n    from shapes import x"
    copy_flat(REPO_ROOT / "solutions", tmp_path)
    run = subprocess.run([sys.executable, "-c",
                          "import conv, params; print(int(conv.conv2d_single("
                          "[[93, 139, 101], [26, 252, 196], [135, 240, 48]], "
                          "[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])[0, 0]))"],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "261"


# ----------------------------------------------------------------------------- the cycle

@pytest.mark.slow
def test_release_collect_grade_and_feedback_with_real_nbgrader(tmp_path):
    course, exchange, homes = tmp_path / "course", tmp_path / "exchange", tmp_path / "home"
    exchange.mkdir()
    instructor = homes / "instructor"

    # --- instructor: build, generate, release
    build = subprocess.run([sys.executable, "-m", "autograder.course", "build", str(course),
                            "--course-id", COURSE_ID, "--exchange", str(exchange),
                            "--assignment", ASSIGNMENT],
                           cwd=REPO_ROOT, env=environment(instructor), capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    source = course / "source" / ASSIGNMENT
    assert sorted(p.name for p in source.iterdir()) == sorted(
        [f"{ASSIGNMENT}.ipynb"] + [m.name for m in stub_modules()])
    finish(nbgrader("generate_assignment", ASSIGNMENT, cwd=course, home=instructor))
    finish(nbgrader("release_assignment", ASSIGNMENT, cwd=course, home=instructor))

    release = course / "release" / ASSIGNMENT
    released_text = {p.name: p.read_text(encoding="utf-8") for p in release.iterdir()}
    assert set(released_text) == {p.name for p in source.iterdir()}
    leaked = [(name, line) for name, text in released_text.items()
              for line in reference_body_lines() if line in text]
    assert not leaked, f"reference code in the release: {leaked[:3]}"
    assert not any("BEGIN SOLUTION" in text or "END SOLUTION" in text
                   for text in released_text.values())
    notebook = json.loads(released_text[f"{ASSIGNMENT}.ipynb"])
    assert "YOUR CODE HERE" in json.dumps(notebook)

    # --- students: fetch, write their modules, submit (each with a home and a config of their own)
    workdirs = {s: homes / s / "work" for s in STUDENTS}
    for workdir in workdirs.values():
        workdir.mkdir(parents=True)
        (workdir / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
            f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
    finish(*(nbgrader("fetch_assignment", ASSIGNMENT, cwd=workdirs[s], home=homes / s)
             for s in STUDENTS))
    for student, workdir in workdirs.items():
        fetched = workdir / ASSIGNMENT
        assert (fetched / f"{ASSIGNMENT}.ipynb").is_file() and (fetched / "conv.py").is_file()
        write_student_modules(student, fetched)
    finish(*(nbgrader("submit", ASSIGNMENT, "--student", s, cwd=workdirs[s], home=homes / s)
             for s in STUDENTS))

    # --- instructor: collect, grade with the autograder, release the feedback
    finish(nbgrader("collect", ASSIGNMENT, cwd=course, home=instructor))
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(STUDENTS)
    grade = subprocess.run([sys.executable, "-m", "autograder.course", "grade", str(course),
                            ASSIGNMENT, "--workers", "2"],
                           cwd=REPO_ROOT, env=environment(instructor), capture_output=True,
                           text=True, timeout=170)
    assert grade.returncode == 0, grade.stdout + grade.stderr
    for student in STUDENTS:
        assert f"{student}: " in grade.stdout
    finish(nbgrader("release_feedback", ASSIGNMENT, cwd=course, home=instructor))

    # --- students: fetch their feedback; it is theirs and it says what happened
    finish(*(nbgrader("fetch_feedback", ASSIGNMENT, "--student", s, cwd=workdirs[s], home=homes / s)
             for s in STUDENTS))
    received = {}
    for student, workdir in workdirs.items():
        pages = list((workdir / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, f"{student} received {pages}"
        received[student] = read_scores(pages[0].read_text(encoding="utf-8"))
        assert received[student]["student"] == student

    alice, bob, carol = (received[s] for s in STUDENTS)
    full = {name: f["max_score"] for name, f in alice["tasks"].items()}
    assert set(full) == {"conv.conv2d_single", "shapes.conv_output_size", "shapes.conv_output_shape"}
    assert alice["score"] == alice["max_score"] > 0
    assert bob["score"] < alice["score"]
    assert 0 <= bob["tasks"]["conv.conv2d_single"]["score"] < full["conv.conv2d_single"]
    for name in ("shapes.conv_output_size", "shapes.conv_output_shape"):
        assert bob["tasks"][name]["score"] == full[name]
    # the hostile submission loses exactly the functions that hang or kill the process
    assert carol["tasks"]["conv.conv2d_single"]["score"] == 0
    assert carol["tasks"]["shapes.conv_output_size"]["score"] == 0
    assert carol["tasks"]["shapes.conv_output_shape"]["score"] == full["shapes.conv_output_shape"]

    with open(course / "grades" / ASSIGNMENT / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    assert sorted(rows) == sorted(STUDENTS)
    assert {s: float(rows[s]["total"]) for s in STUDENTS} == {s: received[s]["score"] for s in STUDENTS}

    export = subprocess.run([sys.executable, "-m", "autograder.course", "export", str(course)],
                            cwd=REPO_ROOT, env=environment(instructor), capture_output=True, text=True)
    assert export.returncode == 0, export.stderr
    with open(course / "grades" / "gradebook.csv", newline="", encoding="utf-8") as fh:
        course_rows = list(csv.DictReader(fh))
    assert [row["student"] for row in course_rows] == sorted(STUDENTS)
    assert all(float(row["total"]) == float(rows[row["student"]]["total"]) for row in course_rows)
