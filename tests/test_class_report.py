"""The class report ("what the class got wrong"): numbers checked against the results, a browser, fonts.

A class of 200 is made from six submissions graded for real (see
tests/class_results.py); every number of the CSV is computed again here from
the ``result.json`` files and the gradebook, with plain dictionaries, and the
kinds the class was made of give the counts a diagnosis must reach.
"""
from __future__ import annotations

import csv
import json
import shutil
import statistics
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from class_results import DIAGNOSED, MNIST, SPEED, grade_templates, make_class
from submissions import ROOT, flipped_kernel_submission, reference_submission

from autograder.class_report import CSV_NAME, HTML_NAME
from autograder.class_report.load import GradedClass, load_class
from autograder.class_report.numbers import class_numbers
from autograder.class_report.page import to_html
from autograder.class_report.table import to_csv
from autograder.grading_results import Counterexample, SubmissionResult

CHROMIUM = Path("/usr/bin/chromium")
SIZE = 200
NOT_ATTEMPTED = {"not implemented", "missing"}


# ----------------------------------------------------------------------------- helpers

def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rows_of(rows: list[dict[str, str]], kind: str) -> list[dict[str, str]]:
    return [r for r in rows if r["kind"] == kind]


def one(rows: list[dict[str, str]], **match: str) -> dict[str, str]:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def stored_results(folder: Path) -> dict[str, dict]:
    """Every ``result.json`` under ``folder``, as plain dictionaries."""
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*/result.json"))}


def score(result: dict) -> float:
    return sum(c["score"] for t in result["tasks"] for c in t["concepts"])


def max_score(result: dict) -> float:
    return sum(c["max_score"] for t in result["tasks"] for c in t["concepts"])


def label(task: dict) -> str:
    return task["name"] + {"function": "", "speed": " (speed)", "model": " (model)"}[task["kind"]]


def tried(task: dict) -> bool:
    return any(c["status"] not in NOT_ATTEMPTED for c in task["concepts"])


def share_text(count: int, total: int) -> str:
    return f"{count / total:.3f}" if total else ""


def check_count(row: dict[str, str], count: int, total: int | None) -> None:
    assert row["count"] == str(count), row
    assert row["total"] == ("" if total is None else str(total)), row
    if total:
        assert row["share"] == share_text(count, total), row


# ----------------------------------------------------------------------------- the class of 200

