"""Ends the process as soon as it is imported."""
import os

os._exit(3)


def dropout(x, rate, training=True, rng=None):
    return x, None
