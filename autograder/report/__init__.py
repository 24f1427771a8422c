"""Turning results into what people read: Markdown, HTML, the terminal, Gradescope JSON."""
from .gradescope import to_gradescope
from .html import task_html, to_html
from .markdown import concept_feedback, task_markdown, task_title, to_markdown
from .terminal import print_gradebook, print_lost_concepts, print_submission

__all__ = ["to_gradescope", "to_html", "to_markdown", "concept_feedback", "task_title",
           "task_html", "task_markdown",
           "print_submission", "print_gradebook", "print_lost_concepts"]
