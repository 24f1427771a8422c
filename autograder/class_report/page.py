"""The class report as one self-contained HTML page: figures embedded as PNG, no script, no network.

Every text that comes from the graded results (concept names, diagnoses,
counterexamples, student ids of failed gradings, reasons) is escaped: a
counterexample can hold whatever a student's function returned. The mistakes
section names no student, so it can be shown to the class.
"""
from __future__ import annotations

import base64
import statistics
from html import escape

from .lecture import Section, lecture_sections
from .numbers import ClassNumbers, ConceptShare, Measured, Mistake, weakest_first
from .plots import count_bars, measured_histogram, score_histogram, seconds_histogram, share_bars, to_png

MAX_CONCEPT_BARS = 25     # the weakest concepts drawn; the table and the CSV have all of them
MAX_MISTAKE_BARS = 15
MAX_MISTAKE_CARDS = 40

STYLE = """
body{font-family:'NanumGothic','Noto Sans KR','Noto Sans CJK KR',system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #3a6ea5;padding-bottom:.2rem;margin-top:2.4rem}
table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.en{color:#555;font-style:italic}.note{border-left:4px solid #3a6ea5;padding:.2rem .8rem;background:#f6f9fc}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.9rem}
.cards{display:grid;gap:.8rem}.card{border:1px solid #ddd;border-left:5px solid #c0392b;padding:.5rem .8rem;break-inside:avoid}
.card h3{margin:.1rem 0 .3rem;font-size:1.05rem}.count{color:#c0392b;font-weight:bold}
pre{background:#f7f7f7;border:1px solid #ddd;padding:.4rem .6rem;overflow-x:auto;font-size:12px;white-space:pre-wrap}
.weak{color:#c0392b;font-weight:bold}.ok{color:#3b8a4f}
.stat{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.5rem;margin:.8rem 0}
.stat div{border:1px solid #ddd;border-radius:4px;padding:.4rem .6rem;background:#fafafa}
.stat b{display:block;font-size:1.5rem}.stat span{font-size:.85rem;color:#555}
@media print{body{max-width:none;margin:0}h2{break-after:avoid}figure{break-inside:avoid}}
"""


def _figure(png: bytes, alt: str, caption: str = "") -> str:
    data = base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt)}">{cap}</figure>'


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def short_label(label: str) -> str:
    """``conv.conv2d`` -> ``conv2d``; ``conv.conv2d (speed)`` -> ``conv2d (speed)``."""
    head, _, tail = label.partition(" ")
    return head.rsplit(".", 1)[-1] + (f" {tail}" if tail else "")


def _section_link(section: Section) -> str:
    if not section.number:
        return "—"
    return f'<a href="#{section.anchor}">§{escape(section.number)}</a>'


def _stat(value: str, ko: str, en: str) -> str:
    return f"<div><b>{value}</b><span>{escape(ko)}<br>{escape(en)}</span></div>"


def _scores(numbers: ClassNumbers) -> str:
    s = numbers.summary
    maximum = f" / {s.same_maximum:g}" if s.same_maximum else ""
    stats = "".join([
        _stat(str(s.graded + s.failed), "학생", "students"),
        _stat(_number(s.mean) + maximum, "평균", "mean"),
        _stat(_number(s.median) + maximum, "중앙값", "median"),
        _stat(str(s.full_marks), "만점", "full marks"),
        _stat(str(s.untouched), "스텁 그대로 (아무것도 구현 안 함)", "untouched stubs"),
        _stat(str(s.failed), "채점 실패", "grading failed"),
    ])
    body = [f'<h2 id="scores">1. 점수 (scores)</h2><div class="stat">{stats}</div>']
    if s.scores:
        body.append(_figure(to_png(score_histogram(s)), "점수 분포 (score distribution)"))
    return "".join(body)


def _concept_table(rows: list[ConceptShare]) -> str:
    lines = []
    for c in rows:
        others = ", ".join(f"{escape(k)} {v}" for k, v in c.statuses.most_common())
        lines.append(f"<tr><td>{_section_link(c.section)}</td><td><code>{escape(c.label)}</code></td>"
                     f"<td>{escape(c.concept)}</td><td class=\"num\">{c.passed} / {c.attempted}</td>"
                     f"<td class=\"num {'weak' if (c.share or 0) < 0.5 else ''}\">{_percent(c.share)}</td>"
                     f"<td>{others}</td></tr>")
    return ("<table><tr><th>절 (section)</th><th>함수 (function)</th><th>개념 (concept)</th>"
            "<th>통과 / 시도 (passed / attempted)</th><th>비율 (share)</th>"
            "<th>나머지는 어떻게 끝났나 (how the others ended)</th></tr>" + "".join(lines) + "</table>")


