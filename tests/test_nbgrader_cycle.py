"""The nbgrader course tooling, and a semester's assignment cycle with real nbgrader commands.

The slow test is one assignment's whole cycle, the autograder as nbgrader's
autograde step, checked the way an instructor would check it:

Instructor: build the course, import the roster (five students), add a late
penalty to ``nbgrader_config.py`` and rebuild (the configuration must
survive), ``generate_assignment``, ``release_assignment``, start formgrader.
Students, each with a home of their own: ``fetch_assignment``, write their
modules, ``submit``: alice correct, bob the kernel flipped (and late, after
the due date), carol hostile (an endless loop, ``os._exit``), dave the
untouched stubs; erin never submits. Instructor: ``collect``, grade with
``python -m autograder.course grade``, check ``nbgrader export``, override
scores in formgrader over its HTTP API, change a reference and regrade one
student, force a regrade, run ``nbgrader generate_feedback --force``,
``release_feedback``. Students: ``fetch_feedback``; the scores they receive
are checked. The command line's one-line errors are checked on the way.
"""
from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.course.__main__ import main as course_main
from autograder.course.build import build_course
from autograder.course.course_config import AUTOGRADER_CONFIG_FILE, LOAD_LINE
from autograder.course.errors import CourseError
from autograder.course.feedback import (lateness_text, read_feedback, read_scores, with_scores)
from autograder.course.sources import REPO_ROOT, has_notebook, stub_modules
from autograder.manifest import UnknownAssignment
from autograder.manifest import assignments as load_assignments
from autograder.reference import copy_flat, flat_source
from reference_lines import reference_body_lines

ASSIGNMENT = "cnn331_convolution"
COURSE_ID = "dls-cnn-test"
SUBMITTERS = ("alice", "bob", "carol", "dave")   # correct, partly wrong and late, hostile, stubs
ROSTER = SUBMITTERS + ("erin",)                   # erin never submits
CONV = "autograder-conv-conv2d_single"
SIZE = "autograder-shapes-conv_output_size"
SHAPE = "autograder-shapes-conv_output_shape"

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
# A changed reference: it now flips a 2-D kernel as bob does (and still rejects other inputs).
FLIPPED_REFERENCE = '''

_unflipped_conv2d_single = conv2d_single


def conv2d_single(image, kernel):
    kernel = np.asarray(kernel)
    return _unflipped_conv2d_single(image, kernel[::-1, ::-1] if kernel.ndim == 2 else kernel)
'''
# The instructor's own additions to nbgrader_config.py, which a rebuild must keep.
PENALTY_CONFIG = '''
# late work: 10% of the score per started day
c.AssignLatePenalties.plugin_class = "autograder.course.late_penalty.PercentPerDay"
c.PercentPerDay.percent_per_day = 10
'''