@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class_report")
    templates = grade_templates(base / "submissions")
    klass = make_class(base / "class", templates, SIZE, seed=0)
    out = base / "report"
    run = run_cli("-m", "autograder", "report", str(klass.root), "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    return klass, templates, out, read_rows(out / CSV_NAME), run.stdout


def test_the_templates_are_graded_as_the_class_needs(graded_class):
    """The real grading diagnosed each typical mistake, and nothing in the correct submission."""
    from autograder.specs import all_specs

    _, templates, _, _, _ = graded_class
    for kind, expected in DIAGNOSED.items():
        found = set()
        for task in templates[kind].tasks:
            for c in task.concepts:
                names = [d.name for d in all_specs()[task.name].diagnosers
                         if c.diagnosis_en and d.hint.en in c.diagnosis_en] if c.diagnosis_en else []
                if names:
                    found.add((task.name, " or ".join(names)))
        assert found == set(expected), kind
    correct = templates["correct"]
    assert all(c.passed for t in correct.tasks if t.kind == "function" for c in t.concepts)
    assert correct.task("mnist_cnn (model)").measurement is not None
    assert correct.task("conv.conv2d (speed)").measurement > 0
    assert templates["stubs"].task("mnist_cnn (model)").measurement is None
    assert all(r.sandbox_restarts is not None for r in templates.values())


def test_summary_numbers_match_the_results(graded_class):
    klass, _, _, rows, stdout = graded_class
    results = stored_results(klass.root)
    failed = set(klass.failed_in_gradebook) | set(klass.failed_without_result)
    assert len(results) + len(failed) == SIZE and not failed & set(results)
    summary = {r["detail"]: r for r in rows_of(rows, "summary")}
    check_count(summary["students"], SIZE, None)
    check_count(summary["graded"], len(results), SIZE)
    check_count(summary["grading_failed"], len(failed), SIZE)
    scores = [score(r) for r in results.values()]
    maxima = {max_score(r) for r in results.values()}
    assert len(maxima) == 1
    (maximum,) = maxima
    assert float(summary["mean"]["value"]) == pytest.approx(statistics.fmean(scores), abs=1e-6)
    assert float(summary["median"]["value"]) == pytest.approx(statistics.median(scores), abs=1e-6)
    assert float(summary["min"]["value"]) == min(scores) and float(summary["max"]["value"]) == max(scores)
    assert float(summary["max_score"]["value"]) == maximum
    check_count(summary["full_marks"], sum(s >= maximum - 1e-9 for s in scores), len(results))
    untouched = [s for s, r in results.items()
                 if not any(tried(t) for t in r["tasks"] if t["kind"] in ("function", "model"))]
    assert sorted(untouched) == klass.students("stubs")          # what the class was made of
    check_count(summary["untouched_stubs"], len(untouched), len(results))
    bins = rows_of(rows, "score_bin")
    assert len(bins) == 20 and sum(int(b["count"]) for b in bins) == len(results)
    top_bin = bins[-1]
    assert top_bin["count"] == str(sum(s >= maximum * 19 / 20 for s in scores))
    assert f"{len(results)} graded, {len(failed)} grading failed" in stdout


def test_task_and_concept_shares_match_the_results(graded_class):
    klass, _, _, rows, _ = graded_class
    results = stored_results(klass.root).values()
    tasks: dict[str, list[dict]] = {}
    for r in results:
        for t in r["tasks"]:
            tasks.setdefault(label(t), []).append(t)
    task_rows = rows_of(rows, "task")
    concept_rows = rows_of(rows, "concept")
    assert {r["task"] for r in task_rows} == set(tasks)
    for name, graded in tasks.items():
        attempted = [t for t in graded if tried(t)]
        passed = [t for t in attempted if all(c["status"] == "passed" for c in t["concepts"])]
        check_count(one(task_rows, task=name, detail="passed every concept"), len(passed), len(attempted))
        check_count(one(task_rows, task=name, detail="not attempted"), len(graded) - len(attempted),
                    len(graded))
        for concept in [c["concept"] for c in graded[0]["concepts"]]:
            outcomes = [c["status"] for t in attempted for c in t["concepts"] if c["concept"] == concept]
            check_count(one(concept_rows, task=name, detail=concept), outcomes.count("passed"),
                        len(outcomes))
    # The kinds give the expected shares: only the flipped and same-padding students fail conv2d.
    conv = one(task_rows, task="conv.conv2d", detail="passed every concept")
    expected_fail = len(klass.students("flipped")) + len(klass.students("same_padding"))
    assert int(conv["total"]) - int(conv["count"]) == expected_fail
    assert one(task_rows, task="conv.conv2d", detail="not attempted")["count"] == str(
        len(klass.students("stubs")))
    same = one(concept_rows, task="conv.conv2d", detail="same padding")
    assert int(same["total"]) - int(same["count"]) == expected_fail
    assert one(rows_of(rows, "task"), task="conv.conv2d", detail="passed every concept")["section"] == "3.6"


def test_mistake_counts_match_the_results_and_the_class(graded_class):
    klass, _, _, rows, stdout = graded_class
    results = stored_results(klass.root)
    mistakes = rows_of(rows, "mistake")
    by_diagnosis: dict[tuple[str, str], set[str]] = {}
    for student, r in results.items():
        for t in r["tasks"]:
            for c in t["concepts"]:
                if c["status"] != "passed" and c["diagnosis_en"]:
                    by_diagnosis.setdefault((label(t), c["diagnosis_en"]), set()).add(student)
    assert len(mistakes) == len(by_diagnosis)
    attempts = {}
    for r in results.values():
        for t in r["tasks"]:
            attempts[label(t)] = attempts.get(label(t), 0) + tried(t)
    for (task, text), students in by_diagnosis.items():
        check_count(one(mistakes, task=task, note=text), len(students), attempts[task])
    for kind, expected in DIAGNOSED.items():
        for function, name in expected:
            row = one(mistakes, task=function, detail=name)
            assert row["count"] == str(len(klass.students(kind))), (kind, row)
    counts = [int(r["count"]) for r in mistakes]
    assert counts == sorted(counts, reverse=True)                # most frequent first
    assert one(mistakes, detail="flipped kernel")["section"] == "3.6"
    assert one(mistakes, detail="padding counted once")["section"] == "3.3.1"
    assert f"conv.conv2d: flipped kernel: {len(klass.students('flipped'))} students" in stdout


def test_model_and_speed_numbers_match_the_results(graded_class):
    klass, _, _, rows, _ = graded_class
    results = stored_results(klass.root).values()
    for kind, name, marks in (("model", "mnist_cnn (model)", [t for t, _ in MNIST.thresholds]),
                              ("speed", "conv.conv2d (speed)", [r for r, _ in SPEED.ratios])):
        tasks = [t for r in results for t in r["tasks"] if label(t) == name]
        values = [t["measurement"] for t in tasks if t["measurement"] is not None]
        measured = rows_of(rows, kind)
        check_count(one(measured, task=name, detail="measured"), len(values), len(tasks))
        check_count(one(measured, task=name, detail="not measured"), len(tasks) - len(values), len(tasks))
        word = "accuracy" if kind == "model" else "ratio"
        assert float(one(measured, task=name, detail=f"{word} mean")["value"]) == pytest.approx(
            statistics.fmean(values), abs=1e-6)
        assert float(one(measured, task=name, detail=f"{word} median")["value"]) == pytest.approx(
            statistics.median(values), abs=1e-6)
        for mark in marks:
            if kind == "model":
                reached = sum(v >= mark for v in values)
                row = one(measured, task=name, detail=f"accuracy >= {mark:g}")
                # The grader's own verdict on the threshold agrees with the count.
                assert reached == sum(c["status"] == "passed" for t in tasks for c in t["concepts"]
                                      if c["concept"] == f"test accuracy >= {mark:.0%}")
            else:
                reached = sum(v <= mark for v in values)
                row = one(measured, task=name, detail=f"ratio <= {mark:g}")
            check_count(row, reached, len(values))
    assert one(rows_of(rows, "model"), detail="measured")["count"] == str(
        SIZE - len(klass.failed_in_gradebook) - len(klass.failed_without_result) - len(klass.students("stubs")))


def test_grading_health_matches_the_results(graded_class):
    klass, _, _, rows, _ = graded_class
    results = stored_results(klass.root).values()
    health = {r["detail"]: r for r in rows_of(rows, "health")}
    seconds = [r["seconds"] for r in results]
    assert float(health["seconds mean"]["value"]) == pytest.approx(statistics.fmean(seconds), abs=1e-6)
    assert float(health["seconds max"]["value"]) == pytest.approx(max(seconds), abs=1e-6)
    restarts = [r["sandbox_restarts"] for r in results]
    check_count(health["sandbox restarts"], sum(restarts), len(restarts))
    check_count(health["students with sandbox restarts"], sum(n > 0 for n in restarts), len(restarts))
    for status in ("timeout", "crashed", "memory", "too slow"):
        per_student = [sum(c["status"] == status for t in r["tasks"] for c in t["concepts"]) for r in results]
        assert health[f"{status} concepts"]["count"] == str(sum(per_student))
        check_count(health[f"students with {status}"], sum(n > 0 for n in per_student), len(seconds))
    failed = {r["detail"]: r["note"] for r in rows_of(rows, "grading_failed")}
    assert set(failed) == set(klass.failed_in_gradebook) | set(klass.failed_without_result)
    for student, reason in klass.failed_in_gradebook.items():
        assert failed[student] == reason
    assert all(failed[s] == "no result.json" for s in klass.failed_without_result)


def test_the_page_holds_the_numbers_and_names_no_student_but_failed_gradings(graded_class):
    klass, _, out, rows, _ = graded_class
    page = (out / HTML_NAME).read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<link" not in page.lower() and "http" not in page
    assert page.count('<img src="data:image/png;base64,') == 7   # scores, functions, concepts, mistakes, model, speed, time
    flipped = one(rows_of(rows, "mistake"), detail="flipped kernel")
    assert f'<span class="count">{flipped["count"]}명</span>' in page
    assert '<a href="#section-3-6">§3.6</a>' in page and 'id="section-3-6"' in page
    graded_students = [s for s, k in klass.kinds.items() if k != "failed"]
    assert not [s for s in graded_students if s in page]        # examples are anonymised
    assert all(escape(s) in page for s in klass.failed_in_gradebook)


# ----------------------------------------------------------------------------- a real browser

def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120)