def _concepts(numbers: ClassNumbers) -> str:
    body = ['<h2 id="concepts">2. 학생들이 어려워한 개념 (what the class did not get)</h2>',
            '<p class="note">함수와 개념마다 <b>통과한 학생의 비율</b>입니다. 가장 약한 것이 맨 위에 있습니다. '
            "스텁을 그대로 둔 학생(모든 개념이 미구현)은 그 함수의 비율에서 빠지고 따로 셉니다.<br>"
            '<span class="en">The share of students who passed each function (every concept) and each '
            "concept, weakest on top. Students who left a function as the stub are not in its share; "
            "they are counted apart.</span></p>"]
    tasks = weakest_first(numbers.tasks)
    if tasks:
        body.append(_figure(to_png(share_bars(
            [f"{short_label(t.label)} ({t.section.number}절)" if t.section.number else short_label(t.label)
             for t in tasks], [t.passed for t in tasks], [t.attempted for t in tasks],
            "과제별: 모든 개념을 통과한 학생 비율 (per graded task: passed every concept)")),
            "함수별 통과 비율 (share passed per function)"))
    weak = [c for c in weakest_first(numbers.concepts) if c.share < 1]
    if weak:
        drawn = weak[:MAX_CONCEPT_BARS]
        body.append(_figure(to_png(share_bars(
            [f"{short_label(c.label)}: {c.concept}" for c in drawn], [c.passed for c in drawn],
            [c.attempted for c in drawn],
            f"개념별: 가장 약한 {len(drawn)}개 (per concept: the {len(drawn)} weakest)")),
            "개념별 통과 비율 (share passed per concept)"))
        body.append("<h3>모두 통과하지는 못한 개념 (concepts not everyone passed)</h3>")
        body.append(_concept_table(weak))
    else:
        body.append("<p>모든 개념을 시도한 학생 모두가 통과했습니다 "
                    '<span class="en">(everyone who attempted a concept passed it)</span>.</p>')
    stubs = [t for t in numbers.tasks if t.not_attempted]
    if stubs:
        items = ", ".join(f"<code>{escape(t.label)}</code> {t.not_attempted}명" for t in
                          sorted(stubs, key=lambda t: -t.not_attempted))
        body.append(f"<p>스텁 그대로 둔 학생 수 (students who left it as the stub): {items}</p>")
    return "".join(body)


def _example(m: Mistake) -> str:
    if m.example is None:
        return ""
    cx = m.example.counterexample
    args = "\n".join(f"{escape(k)} = {escape(v)}" for k, v in cx.arguments.items())
    parts = [f"<details><summary>한 학생의 예 (one student's example, anonymised): "
             f"{escape(m.example.concept)}</summary><pre>{escape(cx.call)}\n{args}</pre>"]
    if cx.detail:
        parts.append(f"<p>차이 (what differs): {escape(cx.detail)}</p>")
    if cx.expected not in ("", "None"):
        parts.append(f"<p>기대한 값 (expected):</p><pre>{escape(cx.expected)}</pre>")
    parts.append(f"<p>받은 값 (received):</p><pre>{escape(cx.received)}</pre></details>")
    return "".join(parts)


def _mistake_card(m: Mistake) -> str:
    section = (f"강의 {_section_link(m.section)} {escape(m.section.title)}" if m.section.number else "")
    return (f'<div class="card"><h3>{escape(m.name)} — <code>{escape(m.label)}</code>: '
            f'<span class="count">{m.students}명</span> '
            f'<span class="en">({m.students} of {m.attempted} students who attempted it, '
            f"{_percent(m.share)})</span></h3>"
            f"<p>{escape(m.ko)}<br><span class=\"en\">{escape(m.en)}</span></p>"
            f"<p>{section}</p>{_example(m)}</div>")


