"""The one error type of the course tooling: something the instructor must do first.

Its message is one line that says what is wrong and what to run; the command
line prints it without a traceback and exits with status 2.
"""


class CourseError(Exception):
    """A course step cannot run yet (nothing collected, not generated, not graded, ...)."""
