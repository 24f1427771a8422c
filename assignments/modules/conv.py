"""이미지와 커널의 합성곱 (교차 상관) (강의 3.3.1, 3.6).

모양은 채널이 마지막 축입니다 (channels-last): 이미지는 ``(N, H, W, C_in)``, 커널은
``(KH, KW, C_in, C_out)`` 입니다. 모든 딥러닝 프레임워크처럼 커널을 뒤집지 않습니다 (교차
상관, cross-correlation). 고정된 커널을 쓰는 합성곱 두 가지도 이 모듈에 있습니다: 강의
3.2.1에서 사람이 직접 고르던 특징인 Sobel 경계 맵과, 강의 3.6.2의 회색조 변환 (1×1 합성곱)
입니다.

Convolution (cross-correlation) of images with kernels (lecture 3.3.1 and 3.6).

Layout is channels-last: images ``(N, H, W, C_in)``, kernels ``(KH, KW, C_in, C_out)``.
The kernel is not flipped, as in every deep learning framework. Two fixed-kernel
convolutions complete the module: Sobel edge maps, the hand-crafted features of
lecture 3.2.1, and the grayscale conversion of lecture 3.6.2 (a 1x1 convolution).

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


def conv2d_single(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """회색조 이미지 한 장과 커널 하나의 합성곱: 스트라이드 1, 패딩 없음 (강의 3.3.1.2).

    커널을 입력 이미지 위로 한 픽셀씩 이동시키며, 커널이 놓인 이미지 조각과 커널의
    가중합을 계산해 특징 맵을 만듭니다:
    ``out[i, j] = sum_{a, b} image[i + a, j + b] * kernel[a, b]``.
    커널은 뒤집지 않습니다 (교차 상관). 이미지가 ``(H, W)``, 커널이 ``(KH, KW)`` 일 때
    결과는 ``(H - KH + 1, W - KW + 1)`` 입니다.

    실수 입력은 dtype을 유지하고, 정수 입력 (uint8 이미지 등)은 넘침 없이 정확한 int64
    결과를 냅니다. 입력 배열은 바꾸지 않습니다. 2차원이 아닌 입력이나 이미지보다 큰
    커널에는 ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Slide one kernel over one grayscale image (stride 1, no padding).

    ``out[i, j] = sum_{a, b} image[i + a, j + b] * kernel[a, b]``

    Parameters
    ----------
    image : ndarray, shape (H, W)
        회색조 이미지 한 장.
    kernel : ndarray, shape (KH, KW)
        커널 (합성곱 필터). 뒤집지 않습니다 (교차 상관).
        Not flipped (cross-correlation).

    Returns
    -------
    ndarray, shape (H - KH + 1, W - KW + 1)
        특징 맵. 실수는 dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다.
        Floats keep their dtype; integer inputs give an exact int64 result.

    Raises
    ------
    ValueError
        입력이 2차원이 아니거나 커널이 이미지보다 클 때.
        If an input is not 2-D or the kernel is larger than the image.

    Graded
    ------
    - dtype image: float32, int64, uint8 -> "dtype"
    - raises image, kernel -> "errors"

    Examples
    --------
    강의의 계산 예제입니다. 슬라이드의 243은 덧셈 실수이고, 아홉 개의 곱을 더하면 261입니다.
    The lecture's worked example (the slide's "243" is an arithmetic slip):

    >>> patch = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
    >>> sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    >>> conv2d_single(patch, sobel)
    array([[261]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d_single is not implemented yet")


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride=1,
           padding="valid") -> np.ndarray:
    """여러 채널 이미지의 배치와 여러 필터의 2차원 합성곱 (강의 3.3.1, 3.6.1).

    합성곱층 (``Conv2D``)의 순방향 계산입니다. 모양은 채널이 마지막 축입니다.

    - 입력 ``x``: ``(N, H, W, C_in)``, 커널 ``w``: ``(KH, KW, C_in, C_out)``,
      편향 ``b``: ``(C_out,)``
    - 결과: ``(N, H', W', C_out)``

    ``out[n, i, j, o] = sum_{a, b, c} xp[n, i*SH + a, j*SW + b, c] * w[a, b, c, o] + b[o]``
    (``xp``: 0으로 패딩한 입력). 출력 채널마다 모든 입력 채널에 걸쳐 더하므로, 채널이
    셋인 컬러 이미지는 회색조 이미지보다 더할 항이 세 배입니다 (강의 3.6.1). 필터 수
    (``C_out``)가 출력의 깊이를 정합니다.

    스트라이드와 패딩에는 정수 하나나 ``(h, w)`` 쌍을 줄 수 있습니다. 패딩은 ``"valid"``
    (패딩 없음), 정수 ``p`` 또는 쌍 ``(ph, pw)`` (위아래에 ``ph`` 줄, 좌우에 ``pw`` 줄의 0),
    또는 ``"same"`` 입니다. ``"same"`` 규칙 (TensorFlow/Keras)은 다음과 같습니다.

    - 출력 크기 ``out = ceil(n / s)``
    - 전체 패딩 (``total``): ``max((out - 1) * s + k - n, 0)``
    - 위 (왼쪽)에 ``top = total // 2``, 아래 (오른쪽)에 나머지 ``total - top``:
      전체 패딩이 홀수이면 남는 한 줄은 아래 (오른쪽)에 붙습니다.

    실수 입력은 dtype을 유지하고, 정수 입력은 정확한 int64 결과를 냅니다. 입력 배열은
    바꾸지 않습니다. 잘못된 인자 (차원 수가 틀린 배열, 입력과 커널의 채널 수 불일치,
    모양이 ``(C_out,)`` 아닌 편향, 1보다 작은 스트라이드, 패딩한 입력보다 큰 커널)에는
    ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    2-D convolution of a batch of multi-channel images with a bank of filters.

    ``out[n, i, j, o] = sum_{a, b, c} xp[n, i*SH + a, j*SW + b, c] * w[a, b, c, o] + b[o]``
    where ``xp`` is ``x`` padded with zeros. Every output channel sums over all
    input channels (a color image has three).

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C_in)
        입력 이미지의 배치.
    w : ndarray, shape (KH, KW, C_in, C_out)
        필터들의 커널. 필터 하나가 모든 입력 채널에 걸쳐 있습니다.
    b : ndarray, shape (C_out,), optional
        출력 채널마다 하나인 편향. 출력 채널 ``o`` 의 모든 자리에 더합니다.
        Added to every position of output channel ``o``.
    stride : int or (int, int), default 1
        스트라이드 ``(SH, SW)`` (>= 1).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``"same"``: 출력 크기 ``ceil(H / SH)``, 남는 한 줄은 아래 (오른쪽)에
        붙습니다 (TensorFlow/Keras 규칙).
        ``"same"``: output ``ceil(H / SH)``; total padding
        ``max((out - 1) * s + k - n, 0)``, ``top = total // 2``, the extra
        row/column goes to the bottom/right (TensorFlow/Keras rule).

    Returns
    -------
    ndarray, shape (N, H', W', C_out)
        특징 맵의 배치. 실수는 dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다.
        Floats keep their dtype; integer inputs give an exact int64 result.

    Raises
    ------
    ValueError
        차원 수가 틀린 배열, 채널 수 불일치 (``w.shape[2] != x.shape[3]``),
        ``b.shape != (C_out,)``, 1보다 작은 스트라이드, 패딩한 입력보다 큰 커널.
        Wrong ndim, ``w.shape[2] != x.shape[3]``, ``b.shape != (C_out,)``,
        stride < 1, or a kernel larger than the padded input.

    Graded
    ------
    - dtype x: float32, int64, uint8 -> "dtype"
    - form stride, padding: default -> "one channel"
    - form stride: int, pair -> "stride"
    - form padding: int, pair -> "integer padding"
    - form padding: "same" -> "same padding"
    - raises x, w, b, stride -> "errors"

    Examples
    --------
    >>> x = np.ones((1, 28, 28, 1))
    >>> w = np.ones((3, 3, 1, 4))
    >>> conv2d(x, w, stride=1, padding=1).shape
    (1, 28, 28, 4)
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d is not implemented yet")


def sobel_edges(image: np.ndarray) -> np.ndarray:
    """회색조 이미지의 경계 세기: Sobel 기울기의 크기 (강의 3.2.1).

    딥러닝 이전에는 특징 추출을 사람이 직접 했고 (handcraft feature), 경계 (edge)가 그 첫
    번째 선택이었습니다. 두 Sobel 커널 (아래 그림)로 합성곱하여 경계의 세기를 구합니다.

    - ``gx = conv2d_single(image, SOBEL_X)``: 왼쪽에서 오른쪽으로 밝기가 바뀌는 수직
      경계에 반응합니다.
    - ``gy = conv2d_single(image, SOBEL_Y)``: 수평 경계에 반응합니다.
    - 경계의 세기: ``sqrt(gx**2 + gy**2)``.

    이미지가 ``(H, W)`` 일 때 결과는 ``(H - 2, W - 2)`` 이고 값은 0 이상입니다. 실수 입력은
    dtype을 유지하고, 정수 입력 (uint8 이미지 등)은 넘침 없이 계산한 float64 결과를
    냅니다. 입력 배열은 바꾸지 않습니다. 2차원이 아니거나 3×3보다 작은 이미지에는
    ``ValueError`` 예외를 내고 메시지에 인자 이름을 씁니다.

    Edge strength of a grayscale image: the Sobel gradient magnitude (lecture 3.2.1).

    Before deep learning, people chose features by hand; edges were the first
    choice. ``gx = conv2d_single(image, SOBEL_X)`` responds to vertical edges
    (brightness changing from left to right), ``gy = conv2d_single(image, SOBEL_Y)``
    to horizontal ones, and the edge strength is ``sqrt(gx**2 + gy**2)``::

        SOBEL_X = [[-1, 0, 1],        SOBEL_Y = SOBEL_X.T = [[-1, -2, -1],
                   [-2, 0, 2],                               [ 0,  0,  0],
                   [-1, 0, 1]]                               [ 1,  2,  1]]

    Parameters
    ----------
    image : ndarray, shape (H, W)
        회색조 이미지 한 장, 3×3 이상.
        At least 3x3.

    Returns
    -------
    ndarray, shape (H - 2, W - 2)
        경계 세기의 맵, 0 이상. 실수는 dtype을 유지하고 정수 입력은 float64 결과를
        냅니다 (uint8 넘침 없이 계산).
        Non-negative. Floats keep their dtype; integer input gives float64
        (computed without uint8 overflow).

    Raises
    ------
    ValueError
        이미지가 2차원이 아니거나 3×3보다 작을 때.
        If ``image`` is not 2-D or is smaller than 3x3.

    Graded
    ------
    - dtype image: float32, uint8, int64 -> "dtype"
    - raises image -> "errors"

    Examples
    --------
    강의의 이미지 조각: ``gx`` 값은 계산 예제의 261, ``gy`` 값은 191입니다.
    The lecture's patch: ``gx`` is the worked example's 261, ``gy`` is 191.

    >>> patch = np.array([[93, 139, 101], [26, 252, 196], [135, 240, 48]])
    >>> sobel_edges(patch).round(2)
    array([[323.42]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("sobel_edges is not implemented yet")


def rgb_to_grayscale(images: np.ndarray) -> np.ndarray:
    """컬러 이미지를 ITU-R BT.601 가중치로 회색조 이미지로 바꿉니다 (강의 3.6.2).

    색상이 큰 영향을 주지 않는 문제에서는 학습 데이터를 회색조로 바꿔 계산 복잡도를
    줄입니다. 회색조 값은 ``gray = 0.299 * R + 0.587 * G + 0.114 * B`` 입니다: 눈에는
    녹색이 가장 밝고 파란색이 가장 어둡게 보입니다. 채널 축은 채널 하나로 남으므로 결과를
    바로 :func:`conv2d` 함수에 넣을 수 있습니다. 사실 이 변환은 필터 하나짜리 1×1 합성곱
    ``w = [[[[0.299], [0.587], [0.114]]]]`` 입니다. 회색조 이미지의 합성곱은 컬러 이미지의
    합성곱보다 더할 항이 3분의 1입니다.

    입력은 ``(H, W, 3)`` 또는 ``(N, H, W, 3)`` 이고, 채널 순서는 R, G, B (채널이 마지막
    축)입니다. 결과는 ``(H, W, 1)`` 또는 ``(N, H, W, 1)`` 이고 값의 범위는 그대로입니다
    (0..255는 0..255, 0..1은 0..1). 실수 입력은 dtype을 유지하고 정수 입력은 반올림하지 않은
    float64 결과를 냅니다. 입력 배열은 바꾸지 않습니다. 3차원이나 4차원이 아니거나 마지막
    축의 길이가 3 (R, G, B)이 아닌 입력에는 ``ValueError`` 예외를 내고 메시지에 인자 이름을
    씁니다.

    Colour images to grayscale with the ITU-R BT.601 weights (lecture 3.6.2).

    ``gray = 0.299 * R + 0.587 * G + 0.114 * B``: green looks brightest to the
    eye, blue darkest. The channel axis stays (with one channel), so the result
    goes straight into :func:`conv2d`; in fact the conversion *is* a 1x1
    convolution with one filter, ``w = [[[[0.299], [0.587], [0.114]]]]``.
    A convolution over a grayscale image sums a third of the terms of one over
    the colour image.

    Parameters
    ----------
    images : ndarray, shape (H, W, 3) or (N, H, W, 3)
        컬러 이미지 한 장 또는 배치. 채널 순서는 R, G, B이고 값의 범위는 자유입니다.
        Channels in the order R, G, B (channels-last), any value range
        (0..255 stays 0..255, 0..1 stays 0..1).

    Returns
    -------
    ndarray, shape (H, W, 1) or (N, H, W, 1)
        채널 하나인 회색조 이미지. 실수는 dtype을 유지하고 정수 입력은 float64 결과를
        냅니다 (반올림하지 않음).
        Floats keep their dtype; integer input gives float64 (not rounded).

    Raises
    ------
    ValueError
        입력이 3차원이나 4차원이 아니거나 마지막 축의 길이가 3이 아닐 때.
        If ``images`` is not 3-D or 4-D or its last axis is not 3 (R, G, B).

    Graded
    ------
    - ndim images: 3 -> "weighted sum"
    - ndim images: 4 -> "batch of images"
    - dtype images: float32, uint8, int64 -> "dtype"
    - raises images -> "errors"

    Examples
    --------
    >>> pixels = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8)
    >>> rgb_to_grayscale(pixels)[..., 0]
    array([[ 76.245, 149.685,  29.07 ]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("rgb_to_grayscale is not implemented yet")