def _mistakes(numbers: ClassNumbers) -> str:
    body = ['<h2 id="mistakes">3. 자주 나온 실수 (diagnosed mistakes)</h2>',
            '<p class="note">채점기가 알아본 전형적인 실수와 그 실수를 한 학생 수입니다. 예시는 가장 작은 반례 '
            "하나이며 누구의 것인지 밝히지 않습니다. 진단되지 않은 실패는 위의 개념별 비율에만 나타납니다.<br>"
            '<span class="en">Typical mistakes the grader recognised, with the number of students '
            "who made each, and one anonymised smallest counterexample. Failures no diagnoser "
            "recognised appear only in the shares above.</span></p>"]
    if not numbers.mistakes:
        body.append("<p>진단된 실수가 없습니다 <span class=\"en\">(no diagnosed mistake)</span>.</p>")
        return "".join(body)
    drawn = numbers.mistakes[:MAX_MISTAKE_BARS]
    body.append(_figure(to_png(count_bars(
        [f"{short_label(m.label)}: {m.name}" for m in drawn], [m.students for m in drawn],
        "실수별 학생 수 (students per mistake)")), "실수별 학생 수 (students per mistake)"))
    body.append('<div class="cards">' + "".join(_mistake_card(m) for m in
                                                 numbers.mistakes[:MAX_MISTAKE_CARDS]) + "</div>")
    if len(numbers.mistakes) > MAX_MISTAKE_CARDS:
        body.append(f"<p>나머지 {len(numbers.mistakes) - MAX_MISTAKE_CARDS}개는 CSV에 있습니다 "
                    '<span class="en">(the rest are in the CSV)</span>.</p>')
    return "".join(body)


def _measured_table(m: Measured) -> str:
    total = len(m.values)
    if m.kind == "model":
        rows = "".join(f"<tr><td>정확도 (accuracy) ≥ {mark:.0%}"
                       f"{' — 강의 목표 (the lecture’s target)' if i == len(m.marks) - 1 else ''}</td>"
                       f'<td class="num">{m.reaching(mark)} / {total}</td></tr>'
                       for i, mark in enumerate(m.marks))
    else:
        rows = "".join(f"<tr><td>기준 구현의 {mark:g}배 이내 (within {mark:g}× the reference)</td>"
                       f'<td class="num">{m.reaching(mark)} / {total}</td></tr>' for mark in m.marks)
    middle = (f"{statistics.median(m.values):.2%}" if m.kind == "model" else f"{statistics.median(m.values):.1f}×"
              ) if m.values else "—"
    rows += f'<tr><td>중앙값 (median)</td><td class="num">{middle}</td></tr>'
    rows += (f"<tr><td>측정 못 함 (not measured: no weights, failed call)</td>"
             f'<td class="num">{m.unmeasured}</td></tr>')
    return f"<table>{rows}</table>"


def _trained(numbers: ClassNumbers) -> str:
    if not numbers.measured:
        return ""
    body = ['<h2 id="trained">4. 학습한 신경망과 속도 (trained networks and speed)</h2>',
            '<p class="note">학생이 저장한 가중치의 테스트 정확도와, 합성곱을 기준 구현과 같은 조건에서 잰 '
            "시간의 비율입니다. 강의의 목표: MNIST CNN 99%, CIFAR-10 AlexNet 65%.<br>"
            '<span class="en">Test accuracy of the weights students saved, and their convolution’s '
            "time over the reference’s under the same conditions. The lecture’s targets: 99% for "
            "the MNIST CNN, 65% for the CIFAR-10 AlexNet.</span></p>"]
    for m in numbers.measured:
        body.append(f"<h3>{_section_link(m.section)} <code>{escape(m.label)}</code></h3>")
        if m.values:
            body.append(_figure(to_png(measured_histogram(m)), f"{m.label}"))
        body.append(_measured_table(m))
    return "".join(body)


def _sections(numbers: ClassNumbers) -> str:
    by_section: dict[str, list] = {}
    for c in numbers.concepts:
        by_section.setdefault(c.section.number, []).append(c)
    mistakes: dict[str, int] = {}
    for m in numbers.mistakes:
        mistakes[m.section.number] = mistakes.get(m.section.number, 0) + m.students
    rows = []
    for section in lecture_sections():
        concepts = by_section.get(section.number, [])
        passed = sum(c.passed for c in concepts)
        graded = sum(c.attempted for c in concepts)
        weakest = weakest_first(concepts, 1)
        weak_text = (f"<code>{escape(short_label(weakest[0].label))}</code>: {escape(weakest[0].concept)} "
                     f"({_percent(weakest[0].share)})" if weakest and weakest[0].share < 1 else "—")
        rows.append(
            f'<tr id="{section.anchor}"><td>§{escape(section.number)}</td><td>{escape(section.title)}<br>'
            f"<code>{escape(section.assignment)}</code>, <code>{escape(section.notebook)}</code></td>"
            f'<td class="num">{_percent(passed / graded) if graded else "—"}</td>'
            f"<td>{weak_text}</td><td class=\"num\">{mistakes.get(section.number, 0)}</td></tr>")
    return ('<h2 id="sections">5. 강의 절별 요약 (by lecture section)</h2>'
            "<p>절마다 시도한 개념 중 통과한 비율, 가장 약한 개념, 진단된 실수의 수(학생×실수)입니다 "
            '<span class="en">(per section: share of attempted concepts passed, the weakest concept, '
            "diagnosed mistakes counted per student and mistake)</span>.</p>"
            "<table><tr><th>절 (section)</th><th>과제 (assignment)</th><th>개념 통과율 (concepts passed)</th>"
            "<th>가장 약한 개념 (weakest concept)</th><th>진단된 실수 (mistakes)</th></tr>"
            + "".join(rows) + "</table>")


