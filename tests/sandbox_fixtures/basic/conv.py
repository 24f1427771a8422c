"""Imports a sibling module and the provided package, as student modules do."""
from cnnlab.layers import Conv2D

from shapes import double


def uses_sibling(n):
    return double(n)


def make_layer(filters):
    return Conv2D(filters, 3, padding="same")
