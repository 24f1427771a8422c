"""이미지 벡터 변환과 합성곱·풀링의 출력 모양 계산 (강의 3.1, 3.3).

모양은 Keras처럼 채널이 마지막 축입니다 (channels-last): 이미지 한 장은 ``(H, W, C)``,
배치는 ``(N, H, W, C)`` 입니다.

Image flattening and the output-shape arithmetic of convolution and pooling (lecture 3.1, 3.3).

Shapes are channels-last, as in Keras: one image is ``(H, W, C)``, a batch is
``(N, H, W, C)``.

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


def flatten(x: np.ndarray) -> np.ndarray:
    """배치의 샘플마다 값을 한 행으로 펼칩니다: 이미지 벡터 변환 (강의 3.1.1).

    MLP의 입력층은 1차원 벡터만 받으므로 28×28 이미지는 길이 784의 벡터로 바꿔야
    합니다. 0번 축 (배치 축)은 그대로 두고 나머지 축을 모두 행 우선 (C) 순서로 이어
    붙여, 모양 ``(N, d1, d2, ...)`` 배열에서 ``(N, d1 * d2 * ...)`` 배열을 만듭니다.
    이미지 한 장은 ``flatten(img[None])`` 처럼 배치 축을 붙여서 넘깁니다.

    결과의 dtype은 입력과 같고, 입력 배열은 바꾸지 않습니다. 축이 둘보다 적은 입력
    (``x.ndim < 2``)에는 ``ValueError`` 예외를 내고, 메시지에 인자 이름을 씁니다.

    Flatten every sample of a batch into one row (image flattening, lecture 3.1.1).

    Parameters
    ----------
    x : ndarray, shape (N, d1, d2, ...)
        샘플 N개의 배치. 0번 축이 배치 축이며 결과에도 남습니다.
        A batch; axis 0 is the batch axis and is kept.

    Returns
    -------
    ndarray, shape (N, d1 * d2 * ...)
        한 행에 샘플 하나의 값이 행 우선 (C) 순서로 들어 있고, dtype은 입력 그대로입니다.
        Each row holds one sample's values in row-major (C) order; same dtype as ``x``.

    Raises
    ------
    ValueError
        축이 둘보다 적을 때 (``x.ndim < 2``).
        If ``x.ndim < 2``.

    Graded
    ------
    - ndim x: 2, 5 -> "any rank"
    - dtype x: float32, int64, uint8, bool -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> img = np.zeros((28, 28))
    >>> flatten(img[None]).shape
    (1, 784)
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("flatten is not implemented yet")


