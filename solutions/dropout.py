"""역 드롭아웃 (inverted dropout): 과적합을 막기 위한 드롭아웃층 (강의 3.5).

Inverted dropout (lecture 3.5).
"""
from __future__ import annotations

import numbers

import numpy as np

from ._args import float_result_dtype


def dropout(x: np.ndarray, rate: float, training: bool = True,
            rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """역 드롭아웃: 학습할 때 각 원소를 ``rate`` 확률로 비활성화합니다 (강의 3.5.2).

    드롭아웃층은 층을 이루는 뉴런의 일정 비율을 무작위로 비활성화하여 과적합을 막습니다.
    학습 단계 (``training=True``)에서는 원소마다 독립적으로 ``1 - rate`` 확률로 남기고,
    남은 원소는 ``1 / (1 - rate)`` 배로 키웁니다: ``out = x * keep_mask / (1 - rate)``.
    그러면 출력의 기댓값이 입력과 같아서 테스트 단계에서는 아무것도 다시 조정할 필요가
    없습니다. 테스트 단계 (``training=False``)의 출력은 입력과 같고 마스크는 모두 True입니다.

    무작위성은 인자 ``rng`` (``numpy.random.Generator``)에서 얻습니다. ``None`` 이면 새
    ``np.random.default_rng()`` 생성기를 쓰고, 같은 시드는 같은 마스크를 냅니다. 마스크를
    어떻게 뽑는지는 자유이며, 채점은 위의 성질만 봅니다.

    출력과 마스크의 모양은 입력과 같습니다 (입력의 모양은 자유). 실수 입력은 dtype을
    유지하고 정수 입력은 float64 결과를 냅니다. 입력 배열은 바꾸지 않습니다. 비율이
    ``[0, 1)`` 범위의 수가 아니면 ``ValueError`` 예외를 내고 메시지에 인자 이름을 씁니다.

    Inverted dropout: drop each element with probability ``rate`` while training.

    In training each element is kept independently with probability ``1 - rate``
    and kept elements are scaled by ``1 / (1 - rate)``, so the expected output
    equals ``x`` and nothing needs rescaling at test time.

    Parameters
    ----------
    x : ndarray, any shape
        드롭아웃을 적용할 배열 (모양은 자유).
    rate : float
        원소를 비활성화할 확률, ``[0, 1)`` 범위.
        Probability of dropping an element, in ``[0, 1)``.
    training : bool, default True
        ``False`` 이면 테스트 단계: 출력은 입력과 같고 마스크는 모두 True.
        ``False`` (test time): ``out`` equals ``x`` and the mask is all True.
    rng : numpy.random.Generator, optional
        난수 생성기. ``None`` 이면 새 ``np.random.default_rng()`` 생성기를 씁니다.
        같은 시드는 같은 마스크를 냅니다.
        Source of randomness; ``None`` uses a fresh ``np.random.default_rng()``.
        The same seed gives the same mask.

    Returns
    -------
    out : ndarray, same shape as ``x``
        남은 원소를 ``1 / (1 - rate)`` 배로 키운 출력. 실수는 dtype을 유지하고 정수는
        float64가 됩니다.
        ``x * keep_mask / (1 - rate)``; floats keep their dtype, integers give float64.
    keep_mask : ndarray of bool, same shape as ``x``
        남은 원소의 자리에서 True인 마스크.
        True where the element was kept.

    Raises
    ------
    ValueError
        비율 ``rate`` 값이 ``[0, 1)`` 범위의 수가 아닐 때.
        If ``rate`` is not a number in ``[0, 1)``.

    Graded
    ------
    - ndim x: 1, 3 -> "scaling"
    - form training: default -> "scaling"
    - dtype x: float32, int64 -> "dtype"
    - edge rate: 0 -> "rate zero"
    - raises rate -> "errors"

    Examples
    --------
    >>> out, mask = dropout(np.ones((2, 3)), 0.5, rng=np.random.default_rng(0))
    >>> sorted(set(out.ravel()) | {0.0, 2.0})
    [0.0, 2.0]
    """
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
        raise ValueError(f"rate must be a number in [0, 1), got {rate!r}")
    x = np.asarray(x)
    dtype = float_result_dtype(x.dtype)
    if not training:
        return x.astype(dtype, copy=True), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    keep_mask = np.asarray(rng.random(x.shape) >= rate)  # an array even for 0-D x
    out = np.where(keep_mask, x.astype(dtype, copy=False) / dtype.type(1 - rate), dtype.type(0))
    return out.astype(dtype, copy=False), keep_mask
