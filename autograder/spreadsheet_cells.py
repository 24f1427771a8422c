"""CSV cells a spreadsheet cannot run: every CSV the grader writes goes through here.

Student ids, names and notes come from students (a folder named
``=HYPERLINK("http://…")``, a roster entry, a quoted error message). Excel,
LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (OWASP "CSV
injection"); such a text cell gets a leading ``'``, which spreadsheets show
as text. Numbers, negative ones included, are left as they are.
"""
from __future__ import annotations

import csv
from typing import IO, Any, Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` unless it is text a spreadsheet would read as a formula, then ``'`` + text."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


class SafeWriter:
    """A ``csv.writer`` whose rows are made safe cell by cell."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """A ``csv.DictWriter`` whose rows are made safe cell by cell (the header is ours)."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: spreadsheet_safe(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