# Added to a copy of the page (which has no script of its own): after loading, the
# page writes what the browser made of its images into the DOM that --dump-dom prints.
PROBE = ("<script>window.addEventListener('load', () => {"
         "document.body.setAttribute('data-images', JSON.stringify(Array.from(document.images,"
         " i => [i.complete, i.naturalWidth, i.naturalHeight])));"
         "document.body.setAttribute('data-errors', String(performance.getEntriesByType('resource')"
         ".filter(e => !e.name.startsWith('data:')).length));});</script>")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)")
def test_page_in_headless_chromium(graded_class, tmp_path):
    _, _, out, rows, _ = graded_class
    probed = tmp_path / "probed.html"
    page = (out / HTML_NAME).read_text(encoding="utf-8")
    probed.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", probed.as_uri(), profile=tmp_path / "dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Uncaught" not in dom.stderr and "ERR_" not in dom.stderr, dom.stderr[-2000:]
    html = dom.stdout
    images = json.loads(html.split('data-images="', 1)[1].split('"', 1)[0].replace("&quot;", '"'))
    assert len(images) == 7
    for complete, width, height in images:          # every plot decoded, at a readable size
        assert complete and width >= 800 and height >= 250, images
    assert 'data-errors="0"' in html                  # nothing fetched from anywhere
    for korean in ("반 전체 보고서", "학생들이 어려워한 개념", "자주 나온 실수", "채점 상태", "강의 절별 요약",
                   "커널을 뒤집은 것 같습니다"):
        assert korean in html, korean
    shot = tmp_path / "page.png"
    picture = chromium(f"--screenshot={shot}", "--window-size=1100,3000", (out / HTML_NAME).as_uri(),
                       profile=tmp_path / "shot")
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


