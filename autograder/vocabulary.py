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


def message(key: str, **values) -> Text:
    """The sentence ``key`` of :data:`MESSAGES`, with its ``{fields}`` filled."""
    return MESSAGES[key].format(**values)


def abort_text(status: str, detail: str = "") -> Text:
    """What a timeout, crash, memory kill, missing function or failed import tells the student."""
    text = MESSAGES.get(str(status), Text(str(status), str(status)))
    suffix = f": {detail}" if detail else ""
    return Text(text.ko + suffix, text.en + suffix)
