"""Gradient descent updates: SGD with momentum, and Adam.

Both update parameter arrays in place. State (velocities, moments) is kept per
parameter, keyed by the parameter's name, and has the parameter's dtype.
"""
from __future__ import annotations

import numpy as np


class Optimizer:
    """Base class: ``step(params, grads)`` updates every ``params[key]`` from ``grads[key]``."""

    def __init__(self, learning_rate: float):
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
        self.learning_rate = float(learning_rate)
        self.iterations = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.iterations += 1
        for key, grad in grads.items():
            self._update(key, params[key], grad)

    def _update(self, key: str, param: np.ndarray, grad: np.ndarray) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with (optionally Nesterov) momentum, as in Keras.

    ``v = momentum * v - learning_rate * g``; ``p += v`` (Nesterov:
    ``p += momentum * v - learning_rate * g``).
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False):
        super().__init__(learning_rate)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self.velocity: dict[str, np.ndarray] = {}

    def _update(self, key, param, grad):
        lr = param.dtype.type(self.learning_rate)
        if self.momentum == 0:
            param -= lr * grad
            return
        m = param.dtype.type(self.momentum)
        v = self.velocity.setdefault(key, np.zeros_like(param))
        v *= m
        v -= lr * grad
        if self.nesterov:
            param += m * v - lr * grad
        else:
            param += v


class Adam(Optimizer):
    """Adam (Kingma & Ba, Algorithm 1), the update of ``torch.optim.Adam``.

    ``m = b1*m + (1-b1)*g``, ``v = b2*v + (1-b2)*g**2``,
    ``p -= lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + epsilon)``.
    ``epsilon`` defaults to Keras' 1e-7.
    """

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        for name, beta in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{name} must be in [0, 1), got {beta!r}")
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def _update(self, key, param, grad):
        t = self.iterations
        f = param.dtype.type
        m = self.m.setdefault(key, np.zeros_like(param))
        v = self.v.setdefault(key, np.zeros_like(param))
        m *= f(self.beta_1)
        m += f(1 - self.beta_1) * grad
        v *= f(self.beta_2)
        v += f(1 - self.beta_2) * np.square(grad)
        step = f(self.learning_rate / (1 - self.beta_1 ** t))
        denom = np.sqrt(v / f(1 - self.beta_2 ** t))
        denom += f(self.epsilon)
        param -= step * m / denom


def get_optimizer(optimizer: "str | Optimizer") -> Optimizer:
    """An optimizer from its name (``"adam"``, ``"sgd"``) with default settings, or itself."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    names = {"adam": Adam, "sgd": SGD}
    if isinstance(optimizer, str) and optimizer.lower() in names:
        return names[optimizer.lower()]()
    raise ValueError(f"optimizer must be 'adam', 'sgd' or an Optimizer, got {optimizer!r}")
