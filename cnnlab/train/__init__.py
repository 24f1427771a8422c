"""Training the lecture's networks with the student API's layer functions.

>>> from cnnlab.train import Sequential, load_ops, to_float_images    # doctest: +SKIP
>>> model = Sequential(layers, input_shape=(28, 28, 1), ops=load_ops("my_homework/"))  # doctest: +SKIP
>>> history = model.fit(to_float_images(x_train), y_train, epochs=2)   # doctest: +SKIP

- :func:`load_ops`: the layer functions, from the references or a student's folder.
- :class:`Sequential`: build, ``summary()``, ``fit``, ``evaluate``, ``predict``,
  ``save_weights``/``load_weights``.
- :class:`SGD`, :class:`Adam`: optimizers. :func:`plot_history`: training curves.
- :func:`benchmark_ops`: the speed exercise (student conv vs reference conv).
"""
from .batches import batch_order, to_float_images
from .history import History, plot_histories, plot_history
from .initializers import glorot_uniform, he_uniform
from .model import Sequential
from .ops import Ops, find_solutions_dir, load_ops
from .optimizers import SGD, Adam, Optimizer
from .profiling import (OpTiming, SlowTrainingWarning, StepProfile, benchmark_ops,
                    benchmark_ops_detail, profile_step)

__all__ = [
    "Adam",
    "History",
    "OpTiming",
    "Ops",
    "Optimizer",
    "SGD",
    "Sequential",
    "SlowTrainingWarning",
    "StepProfile",
    "batch_order",
    "benchmark_ops",
    "benchmark_ops_detail",
    "find_solutions_dir",
    "glorot_uniform",
    "he_uniform",
    "load_ops",
    "plot_history",
    "plot_histories",
    "profile_step",
    "to_float_images",
]