# ----------------------------------------------------------------------------- the commands

def test_course_command_grades_nothing_and_reads_the_course_grades(tmp_path):
    """Real grading by the course step, then the report from COURSE/grades/<assignment>/."""
    from autograder.course.build import build_course
    from autograder.course.grade import grade_course
    from autograder.course.nbgrader_commands import run_nbgrader
    from autograder.course.sources import notebook_name
    from autograder.manifest import get_assignment
    from autograder.settings import load_settings

    assignment = "cnn36_color_conv"
    course = tmp_path / "course"
    build_course(course, assignments=[assignment])
    generated = run_nbgrader(course, ["generate_assignment", assignment])
    assert generated.returncode == 0, generated.output
    notebook = course / "release" / assignment / notebook_name(get_assignment(assignment))
    submitted = course / "submitted"
    reference_submission(submitted / "kim" / assignment)
    flipped_kernel_submission(submitted / "lee" / assignment)
    shutil.copytree(ROOT / "examples" / "submissions" / "park_same_padding", submitted / "park" / assignment)
    for student in ("kim", "lee", "park"):   # the released notebook, submitted as it was
        shutil.copy(notebook, submitted / student / assignment)
    grade_course(course, assignment, settings=load_settings({"shrink_calls": 15}), progress=False)
    run = run_cli("-m", "autograder.course", "report", str(course), assignment)
    assert run.returncode == 0, run.stdout + run.stderr
    report = course / "reports" / assignment
    rows = read_rows(report / CSV_NAME)
    check_count(one(rows, kind="summary", detail="graded"), 3, 3)
    check_count(one(rows, kind="task", task="conv.conv2d", detail="passed every concept"), 1, 3)
    check_count(one(rows, kind="mistake", detail="flipped kernel"), 1, 3)
    check_count(one(rows, kind="mistake", detail="padding split on the wrong side"), 1, 3)
    assert f"course / {assignment}" in (report / HTML_NAME).read_text(encoding="utf-8")


