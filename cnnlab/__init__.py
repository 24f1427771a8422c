"""Provided (not graded) code for the CNN exercises: layer descriptions, data, training."""
