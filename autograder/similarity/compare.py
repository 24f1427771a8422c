"""Compare every pair of students' code by winnowed fingerprints (copydetect, as MOSS does).

Each student's files are joined into one document, tokenized by Pygments and
filtered by ``copydetect.utils.filter_code``: every identifier becomes ``V``
(``F`` for function names in definitions), every string ``S``, comments and
whitespace disappear. Renamed variables, changed comments and a new layout
therefore leave the filtered text unchanged, and a document's fingerprints are
a *set* of k-gram hashes chosen by winnowing (``copydetect.utils.winnow``), so
reordered functions match too. Every k-gram that touches code of the released
stubs (docstrings, signatures, TODO lines) is removed before the comparison:
only what students wrote counts.

The k-grams are hashed here with a fixed function rather than copydetect's
``hash()`` of Python strings, which is salted per process: the same class
gives the same report on every run, and the filtering (the slow part) can run
in worker processes.

For a pair ``(a, b)``, ``similarity_a`` is the share of ``a``'s fingerprinted
code that is also in ``b`` (and the other way round); a copier who added code
of their own has a lower share than the student they copied from.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from copydetect.utils import filter_code, get_copied_slices, get_token_coverage, winnow

from .collect import StudentCode

# k: the shortest run of filtered characters that counts as a match. At 25
# (copydetect's default) the argument checks everyone writes the same way
# (``if x.ndim != 4: raise ValueError(...)``) made independent solutions 0.4
# alike; at 35 they stay below 0.25 while disguised copies stay above 0.8.
NOISE_TOKENS = 35
# Every run of this many filtered characters shared by two documents is found
# (winnowing window = GUARANTEE_TOKENS - NOISE_TOKENS + 1 = 6 k-grams).
GUARANTEE_TOKENS = 40
# A pair is flagged only when at least this many filtered characters match on
# both sides (three to five lines of code), whatever the share: a student who
# wrote almost nothing can otherwise be "similar" to anyone.
MIN_MATCHED_TOKENS = 100
# Below this many students the worker processes cost more than they save.
PARALLEL_FROM = 16

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass
class Fingerprint:
    """The filtered code of one document and its winnowed k-gram hashes.

    Attributes
    ----------
    filtered : str
        The code as copydetect filters it.
    offsets : ndarray of int, shape (M, 2)
        copydetect's map from filtered positions back to the raw text.
    hashes, positions : ndarray of int, shape (F,)
        Each kept hash (sorted) and where its k-gram starts in ``filtered``.
    unique : ndarray of int, shape (U,)
        The distinct kept hashes, sorted.
    tokens : int
        Filtered characters covered by kept k-grams: the size of the
        student's own code.
    """
    filtered: str
    offsets: np.ndarray = field(repr=False)
    hashes: np.ndarray = field(repr=False, default_factory=lambda: _EMPTY)
    positions: np.ndarray = field(repr=False, default_factory=lambda: _EMPTY)
    unique: np.ndarray = field(repr=False, default_factory=lambda: _EMPTY)
    tokens: int = 0


@dataclass
class Document:
    """One student's code joined into one text, with its fingerprint.

    Attributes
    ----------
    student : str
    text : str
        Every file's text in path order, each ending with a newline.
    files : list of (str, int, int)
        ``(path, start, end)``: where each file sits in ``text``.
    fingerprint : Fingerprint or None
        None when the student wrote no code of their own long enough to match.
    line_starts : ndarray of int, shape (L,)
        Offset of every line start in ``text``.
    """
    student: str
    text: str
    files: list[tuple[str, int, int]]
    fingerprint: Fingerprint | None
    line_starts: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(1, np.int64))

    @property
    def tokens(self) -> int:
        """Filtered characters of the student's own code (0 without a fingerprint)."""
        return self.fingerprint.tokens if self.fingerprint is not None else 0


@dataclass
class PairMatch:
    """What two students' documents share.

    Attributes
    ----------
    student_a, student_b : str
        ``student_a < student_b``.
    similarity_a : float
        Share of ``a``'s fingerprinted code found in ``b`` (0 to 1).
    similarity_b : float
        Share of ``b``'s fingerprinted code found in ``a``.
    tokens_a, tokens_b : int
        Matched filtered characters in ``a`` and in ``b``.
    lines_a, lines_b : int
        Source lines of ``a`` and ``b`` that hold matched code.
    slices_a, slices_b : ndarray of int, shape (2, M)
        Start and end offsets of the matched regions in each document's text.
    """
    student_a: str
    student_b: str
    similarity_a: float
    similarity_b: float
    tokens_a: int
    tokens_b: int
    lines_a: int
    lines_b: int
    slices_a: np.ndarray = field(repr=False)
    slices_b: np.ndarray = field(repr=False)

    @property
    def similarity(self) -> float:
        """The larger of the two directions."""
        return max(self.similarity_a, self.similarity_b)

    def flagged(self, threshold: float, min_tokens: int = MIN_MATCHED_TOKENS) -> bool:
        """True when either direction reaches ``threshold`` on enough matched code."""
        return self.similarity >= threshold and min(self.tokens_a, self.tokens_b) >= min_tokens


