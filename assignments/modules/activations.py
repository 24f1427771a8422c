"""소프트맥스 활성화 함수: 분류기의 점수를 클래스별 확률로 바꿉니다 (강의 3.3).

강의의 구조 입력 → CONV → RELU → POOL → ... → FC → SOFTMAX에서 ReLU와 소프트맥스는
독립적인 층이 아닙니다. ReLU는 합성곱층 (CONV)과, 소프트맥스는 마지막 전결합층 (FC)과
함께 쓰입니다 (Keras의 ``activation="relu"``, ``activation="softmax"``). 둘 다 파라미터가
없습니다.

The softmax activation: a classifier's scores as class probabilities (lecture 3.3).

In the lecture's chain INPUT -> CONV -> RELU -> POOL -> ... -> FC -> SOFTMAX, ReLU
and softmax are not layers of their own: ReLU goes with a CONV layer and softmax
with the last FC layer (Keras' ``activation="relu"``, ``activation="softmax"``).
Neither has parameters.

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    """마지막 축의 점수를 소프트맥스로 확률로 바꿉니다 (강의 3.3).

    소프트맥스는 마지막 전결합층 (FC)과 함께 쓰여 클래스별 점수를 확률로 바꿉니다. 마지막
    축의 점수 ``z`` 에 대해 결과는 ``exp(z_k) / sum_j exp(z_j)`` 입니다. 결과는 0 이상이고
    마지막 축을 따라 더하면 1이며, 가장 큰 점수가 가장 큰 확률을 받습니다.

    행마다 최댓값 (``m``)을 먼저 빼도 (``exp(z - m) / sum exp(z - m)``) 수학적으로는 같은
    값이고, 점수가 커도 ``exp`` 함수가 넘치지 (overflow) 않습니다. 그래서 점수가 아무리
    커도 결과가 맞아야 합니다.

    입력은 배치 ``(N, K)``, 예제 하나 ``(K,)``, 또는 앞에 축이 더 있는 배열이며, 결과의
    모양은 입력과 같습니다. 실수 입력은 dtype을 유지하고 정수 입력은 float64 결과를 냅니다.
    입력 배열은 바꾸지 않습니다. 스칼라 (0차원)나 마지막 축이 비어 있는 입력에는
    ``ValueError`` 예외를 내고 메시지에 인자 이름을 씁니다.

    Probabilities from scores along the last axis: ``exp(z_k) / sum_j exp(z_j)``.

    Subtracting each row's maximum first changes nothing mathematically
    (``exp(z - m) / sum exp(z - m)``) and keeps ``exp`` from overflowing for
    large scores, so the result is right for scores of any size.

    Parameters
    ----------
    logits : ndarray, shape (..., K)
        마지막 전결합층의 출력. 숫자 이미지의 배치라면 ``(N, 10)``, 예제 하나라면
        ``(K,)`` 입니다. 클래스 수는 1 이상 (``K >= 1``).
        The last FC layer's outputs, e.g. ``(N, 10)`` for a batch of digits; one
        example ``(K,)`` works too. ``K >= 1``.

    Returns
    -------
    ndarray, same shape as ``logits``
        0 이상이고 마지막 축의 합이 1인 확률. 점수가 가장 큰 클래스의 확률이 가장 큽니다.
        실수는 dtype을 유지하고 정수 입력은 float64 결과를 냅니다.
        Non-negative, summing to 1 along the last axis; the largest score has
        the largest probability. Floats keep their dtype; integer input gives
        float64.

    Raises
    ------
    ValueError
        입력이 스칼라 (0차원)이거나 마지막 축이 비어 있을 때.
        If ``logits`` is a scalar (0-D) or its last axis is empty.

    Graded
    ------
    - ndim logits: 1, 3 -> "any leading axes"
    - dtype logits: float32, int64 -> "dtype"
    - raises logits -> "errors"

    Examples
    --------
    >>> softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])).round(4)
    array([[0.09  , 0.2447, 0.6652],
           [0.3333, 0.3333, 0.3333]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("softmax is not implemented yet")