def test_usage_errors_exit_with_2(tmp_path):
    missing = run_cli("-m", "autograder", "report", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "not a grading output folder" in missing.stderr
    empty = run_cli("-m", "autograder", "report", str(tmp_path))
    assert empty.returncode == 2 and "no graded students" in empty.stderr
    course = run_cli("-m", "autograder.course", "report", str(tmp_path), "cnn36_color_conv")
    assert course.returncode == 2 and "course grade" in course.stderr


# ----------------------------------------------------------------------------- hostile and old results

def test_hostile_texts_are_escaped_and_old_results_still_load(graded_class, tmp_path):
    _, templates, _, _, _ = graded_class
    flipped = SubmissionResult.from_dict(templates["flipped"].to_dict())
    flipped.student = "=HYPERLINK(\"x\")"
    concept = next(c for c in flipped.concepts if c.diagnosis_en)
    concept.counterexample = Counterexample("conv2d(x, w)", {"x": "<img src=x onerror=alert(1)>"},
                                            "1", "</pre><script>alert(2)</script>")
    old = templates["correct"].to_dict()
    for task in old["tasks"]:
        task.pop("measurement")
    old.pop("sandbox_restarts")
    old_result = SubmissionResult.from_dict(old)
    assert old_result.sandbox_restarts is None
    klass = GradedClass(tmp_path, [flipped, old_result], {"<b>bad</b>": "=cmd|' /C calc'!A0"})
    numbers = class_numbers(klass, "<title>")
    page = to_html(numbers)
    assert "<script" not in page and "<img src=x" not in page and "<b>bad</b>" not in page
    assert "&lt;/pre&gt;&lt;script&gt;" in page and "&lt;title&gt;" in page
    assert "기록 없음 (not recorded) 1명" in page
    table = list(csv.DictReader(to_csv(numbers).splitlines()))
    failed = one(table, kind="grading_failed")
    assert failed["note"].startswith("'=")                      # not a formula in a spreadsheet
    check_count(one(table, kind="health", detail="restarts not recorded"), 1, None)
    check_count(one(table, kind="model", detail="not measured"), 1, 2)


def test_gradebook_failure_rows_and_damaged_results_count_as_failed(graded_class, tmp_path):
    _, templates, _, _, _ = graded_class
    root = tmp_path / "grades"
    for student in ("ann", "bob"):
        (root / student).mkdir(parents=True)
        result = SubmissionResult.from_dict(templates["correct"].to_dict())
        result.student = student
        (root / student / "result.json").write_text(json.dumps(result.to_dict()), encoding="utf-8")
    (root / "cat").mkdir()
    (root / "cat" / "result.json").write_text("{not json", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / "gradebook.csv").write_text(
        "student,assignment,total,max\nann,,46,52\ndan,,grading failed: worker died,\n"
        "bob,,grading failed: an older run,\n", encoding="utf-8")
    klass = load_class(root)
    assert [r.student for r in klass.results] == ["ann", "bob"]     # graded after the failed run
    assert klass.failed == {"cat": "result.json is damaged", "dan": "worker died"}
