"""Every CSV the grader writes shows student text as text, never as a spreadsheet formula."""
from __future__ import annotations

import csv
import io

from autograder.classroom import GradingFailure, write_gradebook
from autograder.spreadsheet_cells import SafeDictWriter, SafeWriter, spreadsheet_safe

HOSTILE = ['=HYPERLINK("http://evil.example")', "+cmd|' /C calc'!A0", "-2+3+cmd|x", "@SUM(1,2)",
           "\t=1+1", "\r=1+1"]


def test_formula_text_is_quoted_and_numbers_are_not():
    for text in HOSTILE:
        assert spreadsheet_safe(text) == "'" + text
    for value in ("-1.5", "+2", "-0", "3", "", "ann", "1e-3", 7, -2.0, None):
        assert spreadsheet_safe(value) == value


def test_both_writers_neutralise_every_cell():
    out = io.StringIO()
    SafeWriter(out).writerows([HOSTILE, ["-4.5", "ok"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["'" + text for text in HOSTILE] and rows[1] == ["-4.5", "ok"]
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=["student", "score"])
    writer.writeheader()
    writer.writerow({"student": HOSTILE[0], "score": "-1"})
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [
        {"student": "'" + HOSTILE[0], "score": "-1"}]


def test_the_class_gradebook_quotes_student_folders_and_reasons(tmp_path):
    path = tmp_path / "gradebook.csv"
    failures = [GradingFailure(student=text, error="", reason="=1+1") for text in HOSTILE]
    write_gradebook([], path, failures, assignment="cnn31_flatten_mlp")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(row["student"] for row in rows) == sorted("'" + text for text in HOSTILE)
    assert all(row["note"] == "grading failed: =1+1" for row in rows)
