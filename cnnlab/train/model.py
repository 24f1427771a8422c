"""A Keras-like ``Sequential`` model that trains with the student API's functions.

    from cnnlab.layers import Conv2D, MaxPooling2D, Flatten, Dense
    from cnnlab.train import Sequential, load_ops

    model = Sequential([Conv2D(32, 3, activation="relu"), MaxPooling2D(2),
                        Flatten(), Dense(10, activation="softmax")],
                       input_shape=(28, 28, 1), ops=load_ops("my_homework/"), seed=0)
    model.compile(optimizer="adam")
    history = model.fit(x_train, y_train, epochs=2, batch_size=128,
                        validation_data=(x_test, y_test))

Every forward and backward computation goes through ``model.ops`` (conv2d,
conv2d_backward, max_pool2d, ...), so a model built on a student's modules
trains with exactly their code. The loss is always softmax cross-entropy on
the last layer's pre-activation outputs (``activation="softmax"`` on the last
layer only changes what :meth:`Sequential.predict` returns).
"""
from __future__ import annotations

import os
import time
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np
from tqdm.auto import tqdm

from cnnlab.layers import Layer, layer_names

from .batches import batch_order, iterate
from .history import History
from .memory import reuse_freed_memory
from .nodes import Node, build_node
from .ops import Ops, load_ops
from .optimizers import Adam, Optimizer, get_optimizer
from .profiling import SlowTrainingWarning, profile_step, slow_message


