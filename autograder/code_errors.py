"""Errors in the student's code, reported once with their place.

A module that does not import (a ``SyntaxError`` included) breaks every
function in it, and one wrong line can raise in every concept of a function.
The grader and the self-check turn each into one :class:`CodeError` (file,
line, the line of code with a caret under the error) that reports show once;
the concepts it cost point to it in a short sentence.
"""
from __future__ import annotations

import re
from typing import Optional

from .compare import place_text
from .grading_results import CodeError
from .sandbox import CallResult
from .spec import Raised
from .vocabulary import Text, message

_LOCATION = re.compile(r"^(?P<file>.+?), line (?P<line>\d+)(?:, in (?P<function>.*))?$")


def from_import(result: CallResult) -> Optional[CodeError]:
    """The error of a module that could not be imported, when the worker reported its place."""
    if result.status != "import_error" or result.place is None:
        return None
    place = result.place
    return CodeError("import", result.error_type or "ImportError", result.error_message,
                     place.file, place.line, place.function, place.source, place.column,
                     place.end_column)


def from_raised(raised: Raised) -> Optional[CodeError]:
    """The error of an exception the student's function raised, when its place is known."""
    place = raised.place
    if place is None:
        return None
    return CodeError("runtime", raised.error_type, raised.message, place.file, place.line,
                     place.function, place.source, place.column, place.end_column)


def import_failure_text(result: CallResult, module: str) -> Text:
    """What each concept of a function in an unimportable module says (the error is shown once)."""
    error = from_import(result)
    if error is None:
        text = message("import_error")
        return Text(f"{text.ko}: {result.message}", f"{text.en}: {result.message}")
    where = place_text(error.file, error.line)
    ko = message("module not importable", file=error.file, error=error.error_type, place=where.ko)
    en = message("module not importable", file=error.file, error=error.error_type, place=where.en)
    see = message("see code errors")
    return Text(f"{ko.ko}. {see.ko}", f"{en.en}; {see.en}")


def location_text(location: str) -> Optional[Text]:
    """``"conv.py, line 3, in f"`` (the sandbox's location of a crash or timeout) in both languages."""
    match = _LOCATION.match(location or "")
    if match is None:
        return None
    return place_text(match["file"], int(match["line"]), match["function"] or "")
