"""A late-submission penalty per started day, as an nbgrader late-submission plugin.

nbgrader itself offers no penalty or a zero for any late work
(``LateSubmissionPlugin.penalty_method``). Most courses take a share of the
score per day instead; this plugin does, and is configured like any nbgrader
plugin in the course's ``nbgrader_config.py``::

    c.AssignLatePenalties.plugin_class = "autograder.course.late_penalty.PercentPerDay"
    c.PercentPerDay.percent_per_day = 10     # of the score, per started day late
    c.PercentPerDay.max_percent = 50         # never more than half the score
    c.PercentPerDay.grace_minutes = 15       # up to 15 minutes late is on time

nbgrader's ``AssignLatePenalties`` calls it while autograding, with the
notebook's score (manual scores included) and the seconds past the due date
(the student's extension included), and stores the penalty in the gradebook;
exports, formgrader and the feedback page subtract it.
"""
from __future__ import annotations

import math
from typing import Optional

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

SECONDS_PER_DAY = 86400.0


class PercentPerDay(LateSubmissionPlugin):
    """Take ``percent_per_day`` of the score for every started day late, up to ``max_percent``."""

    percent_per_day = Float(10.0, help="Share of the score taken per started day late, in percent.").tag(config=True)
    max_percent = Float(100.0, help="The largest share of the score taken, in percent.").tag(config=True)
    grace_minutes = Float(0.0, help="Minutes past the due date that still count as on time.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> Optional[float]:
        """The points taken from ``score`` for a notebook ``total_seconds_late`` seconds late."""
        late = total_seconds_late - 60.0 * self.grace_minutes
        if late <= 0:
            return None
        days = math.ceil(late / SECONDS_PER_DAY)
        share = min(self.max_percent, self.percent_per_day * days) / 100.0
        penalty = round(score * share, 6)
        self.log.info("%s is %.0f s late (%d started day(s)): penalty %g of %g", student_id,
                      total_seconds_late, days, penalty, score)
        return penalty
