"""최대 풀링, 평균 풀링, 전역 풀링 (강의 3.3.2).

풀링층은 최대나 평균 같은 통계 함수로 특징 맵의 크기를 줄입니다. 가중치가 없고, 특징 맵의
가로세로 크기는 작아지지만 특징 맵의 개수 (깊이)는 그대로입니다. 모양은 채널이 마지막
축입니다 (channels-last): ``(N, H, W, C)``. 채널마다 따로 풀링합니다.

Max, average and global pooling (lecture 3.3.2).

Layout is channels-last ``(N, H, W, C)``; each channel is pooled on its own.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import as_pair, check_ndim, float_result_dtype, resolve_padding, sliding_output
from ._col2im import window_offsets


def max_pool2d(x: np.ndarray, pool_size=2, stride=None, padding="valid") -> np.ndarray:
    """최대 풀링: 채널마다 윈도우 안의 최댓값을 고릅니다 (강의 3.3.2.1).

    합성곱층이 출력한 특징 맵을 입력으로 받아 윈도우를 특징 맵 위로 이동시키면서, 윈도우 안
    픽셀 값의 최댓값을 출력의 픽셀 값으로 삼습니다. 합성곱과 달리 가중치가 없고, 윈도우
    크기 (``pool_size``)와 스트라이드만 있습니다. 채널마다 따로 풀링하므로 출력의 깊이는
    입력과 같습니다: ``(N, H, W, C)`` 입력에서 ``(N, H', W', C)`` 결과가 나오며, 가로세로
    크기는 :func:`shapes.pool_output_shape` 함수와 같이 계산합니다.

    윈도우 크기, 스트라이드, 패딩에는 정수 하나나 ``(h, w)`` 쌍을 줄 수 있습니다.
    스트라이드를 주지 않으면 (``stride=None``) Keras처럼 윈도우 크기와 같아서 윈도우가
    겹치지 않습니다. 패딩은 ``"valid"`` (패딩 없음), 정수나 쌍 (윈도우보다 작아야 함), 또는
    ``"same"`` (TensorFlow/Keras 규칙)입니다. 패딩한 칸은 최댓값 후보가 아닙니다: 실제
    칸만으로 최댓값을 구하므로 (TensorFlow 규칙) 값이 모두 음수인 이미지도 음수 최댓값을
    그대로 냅니다.

    결과의 dtype은 입력과 같고, 입력 배열은 바꾸지 않습니다. 4차원이 아닌 입력, 범위를
    벗어난 인자, 윈도우보다 작지 않은 패딩, 패딩한 입력보다 큰 윈도우에는 ``ValueError``
    예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Max pooling: the largest value of each window, channel by channel.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
        특징 맵의 배치.
    pool_size : int or (int, int), default 2
        윈도우 크기 ``(KH, KW)`` (>= 1).
    stride : int or (int, int) or None, default None
        스트라이드: 윈도우가 한 번에 이동하는 칸 수 (>= 1). ``None`` 이면 윈도우 크기와
        같습니다 (Keras).
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        패딩한 칸은 무시하고 실제 칸만으로 최댓값을 구합니다 (TensorFlow 규칙). 그래서
        값이 모두 음수인 이미지도 음수 최댓값을 그대로 냅니다.
        Padded cells are ignored: the maximum is taken over the real cells only
        (TensorFlow's rule), so an all-negative image keeps its negative maxima.

    Returns
    -------
    ndarray, shape (N, H', W', C)
        풀링한 특징 맵. dtype은 입력과 같습니다.
        Same dtype as ``x``.

    Raises
    ------
    ValueError
        차원 수가 틀린 입력, 범위를 벗어난 인자, 윈도우보다 작지 않은 패딩, 패딩한
        입력보다 큰 윈도우.
        Wrong ndim, an argument out of range, a padding not smaller than the
        window, or a window larger than the padded input.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form pool_size: int, pair -> "window"
    - form pool_size, stride, padding: default -> "default stride"
    - form stride: int, pair -> "explicit stride"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x, pool_size, stride, padding -> "errors"

    Examples
    --------
    >>> x = np.arange(16.).reshape(1, 4, 4, 1)
    >>> max_pool2d(x)[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    k, s, pad_h, pad_w, out_hw = _pool_geometry(x.shape, pool_size, stride, padding)
    # Padded cells never win; every window has a real cell.
    return _window_max(_pad_lowest(x, pad_h, pad_w), k, s, out_hw)


def _lowest(dtype: np.dtype):
    """A value no real cell can beat, so padded cells never win a max."""
    if dtype.kind == "f":
        return dtype.type(-np.inf)
    if dtype.kind == "b":
        return False
    return np.iinfo(dtype).min


def avg_pool2d(x: np.ndarray, pool_size=2, stride=None, padding="valid") -> np.ndarray:
    """평균 풀링: 채널마다 윈도우 안 값의 평균을 구합니다 (강의 3.3.2.1).

    최대 풀링과 같이 윈도우를 특징 맵 위로 이동시키되, 최댓값 대신 윈도우 안 픽셀 값의
    평균을 출력의 픽셀 값으로 삼습니다. 가중치는 없고 출력의 깊이는 입력과 같습니다:
    ``(N, H, W, C)`` 입력에서 ``(N, H', W', C)`` 결과가 나옵니다. 윈도우 크기, 스트라이드,
    패딩의 규칙은 :func:`max_pool2d` 함수와 같습니다. 패딩한 칸은 평균에 넣지 않습니다:
    윈도우마다 실제 칸만의 평균을 구합니다 (TensorFlow 규칙).

    실수 입력은 dtype을 유지하고 정수 입력은 float64 결과를 냅니다. 입력 배열은 바꾸지
    않습니다. 잘못된 인자에는 :func:`max_pool2d` 함수와 같이 ``ValueError`` 예외를 내고
    메시지에 그 인자의 이름을 씁니다.

    Average pooling: the mean of each window, channel by channel.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
        특징 맵의 배치.
    pool_size : int or (int, int), default 2
        윈도우 크기 ``(KH, KW)`` (>= 1).
    stride : int or (int, int) or None, default None
        스트라이드: 윈도우가 한 번에 이동하는 칸 수 (>= 1). ``None`` 이면 윈도우 크기와
        같습니다 (Keras).
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        패딩한 칸은 무시하고 윈도우마다 실제 칸만의 평균을 구합니다 (TensorFlow 규칙).
        Padded cells are ignored: each window is averaged over its real cells only
        (TensorFlow's rule).

    Returns
    -------
    ndarray, shape (N, H', W', C)
        풀링한 특징 맵. 실수는 dtype을 유지하고 정수 입력은 float64 결과를 냅니다.
        Floats keep their dtype; integer input gives float64.

    Raises
    ------
    ValueError
        :func:`max_pool2d` 함수와 같습니다: 차원 수가 틀린 입력, 범위를 벗어난 인자,
        윈도우보다 작지 않은 패딩, 패딩한 입력보다 큰 윈도우.
        Wrong ndim, an argument out of range, a padding not smaller than the
        window, or a window larger than the padded input (as in :func:`max_pool2d`).

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - form pool_size: int, pair -> "window"
    - form pool_size, stride, padding: default -> "default stride"
    - form stride: int, pair -> "explicit stride"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x, pool_size, stride, padding -> "errors"

    Examples
    --------
    >>> x = np.arange(16.).reshape(1, 4, 4, 1)
    >>> avg_pool2d(x)[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    windows, real = _pool_windows(x, pool_size, stride, padding)
    dtype = float_result_dtype(np.asarray(x).dtype)
    windows = windows.astype(dtype, copy=False)
    if real is None:
        return windows.mean(axis=(-2, -1))
    total = np.where(real, windows, dtype.type(0)).sum(axis=(-2, -1))
    count = real.sum(axis=(-2, -1))
    return (total / count).astype(dtype, copy=False)


def global_avg_pool2d(x: np.ndarray) -> np.ndarray:
    """전역 평균 풀링: 특징 맵마다 전체 픽셀 값의 평균을 구합니다 (강의 3.3.2.1).

    전역 평균 풀링은 특징 맵의 크기를 극단적으로 줄이는 방식입니다. 윈도우 크기와
    스트라이드를 정하지 않고 특징 맵 하나 전체의 평균을 구하므로, 특징 맵 하나가 숫자
    하나가 됩니다: ``(N, H, W, C)`` 입력에서 ``(N, C)`` 결과가 나옵니다.

    실수 입력은 dtype을 유지하고 정수 입력은 float64 결과를 냅니다. 입력 배열은 바꾸지
    않습니다. 4차원이 아닌 입력에는 ``ValueError`` 예외를 내고 메시지에 인자 이름을 씁니다.

    Global average pooling: the mean of each whole feature map.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
        특징 맵의 배치.

    Returns
    -------
    ndarray, shape (N, C)
        샘플마다 채널별 평균. 실수는 dtype을 유지하고 정수 입력은 float64 결과를 냅니다.
        Floats keep their dtype; integer input gives float64.

    Raises
    ------
    ValueError
        입력이 4차원이 아닐 때.
        If ``x`` is not 4-D.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> global_avg_pool2d(np.ones((2, 5, 5, 3))).shape
    (2, 3)
    """
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    return x.mean(axis=(1, 2), dtype=float_result_dtype(x.dtype))


def global_max_pool2d(x: np.ndarray) -> np.ndarray:
    """전역 최대 풀링: 특징 맵마다 전체 픽셀 값의 최댓값을 고릅니다 (강의 3.3.2.1).

    전역 평균 풀링과 같이 윈도우 크기와 스트라이드를 정하지 않고, 평균 대신 특징 맵 하나
    전체의 최댓값을 구합니다. 특징 맵 하나가 숫자 하나가 되므로 ``(N, H, W, C)`` 입력에서
    ``(N, C)`` 결과가 나옵니다.

    결과의 dtype은 입력과 같고, 입력 배열은 바꾸지 않습니다. 4차원이 아닌 입력에는
    ``ValueError`` 예외를 내고 메시지에 인자 이름을 씁니다.

    Global max pooling: the largest value of each whole feature map.

    Parameters
    ----------
    x : ndarray, shape (N, H, W, C)
        특징 맵의 배치.

    Returns
    -------
    ndarray, shape (N, C)
        샘플마다 채널별 최댓값. dtype은 입력과 같습니다.
        Same dtype as ``x``.

    Raises
    ------
    ValueError
        입력이 4차원이 아닐 때.
        If ``x`` is not 4-D.

    Graded
    ------
    - dtype x: float32, int64 -> "dtype"
    - raises x -> "errors"

    Examples
    --------
    >>> global_max_pool2d(np.arange(8.).reshape(1, 2, 2, 2))
    array([[6., 7.]])
    """
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    return x.max(axis=(1, 2))


def _pool_geometry(shape, pool_size, stride, padding):
    """Window, stride, paddings and output size of a pooling layer over ``(N, H, W, C)``, checked.

    Returns
    -------
    (KH, KW), (SH, SW), (top, bottom), (left, right), (H', W')
    """
    k = as_pair(pool_size, "pool_size")
    s = k if stride is None else as_pair(stride, "stride")
    pad_h, pad_w = resolve_padding(padding, tuple(shape[1:3]), k, s)
    if max(pad_h) >= k[0] or max(pad_w) >= k[1]:
        raise ValueError(f"padding {padding!r} must be smaller than pool_size {k}")
    out = (sliding_output(shape[1], k[0], s[0], pad_h, "pool_size"),
           sliding_output(shape[2], k[1], s[1], pad_w, "pool_size"))
    return k, s, pad_h, pad_w, out


def _pad_lowest(x: np.ndarray, pad_h, pad_w) -> np.ndarray:
    """``x`` padded with a value no real cell can beat (``x`` itself without padding)."""
    if pad_h == (0, 0) and pad_w == (0, 0):
        return x
    return np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=_lowest(x.dtype))


def _real_cells_mask(hw, pad_h, pad_w) -> np.ndarray | None:
    """``(1, Hp, Wp, 1)`` bool, True on the real (unpadded) cells; None without padding."""
    if pad_h == (0, 0) and pad_w == (0, 0):
        return None
    return np.pad(np.ones((1,) + tuple(hw) + (1,), bool), ((0, 0), pad_h, pad_w, (0, 0)))


def _window_max(xp: np.ndarray, k, s, out_hw) -> np.ndarray:
    """Maximum of every window of padded images ``(N, Hp, Wp, C)``: ``(N, H', W', C)``.

    A running maximum over the KH*KW window offsets: no (.., KH, KW) temporary,
    several times faster than reducing a sliding-window view.
    """
    best = None
    for _, _, rows, cols in window_offsets(k, s, out_hw):
        cells = xp[:, rows, cols]
        best = cells.copy() if best is None else np.maximum(best, cells, out=best)
    return best


def _pool_windows(x, pool_size, stride, padding):
    """Windows ``(N, H', W', C, KH, KW)`` and a mask of real (unpadded) cells, or None."""
    x = np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    k, s, pad_h, pad_w, _ = _pool_geometry(x.shape, pool_size, stride, padding)
    windows = sliding_window_view(np.pad(x, ((0, 0), pad_h, pad_w, (0, 0))), k,
                                  axis=(1, 2))[:, ::s[0], ::s[1]]
    real = _real_cells_mask(x.shape[1:3], pad_h, pad_w)
    if real is None:
        return windows, None
    return windows, sliding_window_view(real, k, axis=(1, 2))[:, ::s[0], ::s[1]]