def conv_output_size(n: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """합성곱 출력의 한 축 길이를 계산합니다 (강의 3.3.1.4, 3.3.2.3).

    길이가 ``n`` 인 축의 양 끝에 0을 ``padding`` 개씩 덧붙이고 (패딩), 길이
    ``kernel_size`` 의 커널을 ``stride`` 칸씩 옮기면 (스트라이드) 출력 길이는
    ``floor((n + 2 * padding - kernel_size) / stride) + 1`` 입니다. 강의 3.3.2.3의
    합성곱층처럼 28 길이에 커널 3, 스트라이드 1, 패딩 1이면 출력도 28입니다.

    인자는 모두 정수입니다. 입력 길이, 커널 길이, 스트라이드는 1 이상, 패딩은 0 이상이어야
    하며, 범위를 벗어난 인자나 패딩한 입력보다 긴 커널 (결과가 1보다 작음)에는
    ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Length of a convolution's output along one axis.

    ``floor((n + 2 * padding - kernel_size) / stride) + 1``.

    Parameters
    ----------
    n : int
        입력의 길이 (>= 1).
        Input length (>= 1).
    kernel_size : int
        커널 (윈도우)의 길이 (>= 1).
        Window length (>= 1).
    stride : int, default 1
        스트라이드: 커널이 한 번에 이동하는 칸 수 (>= 1).
        Step of the window (>= 1).
    padding : int, default 0
        패딩: 양쪽에 각각 덧붙이는 0의 개수 (>= 0).
        Zeros added on each side (>= 0).

    Returns
    -------
    int
        출력의 길이 (>= 1).
        The output length (>= 1).

    Raises
    ------
    ValueError
        인자가 범위를 벗어났거나 커널이 패딩한 입력에 들어가지 않을 때 (결과 < 1).
        If an argument is out of range or the window does not fit (result < 1).

    Graded
    ------
    - form stride, padding: default -> "no padding"
    - raises n, kernel_size, stride, padding -> "errors"

    Examples
    --------
    >>> conv_output_size(28, 3, stride=1, padding=1)
    28
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv_output_size is not implemented yet")


def conv_output_shape(input_shape: tuple[int, int, int], filters: int, kernel_size,
                      strides=1, padding="valid") -> tuple[int, int, int]:
    """``Conv2D`` 층이 이미지 한 장에 대해 내는 출력의 모양 (강의 3.3.1.3, 3.3.2.3).

    배치 축 없이 입력이 ``(H, W, C)`` 일 때 결과는 ``(H', W', filters)`` 입니다. 합성곱층은 필터 수만큼
    특징 맵을 내므로 필터 수가 출력의 깊이를 정하고 (강의 3.3.1.3), 가로세로 크기는 축마다
    :func:`conv_output_size` 함수와 같이 계산합니다. 커널 크기, 스트라이드, 패딩에는 정수
    하나나 ``(h, w)`` 쌍을 줄 수 있습니다. 패딩 규칙은 다음과 같습니다.

    - ``"valid"``: 패딩 없음.
    - 정수 ``p`` 또는 쌍 ``(ph, pw)``: 위아래에 ``ph`` 줄, 좌우에 ``pw`` 줄씩 0을 덧붙임.
    - ``"same"``: 출력 크기가 ``ceil(n / stride)`` 인 TensorFlow/Keras 규칙.

    세 양의 정수가 아닌 입력 모양, 범위를 벗어난 인자, 패딩한 입력보다 큰 커널에는
    ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Output shape of a ``Conv2D`` layer for one image (no batch axis).

    Parameters
    ----------
    input_shape : (H, W, C)
        입력 이미지 한 장의 모양.
        Shape of one input image.
    filters : int
        필터 수, 곧 출력의 깊이 (>= 1).
        Number of filters, the output depth (>= 1).
    kernel_size : int or (int, int)
        커널 크기 ``(KH, KW)``.
        ``(KH, KW)``.
    strides : int or (int, int), default 1
        스트라이드 ``(SH, SW)``: 커널이 한 번에 이동하는 칸 수 (>= 1).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``"same"`` 이면 출력 크기가 ``ceil(n / stride)`` 입니다 (TensorFlow/Keras 규칙).
        ``"same"`` gives ``ceil(n / stride)`` (TensorFlow/Keras rule).

    Returns
    -------
    (H', W', filters)
        출력 특징 맵의 모양: 세로, 가로, 깊이.

    Raises
    ------
    ValueError
        ``input_shape`` 값이 세 양의 정수가 아니거나, 인자가 범위를 벗어났거나,
        커널이 패딩한 입력보다 클 때.
        If ``input_shape`` is not three positive ints, an argument is out of range,
        or the kernel is larger than the padded input.

    Graded
    ------
    - form kernel_size: int, pair -> "filters set the depth"
    - form strides, padding: default -> "valid"
    - form strides: int, pair -> "strides"
    - form padding: int, pair -> "integer padding"
    - form padding: "same" -> "same padding"
    - raises input_shape, kernel_size, strides, padding -> "errors"

    Examples
    --------
    >>> conv_output_shape((28, 28, 1), 4, 3, strides=1, padding=1)
    (28, 28, 4)
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv_output_shape is not implemented yet")


def pool_output_shape(input_shape: tuple[int, int, int], pool_size=2, strides=None,
                      padding="valid") -> tuple[int, int, int]:
    """풀링층이 이미지 한 장에 대해 내는 출력의 모양 (강의 3.3.2.1, 3.3.2.3).

    배치 축 없이 입력이 ``(H, W, C)`` 일 때 결과는 ``(H', W', C)`` 입니다. 풀링은 특징 맵의 가로세로
    크기를 줄이지만 특징 맵의 개수 (깊이)는 그대로 둡니다. 가로세로 크기는 합성곱과 같은
    식으로 계산합니다. 윈도우 크기, 스트라이드, 패딩에는 정수 하나나 ``(h, w)`` 쌍을 줄 수
    있고, 스트라이드를 주지 않으면 (``strides=None``) Keras처럼 윈도우 크기와 같습니다.
    패딩 규칙은 :func:`conv_output_shape` 함수와 같되, 정수 패딩은 윈도우보다 작아야 합니다.

    범위를 벗어난 인자, 윈도우보다 작지 않은 패딩, 패딩한 입력보다 큰 윈도우에는
    ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Output shape of a pooling layer for one image (no batch axis).

    Parameters
    ----------
    input_shape : (H, W, C)
        입력 특징 맵의 모양.
    pool_size : int or (int, int), default 2
        윈도우 크기.
    strides : int or (int, int) or None, default None
        ``None`` 이면 윈도우 크기와 같습니다 (Keras).
        ``None`` means ``strides = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        :func:`conv_output_shape` 함수와 같은 규칙.

    Returns
    -------
    (H', W', C)
        풀링은 깊이를 바꾸지 않습니다.
        Pooling keeps the depth.

    Raises
    ------
    ValueError
        인자가 범위를 벗어났거나, 패딩이 윈도우보다 작지 않거나 (:func:`max_pool2d` 함수와
        같음), 윈도우가 패딩한 입력보다 클 때.
        If an argument is out of range, a padding is not smaller than the window
        (as in :func:`max_pool2d`), or the window is larger than the padded input.

    Graded
    ------
    - form pool_size: int, pair -> "default stride"
    - form pool_size, strides, padding: default -> "default stride"
    - form strides: int, pair -> "explicit strides"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises input_shape, pool_size, strides, padding -> "errors"

    Examples
    --------
    >>> pool_output_shape((28, 28, 4), 2)
    (14, 14, 4)
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("pool_output_shape is not implemented yet")