def _health(numbers: ClassNumbers) -> str:
    h = numbers.health
    seconds = h.seconds
    isolation = ", ".join(f"{escape(k)} {v}명" for k, v in sorted(h.isolation.items())) or "—"
    restarts = (f"{sum(h.restarts)} (학생 {sum(n > 0 for n in h.restarts)}명)"
                if h.restarts else "—")
    if h.not_recorded:
        restarts += f"; 기록 없음 (not recorded) {h.not_recorded}명"
    labels = {"timeout": ("시간 초과", "timeouts"), "crashed": ("비정상 종료", "crashes"),
              "memory": ("메모리 초과", "out of memory"),
              "too slow": ("너무 느림: 개념의 시간 예산 소진", "too slow: a concept's time budget ran out")}
    aborts = "".join(f"<tr><td>{escape(labels.get(k, (k, k))[0])} ({escape(labels.get(k, (k, k))[1])})</td><td class=\"num\">개념 {n}개, "
                     f"학생 {students}명</td></tr>" for k, (n, students) in h.aborts.items())
    rows = (f"<tr><td>학생당 채점 시간 (time per student)</td><td class=\"num\">평균 (mean) "
            f"{_number(statistics.fmean(seconds) if seconds else None)} s, 중앙값 (median) "
            f"{_number(statistics.median(seconds) if seconds else None)} s, 최대 (max) "
            f"{_number(max(seconds, default=None))} s</td></tr>"
            f"<tr><td>전체 채점 시간 (total, one worker)</td><td class=\"num\">{sum(seconds) / 60:.1f} min</td></tr>"
            f"<tr><td>격리 방식 (isolation)</td><td class=\"num\">{isolation}</td></tr>"
            f"<tr><td>샌드박스 재시작 (sandbox restarts)</td><td class=\"num\">{restarts}</td></tr>"
            f"{aborts}<tr><td>채점 실패 (grading failed)</td><td class=\"num\">{len(h.failed)}명</td></tr>")
    body = ['<h2 id="health">6. 채점 상태 (grading health)</h2>',
            "<p>채점 자체가 잘 되었는지 봅니다. 시간 초과와 재시작이 많으면 제한(<code>--call-timeout</code> 등)을 "
            ' 확인하세요. <span class="en">How grading itself went; many timeouts or restarts call for a '
            "look at the limits (<code>autograder list --settings</code>).</span></p>",
            f"<table>{rows}</table>"]
    if seconds:
        body.append(_figure(to_png(seconds_histogram(h)), "채점 시간 (grading time)"))
    if h.failed:
        items = "".join(f"<tr><td>{escape(s)}</td><td>{escape(r.splitlines()[-1] if r else '—')}</td></tr>"
                        for s, r in h.failed.items())
        body.append("<h3>채점이 실패한 학생 (students whose grading failed)</h3>"
                    "<p>학생의 잘못이 아닙니다: 다시 채점하세요 "
                    '<span class="en">(not the students’ fault: grade them again)</span>.</p>'
                    f"<table><tr><th>학생 (student)</th><th>이유 (reason)</th></tr>{items}</table>")
    return "".join(body)


def to_html(numbers: ClassNumbers) -> str:
    """The whole report page.

    Parameters
    ----------
    numbers : ClassNumbers

    Returns
    -------
    str
        A complete HTML document with no script and no external resource.
    """
    contents = ('<p><a href="#scores">점수</a> · <a href="#concepts">어려워한 개념</a> · '
                '<a href="#mistakes">자주 나온 실수</a> · '
                + ('<a href="#trained">신경망과 속도</a> · ' if numbers.measured else "")
                + '<a href="#sections">강의 절별</a> · <a href="#health">채점 상태</a></p>')
    body = [f"<h1>반 전체 보고서 (class report)</h1><p>{escape(numbers.title)}</p>", contents,
            _scores(numbers), _concepts(numbers), _mistakes(numbers), _trained(numbers),
            _sections(numbers), _health(numbers)]
    return ('<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
            f"<title>반 전체 보고서: {escape(numbers.title)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>")
