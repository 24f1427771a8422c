"""The similarity report ("who copied"): a synthetic class with known copies, hostile folders, a browser.

The class (tests/similarity_class.py) holds six hand-written styles and the
references, each solved once, disguised copies of them (renamed, reordered,
re-laid, comments changed), untouched stubs and identical one-line answers.
The report must flag every copy with its original, nothing else, and say so
with numbers the test can check.
"""
from __future__ import annotations

import csv
import importlib.util
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from html import escape
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("copydetect", reason="the similarity report needs the course extra (copydetect)")

from similarity_class import (AUTHORS, FULL, LIGHT, REFERENCE, STUBS,  # noqa: E402
                              author_submission, disguise_folder, make_class, stub_submission,
                              trivial_submission)

from autograder.course.build import build_course  # noqa: E402
from autograder.similarity import DEFAULT_FLOOR, DEFAULT_THRESHOLD, similarity_report  # noqa: E402
from autograder.similarity.collect import (MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES,  # noqa: E402
                                           collect_submission, read_regular_file, stub_contents)
from autograder.similarity.compare import MIN_MATCHED_TOKENS  # noqa: E402
from solutions import conv as ref_conv  # noqa: E402
from solutions import params as ref_params  # noqa: E402
from solutions import pooling as ref_pooling  # noqa: E402
from solutions import shapes as ref_shapes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
PLANTED = '# </pre><script>document.title = "copied";</script><img src=x onerror="alert(1)">'
HOSTILE_ID = '<img src=x onerror=alert(2)>'


# ----------------------------------------------------------------------------- helpers

