"""Which submissions are suspiciously alike: a MOSS-like report over a whole class.

    collect.py   read each submission's own ``.py`` files safely (hostile folders)
    compare.py   winnowed fingerprints (copydetect) of every student, every pair compared
    report.py    one self-contained HTML page (matches side by side) and a CSV of the pairs

Command line: ``autograder similarity CLASS_DIR --out DIR`` (one folder per
student) and ``python -m autograder.course similarity COURSE ASSIGNMENT``
(nbgrader's ``submitted/``). Needs the ``course`` extra (copydetect).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

# Defaults measured on the synthetic class of tests/similarity_class.py (40
# students, seeds 0-3): disguised copies (renamed, reordered, re-laid,
# comments changed) score 0.86-1.00 in both directions, independently written
# solutions at most 0.18. The threshold sits between them with room on both
# sides; the floor keeps weaker resemblances in the CSV for whoever wants to
# look further.
DEFAULT_THRESHOLD = 0.5
DEFAULT_FLOOR = 0.2
HTML_NAME = "similarity.html"
CSV_NAME = "similarity.csv"


@dataclass
class SimilarityReport:
    """What a run found and where it wrote it.

    Attributes
    ----------
    students : int
        Submissions compared.
    pairs : list of compare.PairMatch
        Pairs at or above the floor, most similar first.
    flagged : list of compare.PairMatch
        Pairs at or above the threshold (with enough matched code).
    html, csv : Path
    seconds : float
        Wall time of collecting, comparing and writing.
    """
    students: int
    pairs: list
    flagged: list
    html: Path
    csv: Path
    seconds: float


def released_stub_dirs() -> list[Path]:
    """The stub modules the course releases (``assignments/modules/``)."""
    from autograder.course.sources import STUB_MODULES

    return [STUB_MODULES]


def similarity_report(submissions: dict[str, Path], out_dir: Path, *, title: str,
                      threshold: float = DEFAULT_THRESHOLD, floor: float = DEFAULT_FLOOR,
                      stub_dirs: Iterable[Path] | None = None) -> SimilarityReport:
    """Compare every pair of submissions and write ``similarity.html`` and ``similarity.csv``.

    Parameters
    ----------
    submissions : dict of str to Path
        Student id to submission folder.
    out_dir : Path
        Receives :data:`HTML_NAME` and :data:`CSV_NAME` (created when missing).
    title : str
        Shown at the top of the page (course and assignment, or the folder).
    threshold : float
        A pair is flagged when either direction's similarity reaches it.
    floor : float
        Pairs below it are left out of the CSV.
    stub_dirs : iterable of Path, optional
        Folders of the released stubs; default :func:`released_stub_dirs`.

    Returns
    -------
    SimilarityReport
    """
    from .collect import collect_class
    from .compare import MIN_MATCHED_TOKENS, boilerplate_hashes, build_documents, compare_all
    from .report import ReportSettings, write_report

    start = time.perf_counter()
    stub_dirs = list(released_stub_dirs() if stub_dirs is None else stub_dirs)
    codes = collect_class(submissions, stub_dirs)
    stubs = [p.read_text(encoding="utf-8", errors="replace")
             for folder in stub_dirs if Path(folder).is_dir() for p in sorted(Path(folder).glob("*.py"))]
    boilerplate = boilerplate_hashes(stubs)
    documents = build_documents(codes, boilerplate)
    pairs = compare_all(documents, min(floor, threshold))
    settings = ReportSettings(title, threshold, floor, MIN_MATCHED_TOKENS)
    out_dir = Path(out_dir)
    write_report(out_dir / HTML_NAME, out_dir / CSV_NAME, pairs, documents, codes, settings)
    flagged = [p for p in pairs if p.flagged(threshold, MIN_MATCHED_TOKENS)]
    return SimilarityReport(len(codes), pairs, flagged, out_dir / HTML_NAME, out_dir / CSV_NAME,
                            time.perf_counter() - start)


__all__ = ["DEFAULT_FLOOR", "DEFAULT_THRESHOLD", "SimilarityReport", "released_stub_dirs",
           "similarity_report"]
