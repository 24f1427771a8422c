"""An honest flatten; the hostility is in the folder around it, which the tests
build at run time (git cannot hold FIFOs, sparse files, links to devices or
1,100 nested folders)."""
import numpy as np


def flatten(x):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x needs a batch axis and one more, got shape {x.shape}")
    return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))
