"""Autograder for the CNN exercises: hypothesis-driven grading against the references.

Student code runs in :mod:`autograder.sandbox`; specs live in :mod:`autograder.specs`;
the engine (:mod:`autograder.engine`) compares, scores and explains.
"""
__version__ = "0.1.0"