def kgram_hashes(filtered: str, k: int | None = None) -> np.ndarray:
    """A fixed 64-bit hash of every k-gram of ``filtered`` (the same in every process).

    Parameters
    ----------
    filtered : str
        Filtered code, length n.
    k : int, optional
        Default :data:`NOISE_TOKENS`.

    Returns
    -------
    ndarray of int64, shape (max(n - k + 1, 0),)
        Element ``i`` hashes ``filtered[i:i + k]``: a polynomial hash modulo
        2**64, then splitmix64's finalizer so that winnowing's minima fall
        evenly.
    """
    k = NOISE_TOKENS if k is None else k
    codes = np.frombuffer(filtered.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    if n <= 0:
        return _EMPTY.copy()
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    for j in range(k):              # k vector operations, not n * k Python steps
        h = h * base + codes[j:j + n]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h.view(np.int64)


def filter_python(text: str) -> tuple[str, np.ndarray]:
    """copydetect's tokenizing filter for Python code: ``(filtered, offsets)``."""
    filtered, offsets = filter_code(text, "submission.py", "python")
    return filtered, np.asarray(offsets, dtype=np.int64).reshape(-1, 2)


def boilerplate_hashes(stub_texts: Iterable[str]) -> np.ndarray:
    """Every k-gram hash of the released stubs (no winnowing: all of them).

    Parameters
    ----------
    stub_texts : iterable of str
        The stub modules' texts.

    Returns
    -------
    ndarray of int64, shape (B,)
        Sorted unique hashes.
    """
    found = [kgram_hashes(filter_python(text)[0]) for text in stub_texts]
    return np.unique(np.concatenate(found)) if found else _EMPTY.copy()


def fingerprint(filtered: str, offsets: np.ndarray, boilerplate: np.ndarray) -> Fingerprint:
    """Winnow the k-grams of filtered code, leaving out those that touch stub code.

    copydetect's own boilerplate filter removes k-grams that are wholly stub
    code. The k-grams that straddle a stub's docstring or signature and the
    first characters a student wrote are not in the stubs and would match
    between any two students who begin a function the same way (``x =
    np.asarray(x)``); a filtered docstring is one character, so such a match
    would also paint the whole docstring as copied. Here every filtered
    character covered by a stub k-gram is marked, and a fingerprint is kept
    only if its k-gram covers no marked character.

    Parameters
    ----------
    filtered : str
    offsets : ndarray of int, shape (M, 2)
        From :func:`filter_python`.
    boilerplate : ndarray of int64
        From :func:`boilerplate_hashes`.

    Returns
    -------
    Fingerprint
    """
    k, length = NOISE_TOKENS, len(filtered)
    result = Fingerprint(filtered, offsets)
    all_hashes = kgram_hashes(filtered, k)
    if len(all_hashes) == 0:
        return result
    is_stub = np.isin(all_hashes, boilerplate)
    # covered[i]: a stub k-gram starting in (i - k, i] covers character i.
    covered = np.convolve(is_stub, np.ones(k, dtype=np.int64))[:length] > 0
    # touched[j]: the k-gram starting at j covers a marked character.
    touched = np.convolve(covered, np.ones(k, dtype=np.int64))[k - 1:k - 1 + len(all_hashes)] > 0
    _, selected = winnow(all_hashes, GUARANTEE_TOKENS - NOISE_TOKENS + 1, remove_duplicates=False)
    selected = selected[~touched[selected]]
    if len(selected) == 0:
        return result
    order = np.argsort(all_hashes[selected], kind="stable")
    result.positions = selected[order].astype(np.int64)
    result.hashes = all_hashes[result.positions]
    result.unique = np.unique(result.hashes)
    result.tokens = int(get_token_coverage({0: result.positions}, k, length))
    return result


def _join(code: StudentCode) -> tuple[str, list[tuple[str, int, int]]]:
    parts, files, offset = [], [], 0
    for source in code.files:
        text = source.text if source.text.endswith("\n") else source.text + "\n"
        files.append((source.path, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return "".join(parts), files


def build_documents(codes: list[StudentCode], boilerplate: np.ndarray,
                    workers: int | None = None) -> list[Document]:
    """Join every student's files and fingerprint them.

    Parameters
    ----------
    codes : list of StudentCode
    boilerplate : ndarray of int64
        From :func:`boilerplate_hashes`.
    workers : int, optional
        Processes for the tokenizing filter (default: all cores; one process
        for fewer than :data:`PARALLEL_FROM` students).

    Returns
    -------
    list of Document
        In the order of ``codes``.
    """
    joined = [_join(code) for code in codes]
    texts = [text for text, _ in joined]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(texts) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            filtered = list(pool.map(filter_python, texts, chunksize=8))
    else:
        filtered = [filter_python(text) for text in texts]
    documents = []
    for code, (text, files), (flat, offsets) in zip(codes, joined, filtered):
        found = fingerprint(flat, offsets, boilerplate) if text.strip() else None
        line_starts = np.concatenate([[0], np.flatnonzero(np.frombuffer(
            text.encode("utf-32-le"), dtype=np.uint32) == ord("\n")) + 1]).astype(np.int64)
        documents.append(Document(code.student, text, files,
                                  found if found is not None and found.tokens else None,
                                  line_starts))
    return documents


def _raw_slices(document: Document, filtered: np.ndarray) -> np.ndarray:
    """Matched regions in filtered coordinates -> offsets in the document's text.

    As ``copydetect.compare_files`` does: the offset table maps every
    filtered position back to the characters removed before it.
    """
    offsets = document.fingerprint.offsets
    raw = filtered.astype(np.int64)
    if len(offsets) > 0:
        raw = raw + offsets[:, 1][np.clip(np.searchsorted(offsets[:, 0], filtered),
                                          0, offsets.shape[0] - 1)]
    return np.clip(raw, 0, len(document.text))


def _lines(document: Document, slices: np.ndarray) -> int:
    """How many distinct source lines the regions touch."""
    starts, ends = slices[0], slices[1]
    keep = ends > starts
    first = np.searchsorted(document.line_starts, starts[keep], side="right") - 1
    last = np.searchsorted(document.line_starts, ends[keep] - 1, side="right") - 1
    depth = np.zeros(len(document.line_starts) + 1, dtype=np.int64)
    np.add.at(depth, first, 1)
    np.add.at(depth, last + 1, -1)
    return int(np.count_nonzero(np.cumsum(depth)[:-1]))


def _members(hashes: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Boolean mask of ``hashes`` found in ``common`` (both sorted; ``common`` not empty)."""
    where = np.minimum(np.searchsorted(common, hashes), len(common) - 1)
    return common[where] == hashes


def compare_pair(a: Document, b: Document) -> PairMatch | None:
    """What ``a`` and ``b`` share, or None when they share no fingerprint.

    Parameters
    ----------
    a, b : Document
        Both with a fingerprint.

    Returns
    -------
    PairMatch or None
    """
    fa, fb = a.fingerprint, b.fingerprint
    common = np.intersect1d(fa.unique, fb.unique, assume_unique=True)
    if len(common) == 0:
        return None
    # copydetect.utils.find_fingerprint_overlap, on sorted arrays instead of dicts.
    filtered_a = get_copied_slices(fa.positions[_members(fa.hashes, common)], NOISE_TOKENS)
    filtered_b = get_copied_slices(fb.positions[_members(fb.hashes, common)], NOISE_TOKENS)
    tokens_a = int(np.sum(filtered_a[1] - filtered_a[0]))
    tokens_b = int(np.sum(filtered_b[1] - filtered_b[0]))
    slices_a, slices_b = _raw_slices(a, filtered_a), _raw_slices(b, filtered_b)
    return PairMatch(a.student, b.student,
                     min(1.0, tokens_a / fa.tokens), min(1.0, tokens_b / fb.tokens),
                     tokens_a, tokens_b, _lines(a, slices_a), _lines(b, slices_b),
                     slices_a, slices_b)


def compare_all(documents: list[Document], floor: float) -> list[PairMatch]:
    """Every pair whose similarity (either direction) reaches ``floor``, most similar first.

    Parameters
    ----------
    documents : list of Document
    floor : float
        Pairs below it are not returned (0 returns every pair sharing anything).

    Returns
    -------
    list of PairMatch
    """
    present = sorted((d for d in documents if d.fingerprint is not None), key=lambda d: d.student)
    pairs = []
    for i, a in enumerate(present):
        for b in present[i + 1:]:
            match = compare_pair(a, b)
            if match is not None and match.similarity >= floor:
                pairs.append(match)
    pairs.sort(key=lambda p: (-p.similarity, p.student_a, p.student_b))
    return pairs
