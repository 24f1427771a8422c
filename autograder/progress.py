"""Progress of a long run: a live bar on a terminal, occasional plain lines in a log.

A tqdm bar redraws itself with carriage returns, which a log file or a CI page
shows as one endless line. :class:`Progress` draws the bar only when its
stream is a terminal. Otherwise it prints a plain line when another tenth of
the work is done (lines closer than a few seconds are skipped), when
``interval`` seconds passed since the last line, and at the end: a log of a
200-student run stays about a dozen lines long.
"""
from __future__ import annotations

import sys
import time
from typing import IO, Optional

from tqdm import tqdm

MIN_GAP_SECONDS = 5.0   # plain lines closer than this are skipped (except the last)


class Progress:
    """Count finished items of ``total`` and show it in a way that suits the stream.

    Parameters
    ----------
    total : int
        How many items the run has.
    description : str
        What is being done (``"grading"``).
    unit : str
        What an item is (``"student"``).
    enabled : bool
        False shows nothing.
    stream : file, optional
        Where to write; default ``sys.stderr``.
    interval : float
        Seconds after which a plain line is printed even without a tenth of progress.
    """

    def __init__(self, total: int, description: str, unit: str, *, enabled: bool = True,
                 stream: Optional[IO[str]] = None, interval: float = 30.0) -> None:
        self.total, self.description, self.unit = total, description, unit
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total > 0
        self.interval = interval
        self.live = self.enabled and _is_terminal(self.stream)
        self._bar = (tqdm(total=total, desc=description, unit=unit, file=self.stream)
                     if self.live else None)
        self._last_line = time.monotonic()
        self._next_share = 0.1

    def update(self, note: str = "") -> None:
        """One more item finished; ``note`` names it (a student id)."""
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
            if note:
                self._bar.set_postfix_str(note)
            return
        if not self.enabled:
            return
        share, quiet = self.done / self.total, time.monotonic() - self._last_line
        tenth = share >= self._next_share and quiet >= MIN_GAP_SECONDS
        if self.done == self.total or tenth or quiet >= self.interval:
            self._next_share = share + 0.1
            self._last_line = time.monotonic()
            last = f" (last: {note})" if note else ""
            print(f"{self.description}: {self.done}/{self.total} {self.unit}s{last}",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