def environment(home: Path) -> dict[str, str]:
    """nbgrader's environment for one user: their own HOME, this interpreter's tools on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "AUTOGRADER_"))}
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
        out, _ = process.communicate(timeout=180)
        assert process.returncode == 0, f"{' '.join(process.args)} failed:\n{out}"
        outputs.append(out)
    return outputs


def course_command(*args: str, home: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    """``python -m autograder.course ARGS`` as the instructor runs it (output captured: not a terminal)."""
    return subprocess.run([sys.executable, "-m", "autograder.course", *args], cwd=REPO_ROOT,
                          env=environment(home), capture_output=True, text=True, timeout=timeout)


def write_student_work(student: str, folder: Path) -> None:
    """What each student hands in: their modules, and for some a written answer in the notebook."""
    if student != "dave":      # dave hands in the stubs he fetched, untouched
        copy_flat(REPO_ROOT / "solutions", folder)
    if student == "bob":
        with open(folder / "conv.py", "a", encoding="utf-8") as fh:
            fh.write(FLIPPED_KERNEL)
    if student == "carol":
        with open(folder / "conv.py", "a", encoding="utf-8") as fh:
            fh.write(ENDLESS_LOOP)
        with open(folder / "shapes.py", "a", encoding="utf-8") as fh:
            fh.write(PROCESS_EXIT)
    if student in ("alice", "bob"):
        path = folder / f"{ASSIGNMENT}.ipynb"
        nb = nbformat.read(path, as_version=4)
        written = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "written"]
        written[0].source = "작은 커널은 세밀한 특징을, 큰 커널은 넓은 영역을 봅니다. 스트라이드 3은 정보를 너무 버립니다."
        nbformat.write(nb, path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Formgrader:
    """A real Jupyter server with nbgrader's formgrader, started in the course directory."""

    TOKEN = "formgrader-test-token"

    def __init__(self, course: Path, home: Path, config_dir: Path):
        self.port = free_port()
        config = config_dir / "formgrader_only.py"
        config_dir.mkdir(parents=True, exist_ok=True)
        # only formgrader: the other server extensions take many seconds to load
        config.write_text("c.ServerApp.jpserver_extensions = {" + ", ".join(
            f"{name!r}: {name.endswith('formgrader')}" for name in (
                "jupyterlab", "jupyter_lsp", "jupyter_server_terminals", "notebook", "notebook_shim",
                "jupyterlab_jupytext", "nbgrader.server_extensions.assignment_list",
                "nbgrader.server_extensions.course_list",
                "nbgrader.server_extensions.validate_assignment",
                "nbgrader.server_extensions.formgrader")) + "}\n")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", f"--config={config}", "--no-browser",
             "--allow-root", f"--port={self.port}", f"--IdentityProvider.token={self.TOKEN}",
             f"--ServerApp.root_dir={course}"],
            cwd=course, env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def call(self, path: str, data: dict | None = None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/formgrader/api/{path}", method="PUT" if data else "GET",
            data=json.dumps(data).encode() if data else None,
            headers={"Authorization": f"token {self.TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def wait(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while True:
            assert self.process.poll() is None, "the Jupyter server stopped"
            try:
                assert self.call("status") == {"status": True}
                return
            except OSError:
                assert time.monotonic() < deadline, "formgrader did not start"
                time.sleep(0.3)

    def set_manual_score(self, student: str, cell: str, score: float) -> dict:
        """What formgrader's page does when the instructor types a score into a cell's box."""
        submissions = self.call(f"submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}")
        submission = next(s for s in submissions if s["student"] == student)
        grades = self.call(f"grades?submission_id={submission['id']}")
        grade = next(g for g in grades if g["name"] == cell)
        return self.call(f"grade/{grade['id']}", {"manual_score": score})

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def one_line_error(capsys, argv: list[str], must_mention: str) -> None:
    """The command fails with status 2 and one line that says what to do."""
    assert course_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert must_mention in err, err


def csv_rows(path: Path, key: str = "student_id") -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


# ----------------------------------------------------------------------------- pieces

def test_build_writes_config_once_and_sources_only_from_stubs(tmp_path):
    course = tmp_path / "course"
    report = build_course(course, course_id="c1", exchange_root=tmp_path / "ex")
    folders = report.sources
    assert [f.name for f in folders] == [a for a, s in load_assignments().items() if has_notebook(s)]
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.CourseDirectory.course_id = 'c1'" in config and LOAD_LINE in config
    assert f"c.Exchange.root = {str((tmp_path / 'ex').resolve())!r}" in config
    for text in (config, (course / AUTOGRADER_CONFIG_FILE).read_text(encoding="utf-8")):
        compile(text, "config.py", "exec")
    stubs = {m.name: m.read_bytes() for m in stub_modules()}
    for folder in folders:
        files = {p.name for p in folder.iterdir()}
        assert files == set(stubs) | {f"{folder.name}.ipynb"}
        assert all((folder / name).read_bytes() == data for name, data in stubs.items())
    # a rebuild replaces a source folder, keeps the rest of the course and the instructor's config
    (folders[0] / "stray.py").write_text("x = 1")
    (course / "submitted").mkdir()
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("c.Exchange.timezone = 'Asia/Seoul'\n")
    edited = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / AUTOGRADER_CONFIG_FILE).write_text("# damaged\n")
    again = build_course(course, assignments=[folders[0].name])
    assert again.config == [f"kept {course / 'nbgrader_config.py'}"]
    assert not (folders[0] / "stray.py").exists() and (course / "submitted").is_dir()
    assert (course / "nbgrader_config.py").read_text(encoding="utf-8") == edited
    assert "autograde_preprocessors" in (course / AUTOGRADER_CONFIG_FILE).read_text(encoding="utf-8")
    # the same course id is fine; another one is refused with advice, and nothing is touched
    build_course(course, course_id="c1", assignments=[folders[0].name])
    with pytest.raises(CourseError, match="sets c.CourseDirectory.course_id = 'c1'"):
        build_course(course, course_id="c2", assignments=[folders[0].name])
    assert (course / "nbgrader_config.py").read_text(encoding="utf-8") == edited
    with pytest.raises(UnknownAssignment, match="unknown"):
        build_course(course, assignments=["cnn99_nothing"])


def test_a_config_written_by_an_older_build_is_kept_and_gains_the_autograder_line(tmp_path):
    course = tmp_path / "old"
    course.mkdir()
    old = ("# Written by `python -m autograder.course build`; running it again rewrites this file.\n"
           "c = get_config()  # noqa: F821 (provided by nbgrader)\n\n"
           "c.CourseDirectory.course_id = 'x'\nc.Exchange.root = '/srv/exchange'\n")
    (course / "nbgrader_config.py").write_text(old)
    report = build_course(course, assignments=["cnn31_flatten_mlp"])
    text = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "added the line" in report.config[0]
    assert "c.Exchange.root = '/srv/exchange'" in text and "course_id = 'x'" in text
    assert text.index(LOAD_LINE) < text.index("course_id = 'x'"), "the instructor's lines win"
    assert "rewrites this file" not in text


def test_feedback_scores_embed_and_read_back():
    scores = {"student": "alice", "score": 3.0, "tasks": {"conv.conv2d": {"score": 3.0}},
              "note": "</script><b>"}
    page = with_scores("<html><body><h1>report</h1></body></html>", scores)
    assert page.endswith("</body></html>") and read_scores(page) == scores
    # nbconvert may write the element's attributes in another order
    reordered = page.replace('type="application/json" id="autograder-scores"',
                             'id="autograder-scores" type="application/json"')
    assert read_scores(reordered) == scores
    with pytest.raises(ValueError):
        read_scores("<html></html>")
    with pytest.raises(ValueError):
        read_feedback("<html></html>")


def test_lateness_reads_in_both_languages():
    assert lateness_text(4).en == "4 s" and lateness_text(4).ko == "4초"
    assert lateness_text(90061).en == "1 d 1 h 1 min" and lateness_text(90061).ko == "1일 1시간 1분"
    assert lateness_text(7200).en == "2 h"


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
def test_semester_cycle_with_real_nbgrader_formgrader_and_the_autograder(tmp_path, capsys):
    course, exchange, homes = tmp_path / "course", tmp_path / "exchange", tmp_path / "home"
    exchange.mkdir()
    instructor = homes / "instructor"
    solutions = tmp_path / "solutions-copy"    # the references the grader uses (changed later on)
    shutil.copytree(REPO_ROOT / "solutions", solutions, ignore=shutil.ignore_patterns("__pycache__"))
    grading = ["--workers", "2", "--solutions-dir", str(solutions)]

    # --- instructor: build, roster, own config, rebuild, generate, release
    build = course_command("build", str(course), "--course-id", COURSE_ID, "--exchange", str(exchange),
                           "--assignment", ASSIGNMENT, home=instructor)
    assert build.returncode == 0, build.stderr
    formgrader = Formgrader(course, instructor, tmp_path / "server-config")
    try:
        roster = tmp_path / "roster.csv"
        roster.write_text("id,last_name,first_name,email,lms_user_id\n" + "".join(
            f"{s},{s.title()}son,{s.title()},{s}@example.com,{1000 + i}\n" for i, s in enumerate(ROSTER)))
        finish(nbgrader("db", "student", "import", str(roster), cwd=course, home=instructor))
        with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
            fh.write(PENALTY_CONFIG)
        configured = (course / "nbgrader_config.py").read_text(encoding="utf-8")
        rebuild = course_command("build", str(course), "--assignment", ASSIGNMENT, home=instructor)
        assert rebuild.returncode == 0, rebuild.stderr
        assert (course / "nbgrader_config.py").read_text(encoding="utf-8") == configured
        finish(nbgrader("generate_assignment", ASSIGNMENT, cwd=course, home=instructor))
        finish(nbgrader("release_assignment", ASSIGNMENT, cwd=course, home=instructor))

        source = course / "source" / ASSIGNMENT
        release = course / "release" / ASSIGNMENT
        released_text = {p.name: p.read_text(encoding="utf-8") for p in release.iterdir()}
        assert set(released_text) == {p.name for p in source.iterdir()}
        leaked = [(name, line) for name, text in released_text.items()
                  for line in reference_body_lines() if line in text]
        assert not leaked, f"reference code in the release: {leaked[:3]}"
        assert not any("BEGIN SOLUTION" in text or "END SOLUTION" in text
                       for text in released_text.values())
        assert "YOUR CODE HERE" in released_text[f"{ASSIGNMENT}.ipynb"]

        # grading before anything was collected: one line saying what to run
        one_line_error(capsys, ["grade", str(course), ASSIGNMENT], f"nbgrader collect {ASSIGNMENT}")
        one_line_error(capsys, ["grade", str(course), "cnn99_nothing"], "unknown assignment")
        one_line_error(capsys, ["export", str(course)], "python -m autograder.course grade")

        # --- students fetch from the exchange the rebuilt config still names, work, submit
        workdirs = {s: homes / s / "work" for s in SUBMITTERS}
        for workdir in workdirs.values():
            workdir.mkdir(parents=True)
            (workdir / "nbgrader_config.py").write_text(
                f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
                f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
        finish(*(nbgrader("fetch_assignment", ASSIGNMENT, cwd=workdirs[s], home=homes / s)
                 for s in SUBMITTERS))
        for student, workdir in workdirs.items():
            write_student_work(student, workdir / ASSIGNMENT)
        on_time = [s for s in SUBMITTERS if s != "bob"]
        finish(*(nbgrader("submit", ASSIGNMENT, "--student", s, cwd=workdirs[s], home=homes / s)
                 for s in on_time))
        # the due date falls between the on-time submissions and bob's
        due = datetime.datetime.now(datetime.timezone.utc)
        time.sleep(1.0)
        finish(nbgrader("submit", ASSIGNMENT, "--student", "bob", cwd=workdirs["bob"], home=homes / "bob"),
               nbgrader("db", "assignment", "add", ASSIGNMENT,
                        f"--duedate={due.strftime('%Y-%m-%d %H:%M:%S.%f')} UTC",
                        cwd=course, home=instructor))

        # --- instructor: collect and grade (stdout is not a terminal: plain progress lines)
        finish(nbgrader("collect", ASSIGNMENT, cwd=course, home=instructor))
        assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(SUBMITTERS)
        grade = course_command("grade", str(course), ASSIGNMENT, *grading, home=instructor)
        assert grade.returncode == 0, grade.stdout + grade.stderr
        assert "\r" not in grade.stderr and "grading: 4/4 students" in grade.stderr, grade.stderr
        assert "late by" in grade.stdout and "needs manual grading" in grade.stdout

        # nbgrader's own export: the real scores, bob late with the penalty, erin on the roster at 0
        finish(nbgrader("export", "--to=nbgrader-grades.csv", cwd=course, home=instructor))
        exported = csv_rows(course / "nbgrader-grades.csv")
        assert set(exported) == set(ROSTER)
        score = {s: float(exported[s]["score"]) for s in ROSTER}
        full = float(exported["alice"]["max_score"])
        assert full == 23.0                              # 20 autograded + 3 written
        assert score["alice"] == 20.0                    # every function right, answer not read yet
        assert score["dave"] == 0.0 and score["erin"] == 0.0 and exported["erin"]["timestamp"] == ""
        assert 0 < float(exported["bob"]["raw_score"]) < score["alice"]
        assert float(exported["bob"]["late_submission_penalty"]) == pytest.approx(
            0.1 * float(exported["bob"]["raw_score"]))
        assert float(exported["alice"]["late_submission_penalty"]) == 0.0
        carol_cells = read_feedback((course / "feedback" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.html")
                                    .read_text(encoding="utf-8")).cells
        assert carol_cells[CONV][0] == 0 and carol_cells[SIZE][0] == 0       # the hang, the exit
        assert carol_cells[SHAPE][0] == carol_cells[SHAPE][1] == 7            # the rest is graded

        # a rerun regrades nothing
        rerun = course_command("grade", str(course), ASSIGNMENT, *grading, home=instructor)
        assert rerun.returncode == 0, rerun.stderr
        assert rerun.stdout.count("unchanged)") == 4 and "recording" not in rerun.stderr, rerun.stdout

        # --- formgrader, over its HTTP API: bob's written answer and his convolution by hand
        formgrader.wait()
        assert formgrader.set_manual_score("bob", "written", 2.0)["needs_manual_grade"] is False
        assert formgrader.set_manual_score("bob", CONV, 5.0)["manual_score"] == 5.0

        # a changed reference regrades (here: only bob is asked for); his manual scores stay
        alice_result = course / "grades" / ASSIGNMENT / "alice" / "result.json"
        alice_stamp = alice_result.stat().st_mtime_ns
        with open(solutions / "conv.py", "a", encoding="utf-8") as fh:
            fh.write(FLIPPED_REFERENCE)
        bob = course_command("grade", str(course), ASSIGNMENT, "--student", "bob", *grading,
                             home=instructor)
        assert bob.returncode == 0, bob.stdout + bob.stderr
        assert bob.stdout.startswith("bob: ") and "unchanged" not in bob.stdout, bob.stdout
        assert alice_result.stat().st_mtime_ns == alice_stamp
        autograded_table = csv_rows(course / "grades" / ASSIGNMENT / "gradebook.csv", "student")
        assert sorted(autograded_table) == sorted(SUBMITTERS), "one student's regrade keeps the others"
        bob_result = json.loads((course / "grades" / ASSIGNMENT / "bob" / "result.json").read_text())
        conv_task = next(t for t in bob_result["tasks"] if t["name"] == "conv.conv2d_single")
        assert sum(c["score"] for c in conv_task["concepts"]) > 1, "bob now matches the reference"

        # --force regrades a student whose inputs did not change
        dave_result = course / "grades" / ASSIGNMENT / "dave" / "result.json"
        dave_stamp = dave_result.stat().st_mtime_ns
        forced = course_command("grade", str(course), ASSIGNMENT, "--student", "dave", "--force",
                                *grading, home=instructor)
        assert forced.returncode == 0 and "dave: 0 / 23\n" in forced.stdout, forced.stdout + forced.stderr
        assert dave_result.stat().st_mtime_ns != dave_stamp

        # nbgrader's own feedback command keeps every score (it is how the feedback is made)
        finish(nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course, home=instructor))
        finish(nbgrader("release_feedback", ASSIGNMENT, cwd=course, home=instructor))
    finally:
        formgrader.stop()

    # --- students fetch their feedback: nbgrader's page with the autograder's results in it
    finish(*(nbgrader("fetch_feedback", ASSIGNMENT, "--student", s, cwd=workdirs[s], home=homes / s)
             for s in SUBMITTERS))
    pages = {}
    for student, workdir in workdirs.items():
        found = list((workdir / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(found) == 1, f"{student} received {found}"
        pages[student] = found[0].read_text(encoding="utf-8")
        assert read_scores(pages[student])["student"] == student
    alice, bob_page, dave = (read_feedback(pages[s]) for s in ("alice", "bob", "dave"))
    assert alice.score == 20.0 and alice.max_score == 23.0 and alice.late_penalty == 0
    assert alice.cells[CONV] == (7.0, 7.0) and alice.cells["written"] == (0.0, 3.0)
    # bob: formgrader's 5 and 2 kept through his regrade; 10% off for the late submission
    assert bob_page.cells[CONV] == (5.0, 7.0) and bob_page.cells["written"] == (2.0, 3.0)
    assert bob_page.late_penalty == pytest.approx(2.0) and bob_page.score == pytest.approx(18.0)
    assert read_scores(pages["bob"])["seconds_late"] > 0 and "늦은 시간 (late by)" in pages["bob"]
    assert dave.score == 0.0 and all(cell[0] == 0 for cell in dave.cells.values())

    # --- the course gradebook and the LMS files, roster included
    assert course_main(["export", str(course)]) == 0
    table = csv_rows(course / "grades" / "gradebook.csv")
    assert set(table) == set(ROSTER)
    assert table["erin"][ASSIGNMENT] == "0" and table["erin"][f"{ASSIGNMENT} status"] == "not submitted"
    assert table["bob"][f"{ASSIGNMENT} status"].startswith("late by")
    assert float(table["bob"][ASSIGNMENT]) == pytest.approx(18.0)
    assert table["alice"][f"{ASSIGNMENT} status"].startswith("on time")
    assert float(table["alice"]["percent"]) == pytest.approx(100 * 20 / 23, abs=0.01)
    assert course_main(["export", str(course), "--format", "canvas"]) == 0
    canvas = list(csv.reader(open(course / "grades" / "canvas.csv", encoding="utf-8")))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0][5:] == [ASSIGNMENT] and canvas[1][5:] == ["23"]
    assert ["Erinson, Erin", "1004", "erin", "erin", "", "0"] in canvas
