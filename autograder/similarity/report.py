"""The similarity report: one self-contained HTML page and a CSV of the pairs.

The page has no script and loads nothing: the style sheet is inline, and all
student text (code, file names, student ids) is escaped, because it is hostile
input. Matched regions are ``<mark>`` elements, shown side by side with a few
lines of context; long stretches without a match are folded.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np

from autograder.spreadsheet_cells import SafeDictWriter

from .collect import StudentCode
from .compare import NOISE_TOKENS, Document, PairMatch

CONTEXT_LINES = 3          # unmatched lines shown around a match
MAX_DETAILED_PAIRS = 60    # side-by-side views on the page (the table lists every flagged pair)
STUB_SKIP = "identical to the released stub"
CSV_FIELDS = ("student_a", "student_b", "similarity_a_in_b", "similarity_b_in_a",
              "matched_tokens_a", "matched_tokens_b", "matched_lines_a", "matched_lines_b", "flagged")

STYLE = """
body{font-family:system-ui,'Noto Sans KR','NanumGothic',sans-serif;max-width:96rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
.en{color:#555;font-style:italic}.note{border-left:4px solid #3a6ea5;padding:.2rem .8rem;background:#f6f9fc}
.pair{border-top:2px solid #999;margin-top:2rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.side{min-width:0}
.file{margin:.6rem 0 .2rem;font-family:monospace;font-weight:bold}
pre.code{background:#f7f7f7;border:1px solid #ddd;padding:.4rem 0;overflow-x:auto;font-size:12px;line-height:1.35;margin:0}
pre.code .ln{display:inline-block;width:3.5em;color:#999;text-align:right;padding-right:.6em;user-select:none}
pre.code .gap{color:#888;background:#eee;display:block;padding-left:4.1em}
mark{background:#ffd966;color:inherit}
.flag{color:#a11;font-weight:bold}
"""


@dataclass
class ReportSettings:
    """What the report states about how it was made."""
    title: str
    threshold: float
    floor: float
    min_tokens: int


def pair_rows(pairs: list[PairMatch], settings: ReportSettings) -> list[dict[str, str]]:
    """One CSV row per pair, in the order given."""
    return [dict(zip(CSV_FIELDS, (
        p.student_a, p.student_b, f"{p.similarity_a:.3f}", f"{p.similarity_b:.3f}",
        str(p.tokens_a), str(p.tokens_b), str(p.lines_a), str(p.lines_b),
        "yes" if p.flagged(settings.threshold, settings.min_tokens) else "no")))
        for p in pairs]


def to_csv(pairs: list[PairMatch], settings: ReportSettings) -> str:
    """The CSV text: every pair at or above the reporting floor, most similar first.

    Columns: ``student_a, student_b, similarity_a_in_b, similarity_b_in_a,
    matched_tokens_a, matched_tokens_b, matched_lines_a, matched_lines_b,
    flagged`` (``yes``/``no``). ``similarity_a_in_b`` is the share of ``a``'s
    own code (stubs excluded) that is also in ``b``; tokens are copydetect's
    filtered characters.
    """
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(pair_rows(pairs, settings))
    return out.getvalue()


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _marked_lines(text: str, slices: np.ndarray) -> list[str]:
    """Each line of ``text`` as escaped HTML, matched characters inside ``<mark>``.

    A region is widened to whole words: the filtered code it comes from has
    no word boundaries (``return`` may match only up to ``retur``).
    """
    mask = np.zeros(len(text) + 1, dtype=bool)
    for start, end in zip(slices[0], slices[1]):
        start, end = max(int(start), 0), min(max(int(end), 0), len(text))
        while 0 < start < len(text) and _word(text[start - 1]) and _word(text[start]):
            start -= 1
        while 0 < end < len(text) and _word(text[end - 1]) and _word(text[end]):
            end += 1
        mask[start:end] = True
    lines, position = [], 0
    for line in text.split("\n"):
        parts, i = [], 0
        while i < len(line):
            marked = mask[position + i]
            j = i + 1
            while j < len(line) and mask[position + j] == marked:
                j += 1
            segment = escape(line[i:j])
            parts.append(f"<mark>{segment}</mark>" if marked else segment)
            i = j
        lines.append("".join(parts))
        position += len(line) + 1
    return lines


def _file_view(text: str, slices: np.ndarray) -> str | None:
    """One file with its matches and CONTEXT_LINES around them, or None without a match."""
    if slices.shape[1] == 0:
        return None
    html_lines = _marked_lines(text, slices)
    hit = np.array(["<mark>" in line for line in html_lines])
    if not hit.any():
        return None
    shown = np.convolve(hit, np.ones(2 * CONTEXT_LINES + 1, dtype=int), mode="same") > 0
    out, folded = [], 0
    for number, (line, show) in enumerate(zip(html_lines, shown), start=1):
        if not show:
            folded += 1
            continue
        if folded:
            out.append(f'<span class="gap">… {folded}줄 생략 ({folded} lines folded)</span>')
            folded = 0
        out.append(f'<span class="ln">{number}</span>{line}')
    if folded:
        out.append(f'<span class="gap">… {folded}줄 생략 ({folded} lines folded)</span>')
    return '<pre class="code">' + "\n".join(out) + "</pre>"


def _side(document: Document, slices: np.ndarray) -> str:
    """A student's matched files: each file's share of the matched regions, in place."""
    views = []
    for path, start, end in document.files:
        inside = (slices[1] > start) & (slices[0] < end)
        local = np.clip(slices[:, inside] - start, 0, end - start)
        view = _file_view(document.text[start:end], local)
        if view is not None:
            views.append(f'<div class="file">{escape(path)}</div>{view}')
    return "".join(views) or "<p>—</p>"


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def _pair_section(number: int, pair: PairMatch, docs: dict[str, Document]) -> str:
    a, b = docs[pair.student_a], docs[pair.student_b]
    return (
        f'<section class="pair" id="pair-{number}">'
        f"<h2>{number}. {escape(pair.student_a)} ↔ {escape(pair.student_b)}</h2>"
        f"<p>{escape(pair.student_a)}의 코드 중 {_percent(pair.similarity_a)}가 "
        f"{escape(pair.student_b)}에게도 있고, {escape(pair.student_b)}의 코드 중 "
        f"{_percent(pair.similarity_b)}가 {escape(pair.student_a)}에게도 있습니다. "
        f"일치한 줄: {pair.lines_a} / {pair.lines_b}.<br><span class=\"en\">"
        f"{_percent(pair.similarity_a)} of {escape(pair.student_a)}'s code is also in "
        f"{escape(pair.student_b)}'s, {_percent(pair.similarity_b)} the other way; "
        f"matched lines {pair.lines_a} / {pair.lines_b}.</span></p>"
        f'<div class="sides"><div class="side"><h3>{escape(pair.student_a)}</h3>'
        f"{_side(a, pair.slices_a)}</div>"
        f'<div class="side"><h3>{escape(pair.student_b)}</h3>{_side(b, pair.slices_b)}</div></div>'
        "</section>")


def _pair_table(flagged: list[PairMatch], detailed: int) -> str:
    rows = []
    for number, p in enumerate(flagged, start=1):
        name = (f'<a href="#pair-{number}">{number}</a>' if number <= detailed else str(number))
        rows.append(
            f"<tr><td>{name}</td><td>{escape(p.student_a)}</td><td>{escape(p.student_b)}</td>"
            f'<td class="num">{_percent(p.similarity_a)}</td><td class="num">{_percent(p.similarity_b)}</td>'
            f'<td class="num">{p.lines_a} / {p.lines_b}</td></tr>')
    return ("<table><tr><th>#</th><th>학생 A (student A)</th><th>학생 B (student B)</th>"
            "<th>A의 코드 중 B에도 있는 비율<br>(A's code found in B)</th>"
            "<th>B의 코드 중 A에도 있는 비율<br>(B's code found in A)</th>"
            "<th>일치한 줄 A / B<br>(matched lines)</th></tr>" + "".join(rows) + "</table>")


def groups(flagged: list[PairMatch]) -> list[list[str]]:
    """Students joined by flagged pairs (connected components), largest group first."""
    parent: dict[str, str] = {}

    def root(student: str) -> str:
        while parent.setdefault(student, student) != student:
            parent[student] = parent[parent[student]]
            student = parent[student]
        return student

    for pair in flagged:
        parent[root(pair.student_a)] = root(pair.student_b)
    members: dict[str, list[str]] = {}
    for student in parent:
        members.setdefault(root(student), []).append(student)
    return sorted((sorted(m) for m in members.values()), key=lambda m: (-len(m), m))


def _groups_list(flagged: list[PairMatch]) -> str:
    items = "".join(f"<li>{len(g)}명 (students): {escape(', '.join(g))}</li>" for g in groups(flagged))
    return ("<h2>묶음 (groups)</h2><p>기준 이상인 쌍으로 이어진 학생들입니다 "
            '<span class="en">(students joined by flagged pairs)</span>.</p>'
            f"<ul>{items}</ul>")


def _skipped_table(codes: list[StudentCode]) -> str:
    rows = [f"<tr><td>{escape(c.student)}</td><td><code>{escape(path)}</code></td>"
            f"<td>{escape(reason)}</td></tr>"
            for c in codes for path, reason in c.skipped if reason != STUB_SKIP]
    if not rows:
        return ""
    return ("<h2>읽지 않은 파일 (files not read)</h2>"
            "<p>심볼릭 링크, 일반 파일이 아닌 것, 너무 큰 파일, 너무 깊은 폴더는 읽지 않습니다."
            '<br><span class="en">Symbolic links, non-regular files, oversized files and '
            "folders nested too deep are skipped.</span></p>"
            "<table><tr><th>학생 (student)</th><th>경로 (path)</th><th>이유 (reason)</th></tr>"
            + "".join(rows) + "</table>")


def to_html(pairs: list[PairMatch], documents: list[Document], codes: list[StudentCode],
            settings: ReportSettings) -> str:
    """The whole report page.

    Parameters
    ----------
    pairs : list of PairMatch
        Every pair at or above the reporting floor, most similar first.
    documents : list of Document
        Every student's fingerprinted code.
    codes : list of StudentCode
        What was collected (for the files that were skipped).
    settings : ReportSettings

    Returns
    -------
    str
        A complete HTML document with no script and no external resource.
    """
    docs = {d.student: d for d in documents}
    flagged = [p for p in pairs if p.flagged(settings.threshold, settings.min_tokens)]
    detailed = min(len(flagged), MAX_DETAILED_PAIRS)
    without_code = sorted(d.student for d in documents if d.fingerprint is None)
    threshold = _percent(settings.threshold)
    summary = (
        f"<p>학생 {len(documents)}명, 비교한 쌍 {len(documents) * (len(documents) - 1) // 2}개. "
        f"기준 {threshold} 이상인 쌍: <b class=\"flag\">{len(flagged)}</b>개; "
        f"{_percent(settings.floor)} 이상인 쌍 {len(pairs)}개는 CSV에 있습니다.<br>"
        f"<span class=\"en\">{len(documents)} students, "
        f"{len(documents) * (len(documents) - 1) // 2} pairs compared; {len(flagged)} pairs at or "
        f"above the threshold of {threshold}; the {len(pairs)} pairs at or above "
        f"{_percent(settings.floor)} are in the CSV.</span></p>")
    if without_code:
        summary += (f"<p>스텁 외에 작성한 코드가 없는 학생 (no code beyond the stubs): "
                    f"{escape(', '.join(without_code))}</p>")
    how_to_read = (
        '<div class="note"><p><b>읽는 법 (how to read this)</b></p>'
        "<p>배포한 스텁(독스트링, 함수 선언, TODO 줄)은 빼고 학생이 쓴 코드만 비교합니다. "
        "변수 이름, 주석, 공백, 함수 순서를 바꿔도 같은 코드로 봅니다. "
        "<b>A→B 비율</b>은 A가 쓴 코드 중 B의 코드에도 있는 부분의 비율입니다. "
        f"두 방향 중 하나라도 {threshold} 이상이고 일치한 부분이 충분히 길면 표시합니다. "
        "이 보고서는 살펴볼 근거일 뿐 판정이 아닙니다: 강의 예제, 같은 교재, "
        "당연한 한 줄 코드 때문에 비슷할 수도 있으니 강조된 부분을 직접 읽어 보세요.</p>"
        '<p class="en">Only what students wrote is compared: the released stubs (docstrings, '
        "signatures, TODO lines) are removed. Renamed variables, changed comments and "
        "whitespace, and reordered functions still match. <b>A's code found in B</b> is the "
        "share of A's own code that also appears in B's. A pair is flagged when either "
        f"direction reaches {threshold} on a long enough match (at least "
        f"{settings.min_tokens} matched filtered characters; regions shorter than "
        f"{NOISE_TOKENS} are ignored). This is evidence to look at, not a verdict: shared "
        "lecture examples or obvious one-liners also match; read the highlighted code.</p></div>")
    body = [f"<h1>코드 유사도 보고서 (code similarity report)</h1><p>{escape(settings.title)}</p>",
            summary, how_to_read]
    if flagged:
        body.append(_groups_list(flagged))
        body.append(f"<h2>기준 이상인 쌍 (pairs at or above {threshold})</h2>")
        body.append(_pair_table(flagged, detailed))
        if detailed < len(flagged):
            body.append(f"<p>나란히 보기는 위의 {detailed}쌍만 보여 줍니다 "
                        f'<span class="en">(side-by-side views for the first {detailed} pairs only)'
                        "</span></p>")
        body.extend(_pair_section(i, p, docs) for i, p in enumerate(flagged[:detailed], start=1))
    else:
        body.append(f"<p>기준 {threshold} 이상인 쌍이 없습니다 "
                    f'<span class="en">(no pair at or above {threshold})</span>.</p>')
    body.append(_skipped_table(codes))
    return ('<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
            f"<title>코드 유사도: {escape(settings.title)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>")


def write_report(html_path: Path, csv_path: Path, pairs: list[PairMatch],
                 documents: list[Document], codes: list[StudentCode],
                 settings: ReportSettings) -> None:
    """Write the HTML page and the CSV (parent folders are created)."""
    for path, text in ((html_path, to_html(pairs, documents, codes, settings)),
                       (csv_path, to_csv(pairs, settings))):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