class Sequential:
    """A stack of layers trained by backpropagation with the functions of ``ops``.

    Parameters
    ----------
    layers : list of cnnlab.layers.Layer
        ``Conv2D`` (``activation`` None or ``"relu"``), ``MaxPooling2D``,
        ``AveragePooling2D``, ``GlobalAveragePooling2D``, ``GlobalMaxPooling2D``,
        ``Flatten``, ``Dense`` (``"relu"``; ``"softmax"`` on the last one),
        ``Dropout``, ``ReLU``.
    input_shape : tuple of int
        One example's shape without the batch axis, e.g. ``(28, 28, 1)``.
    ops : Ops or "reference" or path, default "reference"
        Where the layer functions come from (see :func:`cnnlab.train.load_ops`).
    seed : int, default 0
        Seeds the weights, the shuffling and the dropout masks: the same seed,
        data and calls give the same model.
    init : {"auto", "he_uniform", "glorot_uniform"}, default "auto"
        ``"auto"``: He before a ReLU, Glorot otherwise.
    dtype : numpy float dtype, default float32
        Of the weights and of the inputs during training.

    Notes
    -----
    Creating a model lets the process keep the memory it frees (see
    :func:`cnnlab.train.memory.reuse_freed_memory`), so each training step reuses
    the previous step's arrays instead of asking the kernel for fresh pages.
    """

    def __init__(self, layers: Sequence[Layer], input_shape: tuple[int, ...],
                 ops: Ops | str | os.PathLike = "reference", seed: int = 0,
                 init: str = "auto", dtype=np.float32):
        reuse_freed_memory()
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("layers must not be empty")
        self.input_shape = tuple(int(v) for v in input_shape)
        self.ops = ops if isinstance(ops, Ops) else load_ops(ops)
        self.dtype = np.dtype(dtype)
        self.seed = seed
        init_seed, shuffle_seed, dropout_seed = np.random.SeedSequence(seed).spawn(3)
        self._shuffle_rng = np.random.default_rng(shuffle_seed)
        self._dropout_rng = np.random.default_rng(dropout_seed)
        self.optimizer: Optimizer | None = None
        self.nodes: list[Node] = []
        self.output_shapes: list[tuple[int, ...]] = []
        self._build(np.random.default_rng(init_seed), init)
        last = self.layers[-1]
        self.output_softmax = getattr(last, "activation", None) == "softmax"

    def _build(self, rng: np.random.Generator, init: str) -> None:
        """Create each layer's parameters; a forward pass on one zero image gives the shapes."""
        shape = self.input_shape
        x = np.zeros((1,) + shape, self.dtype)
        names = layer_names(self.layers)
        for i, (layer, name) in enumerate(zip(self.layers, names)):
            node = build_node(layer, name, shape, rng, init, self.dtype,
                              last=i == len(self.layers) - 1)
            try:
                x, _ = node.forward(self.ops, x, False, self._dropout_rng)
            except Exception as error:
                error.add_note(f"while building {name} on input {shape} with the ops from "
                               f"{self.ops.source}")
                raise
            shape = tuple(x.shape[1:])
            self.nodes.append(node)
            self.output_shapes.append(shape)

    # --- structure -----------------------------------------------------------------

    def parameters(self) -> dict[str, np.ndarray]:
        """Every parameter array (live, not a copy), keyed ``"<layer name>/<kernel|bias>"``."""
        return {f"{node.name}/{key}": value for node in self.nodes
                for key, value in node.params.items()}

    def summary(self) -> list[tuple[str, tuple, int]]:
        """One ``(name, output_shape, params)`` row per layer, like ``params.summary``."""
        return [(node.name, shape, sum(p.size for p in node.params.values()))
                for node, shape in zip(self.nodes, self.output_shapes)]

    def count_params(self) -> int:
        """Total number of parameters (Keras' "Total params")."""
        return sum(params for _, _, params in self.summary())

    def summary_table(self) -> str:
        """The summary as Keras prints it."""
        rows = [(f"{name} ({type(node.layer).__name__})", str((None,) + shape), f"{params:,}")
                for (name, shape, params), node in zip(self.summary(), self.nodes)]
        header = ("Layer (type)", "Output Shape", "Param #")
        widths = [max(len(r[i]) for r in rows + [header]) + 2 for i in range(3)]
        line = "".join(h.ljust(w) for h, w in zip(header, widths))
        rule = "=" * len(line)
        body = ["".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
        return "\n".join([line, rule, *body, rule, f"Total params: {self.count_params():,}"])

    # --- forward and backward --------------------------------------------------------

    def forward(self, x: np.ndarray, training: bool = False) -> tuple[np.ndarray, list]:
        """Logits ``(N, classes)`` (before any softmax) and the caches for :meth:`backward`."""
        caches = []
        for node in self.nodes:
            x, cache = node.forward(self.ops, x, training, self._dropout_rng)
            caches.append(cache)
        return x, caches

    def backward(self, dlogits: np.ndarray, caches: list) -> dict[str, np.ndarray]:
        """Gradients of every parameter, keyed as :meth:`parameters`."""
        grads = {}
        dout = dlogits
        for node, cache in zip(reversed(self.nodes), reversed(caches)):
            dout, node_grads = node.backward(self.ops, dout, cache)
            for key, grad in node_grads.items():
                grads[f"{node.name}/{key}"] = grad
        return grads

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray,
                       training: bool = True) -> tuple[float, int, dict[str, np.ndarray]]:
        """Mean loss, number of correct predictions and gradients on one batch."""
        logits, caches = self.forward(x, training=training)
        loss, dlogits = self.ops.softmax_cross_entropy(logits, y)
        correct = int((logits.argmax(axis=1) == y).sum())
        return float(loss), correct, self.backward(dlogits, caches)

    def train_step(self, x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        """One update on one batch; returns its mean loss and number of correct predictions."""
        if self.optimizer is None:
            self.optimizer = Adam()
        loss, correct, grads = self.loss_and_grads(x, y, training=True)
        self.optimizer.step(self.parameters(), grads)
        return loss, correct

    # --- training and use --------------------------------------------------------------

    def compile(self, optimizer: str | Optimizer = "adam") -> "Sequential":
        """Choose the optimizer (``"adam"``, ``"sgd"`` or an instance); returns the model."""
        self.optimizer = get_optimizer(optimizer)
        return self

    def fit(self, x: np.ndarray, y: np.ndarray, epochs: int = 1, batch_size: int = 128,
            validation_data: tuple[np.ndarray, np.ndarray] | None = None, shuffle: bool = True,
            verbose: bool = True, speed_check: bool = True,
            slow_epoch_seconds: float = 600.0) -> History:
        """Train on ``(x, y)`` with shuffled mini-batches.

        Parameters
        ----------
        x : ndarray, shape (N,) + input_shape
            Floats (e.g. from :func:`cnnlab.train.to_float_images`); cast to the model's dtype.
        y : ndarray of int, shape (N,)
            Class ids.
        epochs, batch_size : int
        validation_data : (x_val, y_val), optional
            Evaluated after every epoch (``val_loss``, ``val_accuracy``).
        shuffle : bool, default True
            A new seeded order every epoch.
        verbose : bool, default True
            A progress bar per epoch with the running loss and accuracy.
        speed_check : bool, default True
            Time the first step, op by op, and warn (:class:`SlowTrainingWarning`)
            when an epoch would take more than ``slow_epoch_seconds``.

        Returns
        -------
        History
        """
        x, y = self._check_data(x, y, "x", "y")
        if validation_data is not None:
            validation_data = self._check_data(*validation_data, "validation x", "validation y")
        if self.optimizer is None:
            self.optimizer = Adam()
        history = History()
        for epoch in range(1, epochs + 1):
            batches = batch_order(len(x), batch_size, self._shuffle_rng if shuffle else None)
            total_loss, total_correct, seen = 0.0, 0, 0
            start = time.perf_counter()
            with tqdm(batches, desc=f"epoch {epoch}/{epochs}", unit="batch",
                      disable=not verbose, leave=True) as bar:
                for step, index in enumerate(bar):
                    xb, yb = x[index], y[index]
                    if speed_check and epoch == 1 and step == 0:
                        loss, correct = self._checked_first_step(xb, yb, len(batches),
                                                                 slow_epoch_seconds)
                    else:
                        loss, correct = self.train_step(xb, yb)
                    total_loss += loss * len(index)
                    total_correct += correct
                    seen += len(index)
                    bar.set_postfix(loss=f"{total_loss / seen:.4f}",
                                    acc=f"{total_correct / seen:.4f}")
                metrics = {"loss": total_loss / seen, "accuracy": total_correct / seen,
                           "epoch_time": time.perf_counter() - start}
                if validation_data is not None:
                    val_loss, val_acc = self.evaluate(*validation_data)
                    metrics.update(val_loss=val_loss, val_accuracy=val_acc)
                    bar.set_postfix(loss=f"{metrics['loss']:.4f}", acc=f"{metrics['accuracy']:.4f}",
                                    val_acc=f"{val_acc:.4f}")
            history.append(**metrics)
        return history

    def _checked_first_step(self, xb, yb, steps_per_epoch: int,
                            slow_epoch_seconds: float) -> tuple[float, int]:
        profile, (loss, correct) = profile_step(self, xb, yb)
        epoch_seconds = profile.total * steps_per_epoch
        if epoch_seconds > slow_epoch_seconds:
            warnings.warn(slow_message(profile, steps_per_epoch, self.ops.source),
                          SlowTrainingWarning, stacklevel=3)
        return loss, correct

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 256) -> tuple[float, float]:
        """Mean loss and accuracy on ``(x, y)``, without dropout."""
        x, y = self._check_data(x, y, "x", "y")
        total_loss, correct = 0.0, 0
        for xb, yb in zip(iterate(x, batch_size), iterate(y, batch_size)):
            logits, _ = self.forward(xb, training=False)
            loss, _ = self.ops.softmax_cross_entropy(logits, yb)
            total_loss += float(loss) * len(yb)
            correct += int((logits.argmax(axis=1) == yb).sum())
        return total_loss / len(y), correct / len(y)

    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Outputs ``(N, classes)``: probabilities if the last layer is a softmax, else logits."""
        x = self._check_x(x, "x")
        outputs = [self.forward(xb, training=False)[0] for xb in iterate(x, batch_size)]
        out = np.concatenate(outputs)
        if self.output_softmax:
            out = np.exp(out - out.max(axis=1, keepdims=True))
            out /= out.sum(axis=1, keepdims=True)
        return out

    # --- weights -----------------------------------------------------------------------

    def save_weights(self, path: str | os.PathLike) -> Path:
        """Write every parameter to an ``.npz`` file (keys as :meth:`parameters`)."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **self.parameters())
        return path

    def load_weights(self, path: str | os.PathLike) -> None:
        """Read parameters saved by :meth:`save_weights` into this model (same layers)."""
        params = self.parameters()
        with np.load(path, allow_pickle=False) as stored:
            if set(stored.files) != set(params):
                raise ValueError(f"{path} holds {sorted(stored.files)}, the model has "
                                 f"{sorted(params)}")
            for key, param in params.items():
                value = stored[key]
                if value.shape != param.shape:
                    raise ValueError(f"{path}: {key} has shape {value.shape}, the model's "
                                     f"is {param.shape}")
                param[...] = value  # in place, so optimizer state stays attached

    # --- helpers -----------------------------------------------------------------------

    def _check_x(self, x: np.ndarray, name: str) -> np.ndarray:
        x = np.asarray(x)
        if x.shape[1:] != self.input_shape:
            raise ValueError(f"{name} must have shape (N,) + {self.input_shape}, got {x.shape}")
        return x.astype(self.dtype, copy=False)

    def _check_data(self, x, y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
        x = self._check_x(x, x_name)
        y = np.asarray(y)
        if y.shape != (len(x),) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"{y_name} must be {len(x)} integer class ids, got {y.dtype} {y.shape}")
        return x, y.astype(np.int64, copy=False)
