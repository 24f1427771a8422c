"""What the grader says: its statuses and its recurring sentences, in Korean and English.

One typed vocabulary for every layer. :class:`CallStatus` is the outcome of one
call into the sandbox; :class:`Status` is the outcome of one graded concept.
Both are ``str`` enums, so they compare equal to their values and travel in
JSON as plain strings. Every sentence the grader repeats lives once in
:data:`MESSAGES`, as a :class:`Text` with a Korean and an English side.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Text:
    """One sentence for people, in Korean and English (``{name}`` fields filled by :meth:`format`)."""
    ko: str
    en: str

    def format(self, **values) -> "Text":
        return Text(self.ko.format(**values), self.en.format(**values))


class CallStatus(StrEnum):
    """How one call into the sandbox ended."""
    OK = "ok"
    RAISED = "raised"              # the student's function raised an exception
    BAD_OUTPUT = "bad_output"      # it returned something that is not plain data
    TIMEOUT = "timeout"
    CRASHED = "crashed"            # os._exit, sys.exit, a fatal signal, a broken message stream
    MEMORY = "memory"
    MISSING = "missing"            # no such module file or function
    IMPORT_ERROR = "import_error"


class Status(StrEnum):
    """How one graded concept ended."""
    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    MEMORY = "memory"
    MISSING = "missing"
    IMPORT_ERROR = "import_error"
    NOT_IMPLEMENTED = "not implemented"
    SKIPPED = "skipped"
    TOO_SLOW = "too slow"          # the concept's time ran out before all its examples were tried
    ERROR = "error"                # the grader itself could not finish (never the student's fault)


# Outcomes after which the sandbox was restarted: the search stops at once.
ABORTS = frozenset({Status.TIMEOUT, Status.CRASHED, Status.MEMORY})

STATUS_LABELS: dict[Status, Text] = {
    Status.PASSED: Text("통과", "passed"),
    Status.FAILED: Text("실패", "failed"),
    Status.TIMEOUT: Text("시간 초과", "timeout"),
    Status.CRASHED: Text("비정상 종료", "crashed"),
    Status.MEMORY: Text("메모리 초과", "out of memory"),
    Status.MISSING: Text("없음", "missing"),
    Status.IMPORT_ERROR: Text("불러오기 실패", "import error"),
    Status.NOT_IMPLEMENTED: Text("미구현", "not implemented"),
    Status.SKIPPED: Text("건너뜀", "skipped"),
    Status.TOO_SLOW: Text("너무 느림", "too slow"),
    Status.ERROR: Text("채점 오류", "grader error"),
}


def status_label(status: str) -> Text:
    """The bilingual label of a concept status (an unknown one is shown as it is)."""
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return Text(str(status), str(status))


MESSAGES: dict[str, Text] = {
    "timeout": Text("너무 오래 걸려 중단되었습니다 (무한 루프이거나 지나치게 느립니다)",
                    "took too long (an endless loop, or far too slow) and was stopped"),
    "crashed": Text("파이썬 프로세스가 비정상 종료되었습니다 (os._exit, sys.exit 또는 치명적 오류)",
                    "crashed the Python process (os._exit, sys.exit, or a fatal error)"),
    "memory": Text("메모리를 너무 많이 사용해 중단되었습니다",
                   "used too much memory and was stopped"),
    "missing": Text("함수를 찾을 수 없습니다", "the function was not found"),
    "import_error": Text("모듈을 불러올 수 없습니다", "the module could not be imported"),
    "no function": Text("{module}.py에 {function} 함수가 없습니다",
                        "{module}.py has no function {function}"),
    "not implemented": Text("{function} 함수가 아직 구현되지 않았습니다 (NotImplementedError)",
                            "{function} still raises NotImplementedError"),
    "skipped after aborts": Text("앞선 항목에서 시간 초과/비정상 종료가 반복되어 건너뛰었습니다",
                                 "skipped after repeated timeouts or crashes"),
    "skipped over budget": Text("함수의 채점 시간 한도를 넘어 건너뛰었습니다",
                                "skipped: the function used up its time budget"),
    "too slow": Text("제한 시간 {seconds:g}초 안에 이 항목의 예제 {total}개 중 {tried}개만 시도했습니다. "
                     "모든 예제를 시도해야 점수를 받습니다: 반복문을 numpy 연산으로 바꾸어 더 빠르게 만드세요",
                     "only {tried} of this concept's {total} examples could be tried within its "
                     "{seconds:g} s; a concept counts only when every example was tried: make the "
                     "function faster (replace Python loops with numpy operations)"),
    "grader error": Text("채점기가 이 항목을 끝내지 못했습니다. 담당 교수/조교에게 문의하세요",
                         "the grader could not finish this concept; ask your instructor"),
}


MESSAGES.update({
    # a call that raised, and where (see autograder.failure)
    "raised": Text("{error} 예외가 발생했습니다: {message}", "raised {error}: {message}"),
    "place": Text("{file} {line}번째 줄", "{file}, line {line}"),
    "place in function": Text("{file} {line}번째 줄, {function} 함수", "{file}, line {line}, in {function}"),
    "see code errors": Text("위의 '코드의 오류'를 보세요", "see 'errors in your code' above"),
    "module not importable": Text("모듈 파일을 불러올 수 없습니다: {file} ({error}, {place})",
                                  "{file} could not be imported ({error}, {place})"),
    "module missing": Text("제출물에 {file} 파일이 없습니다", "the submission has no {file}"),
    "should raise": Text("{error} 예외를 발생시켜야 하는데 값을 돌려주었습니다",
                         "should raise {error}, but returned a value"),
    "should raise, raised other": Text("{error} 예외를 발생시켜야 하는데 {other} 예외가 발생했습니다: {message}",
                                       "should raise {error}, raised {other}: {message}"),
    "bad output": Text("일반 데이터가 아닌 값을 돌려주었습니다: {message}",
                       "returned something that is not plain data: {message}"),
    "no result to check inputs": Text(
        "올바른 모양의 결과를 돌려주지 않아, 입력을 바꾸지 않는지 확인할 수 없습니다. 먼저 결과를 계산하세요.",
        "returned no result of the expected shape, so it cannot show that it leaves its inputs "
        "unchanged; compute the result first"),
    "input modified": Text("함수가 입력 배열 `{name}`의 값을 바꾸었습니다", "the function modified its input `{name}`"),
    "input unreadable": Text("함수가 입력 배열을 다시 읽을 수 없게 바꾸었습니다: `{name}` (예: dtype이나 shape를 직접 바꿈)",
                             "the function modified its input `{name}` so that it can no longer be "
                             "read back (for example by assigning its dtype or shape)"),
    "arguments unreadable": Text("호출 뒤 인자를 다시 읽을 수 없어 바뀐 것으로 봅니다",
                                 "the arguments could not be read back after the call, so they "
                                 "count as modified"),
    # comparing values (autograder.compare)
    "value differs": Text("{where}: 기대한 값 {expected}, 받은 값 {received}",
                          "{where} should be {expected}, got {received}"),
    "not an int": Text("{where}: int가 아닌 {type} 값을 받았습니다: {received}",
                       "{where} should be an int, got {type} {received}"),
    "not a sequence": Text("{where}: 항목 {count}개짜리 {expected_type} 자료형이어야 하는데 받은 값의 자료형은 {type}입니다",
                           "{where} should be a {expected_type} of {count} items, got {type}"),
    "length differs": Text("{where}: 항목 수가 다릅니다 (기대 {expected}개, 받은 {received}개)",
                           "{where} should have {expected} items, got {received}"),
    "not an array": Text("{where}: numpy 배열이어야 하는데 받은 값의 자료형은 {type}입니다",
                         "{where} should be a numpy array, got {type}"),
    "shape differs": Text("{where}의 모양(shape)이 다릅니다: 기대 {expected}, 받은 {received} ({axes_ko})",
                          "{where} has shape {received}, expected {expected} ({axes_en})"),
    "axes differ": Text("축 {axes}의 크기가 다릅니다", "axis {axes} differs"),
    "ndim differs": Text("차원 수가 다릅니다: 기대 {expected}차원, 받은 {received}차원",
                         "{received} axes instead of {expected}"),
    "dtype differs": Text("{where}의 dtype이 다릅니다: 기대 {expected}, 받은 {received}",
                          "{where} has dtype {received}, expected {expected}"),
    "reference says": Text("{text} (기준 구현의 오류 메시지: {reason})", "{text} ({reason})"),
    "or": Text(" 또는: ", " Or: "),
    "values differ": Text("{where}: 전체 {size}개 중 {count}개 위치의 값이 다릅니다. 처음 다른 위치 {index}: "
                          "기대 {expected}, 받은 {received}",
                          "{where} differs at {count} of {size} positions; first at index {index}: "
                          "expected {expected}, got {received}"),
})

# Labels: the words around feedback, the same in every report and in the self-check.
LABELS: dict[str, Text] = {
    "grading report": Text("채점 결과", "grading report"),
    "total": Text("총점", "total"),
    "graded": Text("채점 항목", "graded"),
    "score": Text("점수", "score"),
    "concepts passed": Text("통과한 개념", "concepts passed"),
    "smallest example": Text("가장 작은 반례", "smallest failing example"),
    "where it happened": Text("문제가 생긴 입력", "the input where it happened (not shrunk)"),
    "what differs": Text("차이", "what differs"),
    "expected": Text("기대한 값", "expected"),
    "received": Text("받은 값", "received"),
    "likely mistake": Text("가능한 원인", "likely mistake"),
    "printed": Text("출력된 내용", "your code printed"),
    "input": Text("입력", "input"),
    "code errors": Text("코드의 오류", "errors in your code"),
    "all concepts": Text("모든 항목", "every concept"),
    "self-check": Text("자가 점검", "self-check"),
    "self-check failed": Text("자가 점검 실패", "self-check failed"),
    "nothing to check": Text("점검할 함수가 없습니다", "nothing to check: this assignment grades a trained model"),
    "property": Text("성질", "property"),
    "result": Text("결과", "the result"),
    "found": Text("함수 찾기", "found"),
    "implemented": Text("구현 여부", "implemented"),
    "speed": Text("속도", "speed"),
    "trained network": Text("학습한 신경망", "trained network"),
    "files not read": Text("읽지 않은 파일", "files not read"),
    "files not read note": Text(
        "채점기는 크기 제한 안의 일반 파일만 읽습니다. 링크, 장치, FIFO, 너무 깊은 폴더와 너무 큰 파일은 건너뜁니다:",
        "The grader reads regular files within the size limits only; links, devices, FIFOs, "
        "folders nested too deep and files too large are left out:"),
}


def label(key: str) -> Text:
    """The label ``key`` of :data:`LABELS`."""
    return LABELS[key]


def both(text: Text, separator: str = " ") -> str:
    """``"한국어 (English)"``, or the Korean alone when both sides are the same."""
    return text.ko if text.ko == text.en or not text.en else f"{text.ko}{separator}({text.en})"


def message(key: str, **values) -> Text:
    """The sentence ``key`` of :data:`MESSAGES`, with its ``{fields}`` filled."""
    return MESSAGES[key].format(**values)


def abort_text(status: str, detail: str = "") -> Text:
    """What a timeout, crash, memory kill, missing function or failed import tells the student."""
    text = MESSAGES.get(str(status), Text(str(status), str(status)))
    suffix = f": {detail}" if detail else ""
    return Text(text.ko + suffix, text.en + suffix)