def load_module(folder: Path, module: str, tag: str):
    """Import ``folder/module.py`` under a name of its own (the authors' modules are self-contained)."""
    spec = importlib.util.spec_from_file_location(f"_similarity_{tag}_{module}", folder / f"{module}.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def same_output(got: np.ndarray, want: np.ndarray) -> bool:
    return (got.shape == want.shape and got.dtype == want.dtype
            and np.allclose(got, want, rtol=1e-4, atol=1e-5))


def raises_value_error(call) -> bool:
    try:
        call()
    except ValueError:
        return True
    return False


def check_against_references(folder: Path, tag: str) -> None:
    """The seven solved functions of a submission agree with the references."""
    rng = np.random.default_rng(0)
    shapes, params, conv, pooling = (load_module(folder, m, tag)
                                     for m in ("shapes", "params", "conv", "pooling"))
    for shape in [(3, 4), (2, 3, 4), (1, 28, 28), (5, 2, 2, 3)]:
        x = rng.normal(size=shape)
        assert np.array_equal(shapes.flatten(x), ref_shapes.flatten(x)), (tag, shape)
    assert raises_value_error(lambda: shapes.flatten(np.zeros(3))), tag
    for n, k, s, p in itertools.product([1, 5, 28], [1, 3, 5], [1, 2, 3], [0, 2]):
        if raises_value_error(lambda: ref_shapes.conv_output_size(n, k, s, p)):
            assert raises_value_error(lambda: shapes.conv_output_size(n, k, s, p)), (tag, n, k, s, p)
        else:
            assert shapes.conv_output_size(n, k, s, p) == ref_shapes.conv_output_size(n, k, s, p)
    for args in [(784, 512), (512, 10, False), (3, 1)]:
        assert params.dense_params(*args) == ref_params.dense_params(*args), (tag, args)
    for args in [(3, 1, 32), ((3, 5), 4, 8, False), (1, 3, 2)]:
        assert params.conv2d_params(*args) == ref_params.conv2d_params(*args), (tag, args)
    for (h, w), (kh, kw), dtype in itertools.product([(5, 5), (6, 4)], [(3, 3), (2, 3)],
                                                      [np.float64, np.float32, np.int64]):
        image = (rng.normal(size=(h, w)) * 5).astype(dtype)
        kernel = (rng.normal(size=(kh, kw)) * 3).astype(dtype)
        assert same_output(conv.conv2d_single(image, kernel),
                           ref_conv.conv2d_single(image, kernel)), (tag, dtype)
    for stride, padding, bias, dtype in itertools.product(
            [1, 2, (2, 1)], ["valid", "same", 1, (0, 2)], [False, True], [np.float64, np.float32]):
        x = rng.normal(size=(2, 7, 6, 3)).astype(dtype)
        w = rng.normal(size=(3, 2, 3, 2)).astype(dtype)
        b = rng.normal(size=2).astype(dtype) if bias else None
        assert same_output(conv.conv2d(x, w, b, stride, padding),
                           ref_conv.conv2d(x, w, b, stride, padding)), (tag, stride, padding, bias)
    assert raises_value_error(lambda: conv.conv2d(np.zeros((1, 3, 3, 2)), np.zeros((2, 2, 3, 1))))
    for size, stride, padding in itertools.product([2, 3, (2, 3)], [None, 1, (1, 2)],
                                                   ["valid", "same", 1]):
        x = rng.normal(size=(2, 7, 6, 3)) - 5      # all negative: padded cells must never win
        if raises_value_error(lambda: ref_pooling.max_pool2d(x, size, stride, padding)):
            assert raises_value_error(lambda: pooling.max_pool2d(x, size, stride, padding))
        else:
            assert same_output(pooling.max_pool2d(x, size, stride, padding),
                               ref_pooling.max_pool2d(x, size, stride, padding)), (tag, size, stride, padding)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pair_key(row: dict[str, str]) -> frozenset[str]:
    return frozenset((row["student_a"], row["student_b"]))


def similarity(row: dict[str, str]) -> float:
    return max(float(row["similarity_a_in_b"]), float(row["similarity_b_in_a"]))


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


@contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""
    def expired(signum, frame):
        raise TimeoutError(f"took more than {seconds} s (hung on a FIFO or a deep tree?)")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------------------------------- the styles

@pytest.mark.parametrize("author", sorted(AUTHORS))
def test_every_hand_written_style_and_its_disguised_copy_is_correct(author, tmp_path):
    original = author_submission(tmp_path / "original", author)
    check_against_references(original, f"{author}_original")
    copy = disguise_folder(original, tmp_path / "copy", random.Random(1), FULL)
    check_against_references(copy, f"{author}_copy")
    assert (copy / "conv.py").read_text() != (original / "conv.py").read_text()


# ----------------------------------------------------------------------------- a class of 40

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """The 40-student class, one copy renamed to a hostile id, a script planted in a comment."""
    base = tmp_path_factory.mktemp("similarity")
    klass = make_class(base / "class", 40, seed=0)
    # A copy whose folder name is markup: the page must show it as text.
    victim = sorted(s for s, d in klass.disguise.items() if d == FULL)[0]
    (klass.root / victim).rename(klass.root / HOSTILE_ID)
    klass.origin[HOSTILE_ID] = klass.origin.pop(victim)
    klass.disguise[HOSTILE_ID] = klass.disguise.pop(victim)
    # A script in a comment of the loops original, inside code that its copies share.
    loops = next(s for s, o in klass.origin.items() if o == "loops" and klass.disguise[s] == "original")
    conv = klass.root / loops / "conv.py"
    conv.write_text(conv.read_text().replace("    for n in range(N):\n",
                                             f"    {PLANTED}\n    for n in range(N):\n", 1))
    out = base / "report"
    start = time.perf_counter()
    run = run_cli("-m", "autograder", "similarity", str(klass.root), "--out", str(out))
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stdout + run.stderr
    return klass, out, read_rows(out / "similarity.csv"), seconds, loops


def test_the_command_writes_both_files_quickly(synthetic):
    klass, out, rows, seconds, _ = synthetic
    assert (out / "similarity.html").stat().st_size > 10_000
    assert rows, "the CSV lists the pairs"
    assert seconds < 120, f"40 submissions took {seconds:.0f} s"


def test_every_copy_is_flagged_with_its_original(synthetic):
    klass, _, rows, _, _ = synthetic
    by_pair = {pair_key(r): r for r in rows}
    copies = klass.copies()
    missing = [tuple(p) for p in copies if by_pair.get(p, {}).get("flagged") != "yes"]
    assert not missing, f"copies not flagged: {missing}"
    for student, origin in klass.origin.items():
        if not origin:
            continue
        partners = [r for r in rows if student in pair_key(r)]
        best = max(partners, key=similarity)
        (other,) = pair_key(best) - {student}
        assert klass.origin[other] == origin, f"{student} ({origin}) paired with {other}"


def test_independent_solutions_and_stub_only_students_are_not_flagged(synthetic):
    klass, _, rows, _, _ = synthetic
    copies = klass.copies()
    wrongly = [(r["student_a"], r["student_b"], similarity(r)) for r in rows
               if r["flagged"] == "yes" and pair_key(r) not in copies]
    assert not wrongly, f"independent pairs flagged: {wrongly}"
    # With margin on both sides of the threshold (measured: copies >= 0.86, others <= 0.18).
    independent = [similarity(r) for r in rows if pair_key(r) not in copies]
    assert max(independent, default=0) < DEFAULT_THRESHOLD - 0.15
    assert min(min(float(r["similarity_a_in_b"]), float(r["similarity_b_in_a"]))
               for r in rows if pair_key(r) in copies) > DEFAULT_THRESHOLD + 0.2
    # Untouched stubs and the same three one-liners: nothing of their own to compare.
    stub_only = {s for s, d in klass.disguise.items() if d in ("stubs", "trivial")}
    assert len(stub_only) == 4
    assert not [r for r in rows if pair_key(r) & stub_only]


def test_csv_numbers_match_what_the_class_is_made_of(synthetic):
    klass, _, rows, _, _ = synthetic
    assert list(rows[0]) == ["student_a", "student_b", "similarity_a_in_b", "similarity_b_in_a",
                             "matched_tokens_a", "matched_tokens_b", "matched_lines_a",
                             "matched_lines_b", "flagged"]
    assert [similarity(r) for r in rows] == sorted((similarity(r) for r in rows), reverse=True)
    for r in rows:
        assert r["student_a"] < r["student_b"]
        assert DEFAULT_FLOOR <= similarity(r) <= 1
        tokens = (int(r["matched_tokens_a"]), int(r["matched_tokens_b"]))
        assert min(tokens) > 0 and int(r["matched_lines_a"]) > 0 and int(r["matched_lines_b"]) > 0
        expected = similarity(r) >= DEFAULT_THRESHOLD and min(tokens) >= MIN_MATCHED_TOKENS
        assert r["flagged"] == ("yes" if expected else "no")
    # A copy that only changed comments and whitespace is the same code, token for token.
    originals = {o: s for s, o in klass.origin.items() if klass.disguise[s] == "original"}
    light = [(s, originals[o]) for s, o in klass.origin.items() if klass.disguise[s] == LIGHT]
    assert len(light) >= 7
    by_pair = {pair_key(r): r for r in rows}
    for copy, original in light:
        row = by_pair[frozenset((copy, original))]
        assert row["similarity_a_in_b"] == row["similarity_b_in_a"] == "1.000", row
        assert row["matched_tokens_a"] == row["matched_tokens_b"], row


def test_the_page_names_every_flagged_pair_and_escapes_student_text(synthetic):
    klass, out, rows, _, loops = synthetic
    page = (out / "similarity.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<link" not in page.lower() and "http" not in page
    assert "&lt;/pre&gt;&lt;script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "코드 유사도 보고서" in page and "<mark>" in page
    flagged = [r for r in rows if r["flagged"] == "yes"]
    assert f"기준 50% 이상인 쌍: <b class=\"flag\">{len(flagged)}</b>개" in page
    stub_only = sorted(s for s, d in klass.disguise.items() if d in ("stubs", "trivial"))
    assert ", ".join(stub_only) in page
    # One group per origin: the original and its copies, nobody else.
    for origin in set(klass.origin.values()) - {""}:
        group = sorted(s for s, o in klass.origin.items() if o == origin)
        assert f"<li>{len(group)}명 (students): {escape(', '.join(group))}</li>" in page, origin
    assert page.count("명 (students): ") == len(set(klass.origin.values()) - {""})


# ----------------------------------------------------------------------------- both directions

def test_a_copier_who_added_code_shares_less_of_theirs(tmp_path):
    windows = author_submission(tmp_path / "a_windows", "windows")
    einsum = author_submission(tmp_path / "b_einsum", "einsum")
    extender = disguise_folder(windows, tmp_path / "c_extender", random.Random(3), LIGHT)
    # The copier also pastes einsum's convolution helpers into a module of their own.
    shutil.copy(einsum / "conv.py", extender / "extra.py")
    report = similarity_report({p.name: p for p in (windows, einsum, extender)}, tmp_path / "out",
                               title="three", stub_dirs=[STUBS])
    rows = {pair_key(r): r for r in read_rows(report.csv)}
    row = rows[frozenset(("a_windows", "c_extender"))]
    windows_in_extender, extender_in_windows = float(row["similarity_a_in_b"]), float(row["similarity_b_in_a"])
    assert windows_in_extender == 1 and extender_in_windows < 0.8
    assert row["flagged"] == "yes"
    assert rows[frozenset(("b_einsum", "c_extender"))]["flagged"] == "yes"   # einsum's conv.py is in there whole
    assert rows.get(frozenset(("a_windows", "b_einsum")), {"flagged": "no"})["flagged"] == "no"


# ----------------------------------------------------------------------------- hostile folders

def test_hostile_folder_is_read_safely(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'not yours'\n" * 20)
    student = author_submission(tmp_path / "student", "einsum")
    (student / "link.py").symlink_to(secret)
    (student / "linked_folder").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(student / "fifo.py")
    (student / "huge.py").write_bytes(b"x = 1\n" * (MAX_FILE_BYTES // 6 + 10))
    (student / "binary.py").write_bytes(b"\x00\x01def f(): pass\n")
    (student / "latin1.py").write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    deep = student
    for level in range(MAX_DEPTH + 3):
        deep = deep / f"d{level}"
        deep.mkdir()
        (deep / f"level{level}.py").write_text(f"LEVEL = {level}\n")
    with deadline(30):
        code = collect_submission("hostile", student, stub_contents([STUBS]))
    read = {f.path for f in code.files}
    skipped = dict(code.skipped)
    assert {"conv.py", "params.py", "pooling.py", "shapes.py", "latin1.py"} <= read
    assert not read & {"link.py", "fifo.py", "huge.py", "binary.py"}
    assert "symbolic link" in skipped["link.py"] and "symbolic link" in skipped["linked_folder"]
    assert "regular" in skipped["fifo.py"] and "larger" in skipped["huge.py"]
    assert "binary" in skipped["binary.py"]
    assert skipped["dropout.py"] == skipped["backprop.py"] == "identical to the released stub"
    depth = "/".join(f"d{level}" for level in range(MAX_DEPTH))
    assert f"{depth}/level{MAX_DEPTH - 1}.py" in read
    assert skipped[f"{depth}/d{MAX_DEPTH}/"] == f"deeper than {MAX_DEPTH} folders"
    assert all(p.count("/") <= MAX_DEPTH for p in read), sorted(read)
    assert "not yours" not in "".join(f.text for f in code.files)
    latin1 = next(f for f in code.files if f.path == "latin1.py")
    assert latin1.text == "s = 'caf\ufffd'\n"


def test_a_crowded_folder_stops_the_listing_at_the_budget(tmp_path):
    student = author_submission(tmp_path / "student", "loops")
    crowded = student / "zz_crowded"
    crowded.mkdir()
    for i in range(MAX_ENTRIES + 50):
        (crowded / f"f{i:05d}.py").write_text(f"V{i} = {i}\n")
    with deadline(30):
        code = collect_submission("crowded", student, stub_contents([STUBS]))
    assert {"conv.py", "pooling.py"} <= {f.path for f in code.files}
    assert len(code.files) <= 40
    assert any("entries" in reason for _, reason in code.skipped)


def test_a_fifo_swapped_in_after_listing_does_not_block(tmp_path):
    fifo = tmp_path / "late.py"
    os.mkfifo(fifo)
    with deadline(10):
        assert read_regular_file(fifo) is None


def test_a_student_folder_that_is_a_link_is_not_read(tmp_path):
    real = author_submission(tmp_path / "real", "loops")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    code = collect_submission("linked", tmp_path / "linked", set())
    assert code.files == [] and code.skipped == [(".", "not a real folder")]


def test_untouched_and_trivial_stubs_leave_nothing_to_compare(tmp_path):
    stubs = stub_contents([STUBS])
    untouched = collect_submission("a", stub_submission(tmp_path / "a"), stubs)
    assert untouched.files == [] and len(untouched.skipped) == len(list(STUBS.glob("*.py")))
    trivial = collect_submission("b", trivial_submission(tmp_path / "b"), stubs)
    assert sorted(f.path for f in trivial.files) == ["params.py", "shapes.py"]
    report = similarity_report({"a": tmp_path / "a", "b": tmp_path / "b",
                                "c": trivial_submission(tmp_path / "c")},
                               tmp_path / "out", title="stubs", stub_dirs=[STUBS])
    assert report.pairs == [] and report.flagged == []


# ----------------------------------------------------------------------------- the commands

def test_demo_class_through_the_command_and_the_same_report_every_run(tmp_path):
    examples = ROOT / "examples" / "submissions"
    first = run_cli("-m", "autograder", "similarity", str(examples), "--out", str(tmp_path / "one"))
    assert first.returncode == 0, first.stderr
    second = run_cli("-m", "autograder", "similarity", str(examples), "--out", str(tmp_path / "two"))
    # Two processes, two salts for Python's str hash: the report must not depend on it.
    for name in ("similarity.csv", "similarity.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    rows = read_rows(tmp_path / "one" / "similarity.csv")
    students = {p.name for p in examples.iterdir() if p.is_dir()}
    assert rows and all(pair_key(r) <= students for r in rows)
    flagged = [r for r in rows if r["flagged"] == "yes"]
    assert f"{len(flagged)} pairs at or above {DEFAULT_THRESHOLD:g}" in first.stdout
    strict = run_cli("-m", "autograder", "similarity", str(examples), "--out", str(tmp_path / "strict"),
                     "--threshold", "0.99", "--floor", "0.9")
    assert strict.returncode == 0, strict.stderr
    strict_rows = read_rows(tmp_path / "strict" / "similarity.csv")
    assert all(similarity(r) >= 0.9 for r in strict_rows)
    assert {pair_key(r) for r in strict_rows if r["flagged"] == "yes"} == {
        pair_key(r) for r in rows if similarity(r) >= 0.99 and r["flagged"] == "yes"}


def test_usage_errors_exit_with_2(tmp_path):
    missing = run_cli("-m", "autograder", "similarity", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    bad = run_cli("-m", "autograder", "similarity", str(ROOT / "examples" / "submissions"),
                  "--out", str(tmp_path), "--threshold", "50")
    assert bad.returncode == 2 and "between 0 and 1" in bad.stderr
    empty = run_cli("-m", "autograder.course", "similarity", str(tmp_path), "cnn36_color_conv")
    assert empty.returncode == 2 and "nothing collected" in empty.stderr


def test_course_command_reads_submitted_and_writes_reports(tmp_path):
    assignment = "cnn36_color_conv"
    course = tmp_path / "course"
    build_course(course, assignments=[assignment])
    notebook = course / "source" / assignment / f"{assignment}.ipynb"
    submitted = course / "submitted"
    author_submission(submitted / "alice" / assignment, "im2col")
    author_submission(submitted / "bob" / assignment, "shift_add")
    disguise_folder(submitted / "alice" / assignment, submitted / "carol" / assignment,
                    random.Random(5), FULL)
    stub_submission(submitted / "dave" / assignment)
    for student in ("alice", "bob", "carol", "dave"):
        shutil.copy(notebook, submitted / student / assignment / notebook.name)
    run = run_cli("-m", "autograder.course", "similarity", str(course), assignment)
    assert run.returncode == 0, run.stdout + run.stderr
    report = course / "reports" / assignment
    assert (report / "similarity.html").is_file()
    rows = read_rows(report / "similarity.csv")
    assert [pair_key(r) for r in rows if r["flagged"] == "yes"] == [frozenset(("alice", "carol"))]
    assert f"course / {assignment}" in (report / "similarity.html").read_text(encoding="utf-8")


def test_reference_copies_are_found_too(tmp_path):
    original = author_submission(tmp_path / "ref", REFERENCE)
    disguise_folder(original, tmp_path / "ref_copy", random.Random(2), FULL)
    author_submission(tmp_path / "own", "indexed")
    report = similarity_report({p.name: p for p in tmp_path.iterdir()}, tmp_path / "out",
                               title="reference", stub_dirs=[STUBS])
    assert [(p.student_a, p.student_b) for p in report.flagged] == [("ref", "ref_copy")]


# ----------------------------------------------------------------------------- a real browser

def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)")
def test_page_in_headless_chromium(synthetic, tmp_path):
    klass, out, rows, _, loops = synthetic
    url = (out / "similarity.html").as_uri()
    dom = chromium("--dump-dom", url, profile=tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "코드 유사도 보고서" in html and "읽는 법" in html
    assert html.count("<mark>") > 50
    # The planted markup stayed text: no script ran, no element was made of it.
    assert "<script" not in html and "<img" not in html
    assert "document.title = &quot;copied&quot;" in html or 'document.title = "copied"' in html
    assert "&lt;/pre&gt;&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<title>코드 유사도" in html and "<title>copied" not in html
    # The pair with the planted comment is shown side by side.
    flagged = [r for r in rows if r["flagged"] == "yes"]
    assert any(loops in pair_key(r) for r in flagged)
    shot = tmp_path / "page.png"
    picture = chromium(f"--screenshot={shot}", "--window-size=1280,2000", url,
                       profile=tmp_path / "profile-shot")
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_csv_keeps_a_formula_looking_student_id_as_text():
    from autograder.similarity.compare import PairMatch
    from autograder.similarity.report import ReportSettings, to_csv

    empty = np.zeros((2, 0), dtype=np.int64)
    pair = PairMatch("=HYPERLINK(\"x\")", "bob", 0.9, 0.8, 500, 450, 20, 18, empty, empty)
    rows = list(csv.DictReader(to_csv([pair], ReportSettings("t", 0.5, 0.2, MIN_MATCHED_TOKENS))
                               .splitlines()))
    assert rows == [{"student_a": "'=HYPERLINK(\"x\")", "student_b": "bob",
                     "similarity_a_in_b": "0.900", "similarity_b_in_a": "0.800",
                     "matched_tokens_a": "500", "matched_tokens_b": "450",
                     "matched_lines_a": "20", "matched_lines_b": "18", "flagged": "yes"}]
