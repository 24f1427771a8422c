"""합성곱 신경망의 층을 거꾸로 지나는 역전파 (강의 3.2.1, 3.4, 3.5, 3.7).

신경망은 순방향으로 예측과 손실을 계산하고, 역전파로 손실의 기울기를 층마다 거꾸로
전달하여 가중치를 학습합니다. ``*_backward`` 함수는 모두 ``dout`` 인자, 곧 순방향 함수의
출력에 대한 손실의 기울기를 받아서, 순방향 함수의 각 입력에 대한 기울기를 그 입력과 같은
모양으로 돌려줍니다. 이 함수들과 ``conv.py``, ``pooling.py``, ``dropout.py``,
``shapes.py`` 모듈의 순방향 함수가 있으면 강의의 신경망을 직접 만든 층으로 학습할 수
있습니다. 모양은 채널이 마지막 축입니다: 이미지 ``(N, H, W, C)``, 커널
``(KH, KW, C_in, C_out)``, 전결합층의 가중치 ``(n_in, units)`` (Keras와 같음).

Backpropagation through the layers of a CNN (lecture 3.2.1, 3.4, 3.5, 3.7).

Each ``*_backward`` function takes ``dout``, the gradient of the loss with
respect to its forward function's output, and returns the gradient with respect
to each input of the forward function, with the same shapes as those inputs.
With these and the forward functions of ``conv.py``, ``pooling.py``,
``dropout.py`` and ``shapes.py`` you can train the lecture's networks with your
own layers. Layout is channels-last: images ``(N, H, W, C)``, kernels
``(KH, KW, C_in, C_out)``, dense kernels ``(n_in, units)`` as in Keras.
"""
from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._args import (as_int, as_pair, check_ndim, exact_result_dtype, float_result_dtype,
                    resolve_padding)
from ._col2im import crop, window_offsets
from ._windows import im2col, pad_images, window_grid
from .pooling import _pad_lowest, _pool_geometry, _real_cells_mask, _window_max

# Bytes of input a cache-blocked loop handles at a time (fits in a core's L2 cache).
_CACHE_BYTES = 512 * 1024


def relu(x: np.ndarray) -> np.ndarray:
    """활성화 함수 ReLU: 원소마다 ``max(x, 0)`` 값을 구합니다 (강의 3.1.2, 3.3).

    ReLU (rectified linear unit)는 음수를 0으로 바꾸고 양수는 그대로 둡니다. 강의 3.3의
    구조 입력 → CONV → RELU → POOL에서처럼 합성곱층과 함께 쓰이며, MLP의 은닉층에도
    쓰입니다 (강의 3.1.2). 파라미터는 없습니다. 결과의 모양과 dtype은 입력과
    같고, 입력 배열은 바꾸지 않습니다.

    Rectified linear unit, ``max(x, 0)`` element by element.

    Parameters
    ----------
    x : ndarray, any shape
        활성화 함수를 적용할 배열 (모양은 자유).

    Returns
    -------
    ndarray, same shape and dtype as ``x``
        음수를 0으로 바꾼 배열. 모양과 dtype은 입력과 같습니다.

    Graded
    ------
    - ndim x: 1, 4 -> "values"
    - dtype x: float32, int64 -> "dtype"

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    x = np.asarray(x)
    return np.maximum(x, x.dtype.type(0))


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ReLU의 역전파: ``x > 0`` 인 곳은 ``dout`` 값을 그대로, 나머지는 0을 돌려줍니다 (강의 3.3, 3.4).

    순방향에서 양수는 그대로 지나갔으므로 그 자리의 기울기도 그대로 지나가고, 0으로 바뀐
    자리는 출력에 영향을 주지 않았으므로 기울기가 0입니다. ``x == 0`` 인 자리의 기울기도
    torch, Keras와 같이 0입니다 (``x >= 0`` 조건이 아니라 ``x > 0`` 조건).

    결과의 모양은 입력과 같고 dtype은 ``dout`` 배열을 따릅니다. 입력 배열은 바꾸지
    않습니다. 두 배열의 모양이 다르면 ``ValueError`` 예외를 냅니다.

    Gradient of :func:`relu`: ``dout`` where ``x > 0``, 0 elsewhere.

    At ``x == 0`` the gradient is 0 too, as torch and Keras define it (``x > 0``,
    not ``x >= 0``).

    Parameters
    ----------
    dout : ndarray, same shape as ``x``
        ``relu(x)`` 출력에 대한 손실의 기울기.
        Gradient of the loss with respect to ``relu(x)``.
    x : ndarray, any shape
        순방향 계산의 입력.
        The input of the forward pass.

    Returns
    -------
    dx : ndarray, same shape as ``x``, dtype of ``dout``
        입력에 대한 손실의 기울기.

    Raises
    ------
    ValueError
        ``dout`` 배열과 ``x`` 배열의 모양이 다를 때.
        If ``dout`` and ``x`` differ in shape.

    Graded
    ------
    - edge x: 0 -> "at zero"
    - ndim x: 1, 4 -> "gradient"
    - dtype dout: float32 -> "dtype"
    - raises dout, x -> "errors"

    Examples
    --------
    >>> relu_backward(np.array([1.0, 1.0, 1.0]), np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    dout, x = np.asarray(dout), np.asarray(x)
    _same_shape(dout, x.shape, "dout", "x")
    return dout * (x > 0)  # a product, not np.where: branch-free, many times faster


def dense_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """전결합층의 순방향 계산 ``x @ w + b`` 입니다 (강의 3.3.3).

    전결합층 (Keras의 ``Dense`` 층, 활성화 함수 없이)은 이전 층의 모든 노드를 다음 층의
    모든 노드와 연결합니다: 출력 노드마다 모든 입력에 가중치를 곱해 더하고 편향을 더합니다.
    가중치 ``w`` 배열은 Keras처럼 ``(n_in, units)`` 모양입니다. 입력에 앞쪽 축이 더 있으면
    마지막 축에만 작용합니다.

    실수 입력은 dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다. 입력 배열은
    바꾸지 않습니다. 모양이 맞지 않는 인자에는 ``ValueError`` 예외를 내고 메시지에 그
    인자의 이름을 씁니다.

    Fully connected layer, ``x @ w + b`` (Keras' ``Dense`` without activation).

    Parameters
    ----------
    x : ndarray, shape (N, n_in)
        입력의 배치. 앞쪽 축이 더 있어도 되며 (``(..., n_in)``), 층은 마지막 축에 작용합니다.
        More leading axes are allowed, ``(..., n_in)``: the layer acts on the last one.
    w : ndarray, shape (n_in, units)
        가중치: 입력 하나와 출력 노드 하나의 쌍마다 하나.
    b : ndarray, shape (units,)
        편향: 출력 노드마다 하나.

    Returns
    -------
    ndarray, shape (N, units)
        층의 출력. 앞쪽 축이 더 있으면 ``(..., units)`` 모양입니다. 실수는 dtype을 유지하고
        정수 입력은 정확한 int64 결과를 냅니다.
        ``(..., units)`` for more leading axes. Floats keep their dtype; integer
        inputs give an exact int64 result.

    Raises
    ------
    ValueError
        ``x`` 배열이 2차원보다 작거나, ``w`` 배열이 2차원이 아니거나, ``w`` 배열의 행
        수가 ``x`` 배열의 마지막 축 길이와 다르거나, ``b`` 배열이 ``(units,)`` 모양이 아닐 때.
        If ``x.ndim < 2``, ``w`` is not 2-D, ``w.shape[0] != x.shape[-1]`` or
        ``b.shape != (units,)``.

    Graded
    ------
    - ndim x: 3 -> "leading axes"
    - dtype x: float32, int64 -> "dtype"
    - raises x, w, b -> "errors"

    Examples
    --------
    >>> x = np.array([[1.0, 2.0]])
    >>> w = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    >>> dense_forward(x, w, np.array([0.0, 0.0, 10.0]))
    array([[ 1.,  2., 13.]])
    """
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    _check_dense(x, w)
    if b.shape != (w.shape[1],):
        raise ValueError(f"b must have shape ({w.shape[1]},), got {b.shape}")
    dtype = exact_result_dtype(x.dtype, w.dtype, b.dtype)
    x2 = x.reshape(-1, x.shape[-1]).astype(dtype, copy=False)
    out = x2 @ w.astype(dtype, copy=False)
    out += b.astype(dtype, copy=False)
    return out.reshape(x.shape[:-1] + (w.shape[1],))


def dense_backward(dout: np.ndarray, x: np.ndarray,
                   w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """전결합층의 역전파: 입력, 가중치, 편향에 대한 기울기를 구합니다 (강의 3.3.3, 3.4).

    :func:`dense_forward` 함수의 ``x``, ``w``, ``b`` 인자에 대한 손실의 기울기입니다.
    2차원 입력이면 ``dx = dout @ w.T``, ``dw = x.T @ dout``, ``db = dout.sum(axis=0)``
    입니다. 가중치와 편향은 배치의 모든 샘플이 함께 쓰므로 그 기울기는 배치 전체에 걸쳐
    더합니다. 입력에 앞쪽 축이 더 있으면 ``dw`` 기울기와 ``db`` 기울기는 그 축들에 걸쳐서도
    더합니다: 입력을 ``(-1, n_in)`` 모양으로, ``dout`` 배열을 ``(-1, units)`` 모양으로 바꾼
    뒤 같은 식을 쓰면 됩니다.

    실수 입력은 dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다. 입력 배열은
    바꾸지 않습니다. 차원 수가 틀리거나 모양이 맞지 않는 인자에는 ``ValueError`` 예외를
    내고 메시지에 그 인자의 이름을 씁니다.

    Gradients of :func:`dense_forward` with respect to ``x``, ``w`` and ``b``.

    For a 2-D ``x``: ``dx = dout @ w.T``, ``dw = x.T @ dout``,
    ``db = dout.sum(axis=0)``. With more leading axes, ``dw`` and ``db`` sum
    over all of them: the same formulas on ``x`` reshaped to ``(-1, n_in)`` and
    ``dout`` to ``(-1, units)``.

    Parameters
    ----------
    dout : ndarray, shape (N, units)
        층의 출력에 대한 손실의 기울기. 입력에 앞쪽 축이 더 있으면 ``(..., units)`` 모양.
        Gradient of the loss with respect to the layer's output: ``(..., units)``
        when ``x`` has more leading axes.
    x : ndarray, shape (N, n_in)
        순방향 계산의 입력 (앞쪽 축은 :func:`dense_forward` 함수와 같이 더 있어도 됨).
        The input of the forward pass (more leading axes as in :func:`dense_forward`).
    w : ndarray, shape (n_in, units)
        순방향 계산의 가중치.

    Returns
    -------
    dx : ndarray, shape of ``x``
        입력에 대한 기울기.
    dw : ndarray, shape (n_in, units)
        가중치에 대한 기울기.
    db : ndarray, shape (units,)
        편향에 대한 기울기. 배치 (와 앞쪽의 다른 모든 축)에 걸쳐 더한 값입니다. 실수는
        dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다.
        Summed over the batch (and any other leading axes). Floats keep their
        dtype; integer inputs give exact int64 results.

    Raises
    ------
    ValueError
        차원 수가 틀리거나 모양이 맞지 않을 때 (메시지에 그 인자의 이름을 씀).
        Wrong ndim or mismatched shapes (the message names the argument).

    Graded
    ------
    - ndim x, dout: 3 -> "leading axes"
    - dtype dout: float32, int64 -> "dtype"
    - raises dout, x, w -> "errors"

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> w = np.ones((2, 3))
    >>> dx, dw, db = dense_backward(np.ones((2, 3)), x, w)
    >>> dx
    array([[3., 3.],
           [3., 3.]])
    >>> dw[:, 0], db
    (array([4., 6.]), array([2., 2., 2.]))
    """
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    _check_dense(x, w)
    _same_shape(dout, x.shape[:-1] + (w.shape[1],), "dout", "the layer's output")
    dtype = exact_result_dtype(dout.dtype, x.dtype, w.dtype)
    d2 = dout.reshape(-1, w.shape[1]).astype(dtype, copy=False)
    x2 = x.reshape(-1, x.shape[-1]).astype(dtype, copy=False)
    dx = (d2 @ w.astype(dtype, copy=False).T).reshape(x.shape)
    return dx, x2.T @ d2, _column_sums(d2)


def conv2d_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride=1,
                    padding="valid") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """합성곱층의 역전파: 입력, 커널, 편향에 대한 기울기를 구합니다 (강의 3.3.1, 3.4).

    ``conv.conv2d(x, w, b, stride, padding)`` 함수의 ``x``, ``w``, ``b`` 인자에 대한
    손실의 기울기입니다. 순방향에서 커널은 모든 윈도우 자리에서 같은 가중치로 쓰였으므로,
    커널의 기울기는 모든 자리에서 (입력 조각 × 출력 기울기)를 더한 것이고, 편향의 기울기는
    출력 채널마다 출력 기울기를 모두 더한 것입니다. 입력의 기울기는 출력 자리마다 ``dout``
    값에 커널을 곱해 그 윈도우가 읽은 입력 조각으로 되돌려 보냅니다. 윈도우가 겹치면 한
    입력 픽셀이 여러 번 읽혔으므로 기울기를 더합니다. 0으로 패딩한 입력을 ``xp`` 배열이라
    하면 다음과 같습니다.

    - ``dw[a, b, c, o] = sum_{n, i, j} xp[n, i*SH + a, j*SW + b, c] * dout[n, i, j, o]``
    - ``db[o] = sum_{n, i, j} dout[n, i, j, o]``
    - 모든 윈도우 ``(i, j)`` 와 윈도우 안의 자리 ``(a, b)`` 에 대해
      ``dxp[n, i*SH + a, j*SW + b, c] += sum_o dout[n, i, j, o] * w[a, b, c, o]``.
      ``dx`` 값은 ``dxp`` 배열에서 덧붙인 테두리를 잘라낸 것입니다.

    스트라이드와 패딩의 규칙은 ``conv2d`` 함수와 같습니다. 스트라이드가 마지막 행이나
    열을 건너뛰어 어떤 윈도우도 읽지 않은 입력 자리의 기울기는 0입니다. 실수 입력은
    dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다. 입력 배열은 바꾸지 않습니다.
    잘못된 인자에는 ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Gradients of ``conv.conv2d(x, w, b, stride, padding)`` with respect to ``x``, ``w`` and ``b``.

    With ``xp`` the zero-padded input and
    ``out[n, i, j, o] = sum_{a, b, c} xp[n, i*SH + a, j*SW + b, c] * w[a, b, c, o] + b[o]``:

    - ``dw[a, b, c, o] = sum_{n, i, j} xp[n, i*SH + a, j*SW + b, c] * dout[n, i, j, o]``
    - ``db[o] = sum_{n, i, j} dout[n, i, j, o]``
    - ``dxp[n, i*SH + a, j*SW + b, c] += sum_o dout[n, i, j, o] * w[a, b, c, o]``
      for every window ``(i, j)`` and offset ``(a, b)`` (overlapping windows add
      up); ``dx`` is ``dxp`` without the padded border.

    Parameters
    ----------
    dout : ndarray, shape (N, H', W', C_out)
        합성곱의 출력에 대한 손실의 기울기.
        Gradient of the loss with respect to the convolution's output.
    x : ndarray, shape (N, H, W, C_in)
        순방향 계산의 입력.
        The input of the forward pass.
    w : ndarray, shape (KH, KW, C_in, C_out)
        순방향 계산의 커널.
    stride : int or (int, int), default 1
        스트라이드 ``(SH, SW)`` (>= 1).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``conv2d`` 함수와 같습니다 (``"same"``: TensorFlow/Keras 규칙, 남는 한 줄은 아래
        (오른쪽)에 붙음).
        As in ``conv2d`` (``"same"``: TensorFlow/Keras rule, the extra row/column
        at the bottom/right).

    Returns
    -------
    dx : ndarray, shape (N, H, W, C_in)
        입력에 대한 기울기. 어떤 윈도우도 읽지 않은 행과 열 (스트라이드가 마지막 행이나
        열을 건너뛸 때)은 0입니다.
        Rows and columns that no window reads (a stride that skips the last ones)
        get zero.
    dw : ndarray, shape (KH, KW, C_in, C_out)
        커널에 대한 기울기.
    db : ndarray, shape (C_out,)
        편향에 대한 기울기. 실수는 dtype을 유지하고 정수 입력은 정확한 int64 결과를 냅니다.
        Floats keep their dtype; integer inputs give exact int64 results.

    Raises
    ------
    ValueError
        차원 수가 틀린 배열, 입력과 커널의 채널 수 불일치, 1보다 작은 스트라이드, 패딩한
        입력보다 큰 커널, 또는 순방향 출력과 모양이 다른 ``dout`` 배열.
        Wrong ndim, mismatched channels, stride < 1, a kernel larger than the
        padded input, or ``dout`` not of the forward output's shape.

    Graded
    ------
    - dtype dout: float32, int64 -> "dtype"
    - form stride, padding: default -> "dx"
    - form stride: int, pair -> "stride"
    - form padding: int, pair, "same" -> "padding"
    - raises x, w, stride, dout -> "errors"

    Examples
    --------
    3×3 이미지 한 장과 1로 채운 2×2 커널 하나: 픽셀마다 기울기는 그 픽셀을 읽은 윈도우의
    수입니다.
    One 3x3 image, one 2x2 kernel of ones: each pixel's gradient counts the
    windows that read it.

    >>> dx, dw, db = conv2d_backward(np.ones((1, 2, 2, 1)), np.ones((1, 3, 3, 1)),
    ...                              np.ones((2, 2, 1, 1)))
    >>> dx[0, :, :, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> dw[:, :, 0, 0], db
    (array([[4., 4.],
           [4., 4.]]), array([4.]))
    """
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    check_ndim(x, 4, "x", "(N, H, W, C_in)")
    check_ndim(w, 4, "w", "(KH, KW, C_in, C_out)")
    if w.shape[2] != x.shape[3]:
        raise ValueError(f"w has {w.shape[2]} input channels but x has {x.shape[3]}")
    s = as_pair(stride, "stride")
    kh, kw, c_in, c_out = w.shape
    dtype = exact_result_dtype(dout.dtype, x.dtype, w.dtype)
    xp = pad_images(x.astype(dtype, copy=False), padding, (kh, kw), s, "kernel")
    oh, ow = window_grid(xp.shape[1:3], (kh, kw), s)
    _same_shape(dout, (x.shape[0], oh, ow, c_out), "dout", "the convolution's output")
    d2 = dout.astype(dtype, copy=False).reshape(-1, c_out)           # (N*H'*W', C_out)

    # A column of ones after the windows: its row of the product is db.
    cols = im2col(xp, (kh, kw), s, ones=True)                        # (N*H'*W', KH*KW*C_in + 1)
    dwb = cols.T @ d2
    del cols  # the largest temporary: free it before dx needs memory
    dw, db = dwb[:-1].reshape(w.shape), dwb[-1]

    # dx: each kernel offset (a, b) sends dout @ w[a, b].T back to the strided
    # slice of the padded image it read; overlapping windows add up.
    wd = w.astype(dtype, copy=False)
    offsets = window_offsets((kh, kw), s, (oh, ow))
    pad_h, pad_w = resolve_padding(padding, x.shape[1:3], (kh, kw), s)
    if 4 * c_in <= c_out:
        # Few input channels (a first layer): per offset the product would be
        # nearly a matrix-vector one, rereading dout KH*KW times. One product
        # instead, channel-major so that every add moves whole image rows. With
        # one channel the row-major product, read transposed, is as good and
        # about twice as fast to compute.
        w2 = wd.reshape(-1, c_out)
        dcols = (d2 @ w2.T).T if c_in == 1 else w2 @ d2.T               # (KH*KW*C_in, N*H'*W')
        dcols = dcols.reshape(kh, kw, c_in, *dout.shape[:3])
        dxp = np.zeros((c_in,) + xp.shape[:3], dtype)                # (C_in, N, Hp, Wp)
        for a, b, rows, cols_ in offsets:
            dxp[:, :, rows, cols_] += dcols[a, b]
        dx = crop(dxp.transpose(1, 2, 3, 0), pad_h, pad_w)
        return np.ascontiguousarray(dx), dw, db
    dxp = np.zeros(xp.shape, dtype)
    for a, b, rows, cols_ in offsets:
        dxp[:, rows, cols_] += (d2 @ wd[a, b].T).reshape(x.shape[0], oh, ow, c_in)
    return crop(dxp, pad_h, pad_w), dw, db


def max_pool2d_backward(dout: np.ndarray, x: np.ndarray, pool_size=2, stride=None,
                        padding="valid") -> np.ndarray:
    """최대 풀링의 역전파: 윈도우마다 기울기를 최댓값이 있던 칸으로 보냅니다 (강의 3.3.2.1, 3.4).

    ``pooling.max_pool2d`` 함수의 ``x`` 인자에 대한 손실의 기울기입니다. 순방향에서 윈도우의
    출력은 최댓값 하나로만 정해졌으므로, 윈도우의 기울기는 모두 최댓값이 있던 칸 하나로
    가고 나머지 칸은 받지 않습니다. 윈도우 안에 같은 최댓값이 여러 개이면 윈도우 안에서 행
    우선 순서로 첫 번째 칸이 받습니다. 윈도우가 겹쳐 (스트라이드가 윈도우보다 작을 때) 한
    칸이 여러 윈도우의 최댓값이면 기울기를 더하고, 어느 윈도우의 최댓값도 아닌 칸은 0을
    받습니다. 순방향과 같이 패딩한 칸은 최댓값이 될 수 없습니다.

    윈도우 크기, 스트라이드, 패딩의 규칙은 ``pooling.max_pool2d`` 함수와 같습니다. 결과의
    dtype은 ``dout`` 배열과 같고, 입력 배열은 바꾸지 않습니다. 잘못된 인자에는
    ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Gradient of ``pooling.max_pool2d`` with respect to ``x``.

    Each window sends its gradient to the cell that held its maximum; on ties,
    to the first one in row-major order within the window. Cells that are the
    maximum of several (overlapping) windows get the sum; all others get zero.
    Padded cells never win, as in the forward pass.

    Parameters
    ----------
    dout : ndarray, shape (N, H', W', C)
        풀링 출력에 대한 손실의 기울기.
        Gradient of the loss with respect to the pooled output.
    x : ndarray, shape (N, H, W, C)
        순방향 계산의 입력.
        The input of the forward pass.
    pool_size : int or (int, int), default 2
        윈도우 크기 ``(KH, KW)`` (>= 1).
    stride : int or (int, int) or None, default None
        스트라이드 (>= 1). ``None`` 이면 윈도우 크기와 같습니다 (Keras).
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``pooling.max_pool2d`` 함수와 같습니다. 패딩한 칸은 최댓값이 될 수 없습니다.

    Returns
    -------
    dx : ndarray, shape (N, H, W, C)
        입력에 대한 기울기. dtype은 ``dout`` 배열과 같습니다.
        Same dtype as ``dout``.

    Raises
    ------
    ValueError
        차원 수가 틀린 배열, 범위를 벗어난 인자, 윈도우보다 작지 않은 패딩, 패딩한 입력보다
        큰 윈도우, 또는 풀링 출력과 모양이 다른 ``dout`` 배열.
        Wrong ndim, an argument out of range, a padding not smaller than the
        window, a window larger than the padded input, or ``dout`` not of the
        pooled output's shape.

    Graded
    ------
    - ties x -> "ties: first max"
    - dtype dout: float32 -> "dtype"
    - form pool_size: int, pair -> "routes to the max"
    - form pool_size, stride, padding: default -> "routes to the max"
    - form stride: int, pair -> "overlapping windows"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x, pool_size, stride, padding, dout -> "errors"

    Examples
    --------
    >>> x = np.array([[1., 5., 2., 2.],
    ...               [3., 4., 2., 0.]]).reshape(1, 2, 4, 1)
    >>> max_pool2d_backward(np.array([[10., 20.]]).reshape(1, 1, 2, 1), x)[0, :, :, 0]
    array([[ 0., 10., 20.,  0.],
           [ 0.,  0.,  0.,  0.]])
    """
    dout, x = np.asarray(dout), np.asarray(x)
    check_ndim(x, 4, "x", "(N, H, W, C)")
    k, s, pad_h, pad_w, (oh, ow) = _pool_geometry(x.shape, pool_size, stride, padding)
    _same_shape(dout, (x.shape[0], oh, ow, x.shape[3]), "dout", "the pooled output")
    # A few images at a time: the passes over the window offsets then reread
    # x from the cache instead of from memory (about 1.7 times faster).
    dx = np.empty(x.shape, dout.dtype)
    step = max(1, _CACHE_BYTES // max(1, x.itemsize * x[:1].size))    # images per slice
    for start in range(0, x.shape[0], step):
        part = slice(start, start + step)
        dx[part] = crop(_route_to_first_max(dout[part], x[part], k, s, pad_h, pad_w),
                        pad_h, pad_w)
    return dx


def avg_pool2d_backward(dout: np.ndarray, x_shape: tuple[int, int, int, int], pool_size=2,
                        stride=None, padding="valid") -> np.ndarray:
    """평균 풀링의 역전파: 윈도우마다 기울기를 평균한 칸들에 고르게 나눠 줍니다 (강의 3.3.2.1, 3.4).

    ``pooling.avg_pool2d`` 함수의 입력에 대한 손실의 기울기입니다. 순방향에서 윈도우의 모든
    실제 칸이 평균에 똑같이 기여했으므로, 윈도우의 기울기 ``dout`` 값을 그 칸들에
    ``dout / count`` 값씩 나눠 줍니다. 여기서 ``count`` 값은 윈도우 안의 실제 (패딩하지 않은)
    칸의 수입니다: 패딩한 칸은 평균에 들어가지 않았기 때문입니다. 윈도우가 겹치면 기울기를
    더합니다. 평균은 입력의 값과 상관없이 정해지므로 입력 대신 입력의 모양만 받습니다.

    윈도우 크기, 스트라이드, 패딩의 규칙은 ``pooling.avg_pool2d`` 함수와 같습니다. 실수
    ``dout`` 배열은 dtype을 유지하고 정수 ``dout`` 배열은 float64 결과를 냅니다. 잘못된
    인자에는 ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Gradient of ``pooling.avg_pool2d`` with respect to its input.

    Each window shares its gradient equally among the cells it averaged:
    ``dout / count``, where ``count`` is the number of real (unpadded) cells of
    the window, since padded cells are left out of the average. Overlapping
    windows add up.

    Parameters
    ----------
    dout : ndarray, shape (N, H', W', C)
        풀링 출력에 대한 손실의 기울기.
        Gradient of the loss with respect to the pooled output.
    x_shape : (N, H, W, C)
        순방향 계산의 입력의 모양 (값은 필요 없음).
        Shape of the forward pass's input (its values are not needed).
    pool_size : int or (int, int), default 2
        윈도우 크기 ``(KH, KW)`` (>= 1).
    stride : int or (int, int) or None, default None
        스트라이드 (>= 1). ``None`` 이면 윈도우 크기와 같습니다 (Keras).
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"
        ``pooling.avg_pool2d`` 함수와 같습니다. 패딩한 칸은 기울기를 받지 않습니다.

    Returns
    -------
    dx : ndarray, shape x_shape
        입력에 대한 기울기. 실수 ``dout`` 배열은 dtype을 유지하고 정수 ``dout`` 배열은
        float64 결과를 냅니다.
        Floats keep the dtype of ``dout``; integer ``dout`` gives float64.

    Raises
    ------
    ValueError
        ``x_shape`` 값이 네 양의 정수가 아니거나, 인자가 범위를 벗어났거나, ``dout``
        배열의 모양이 풀링 출력의 모양과 다를 때.
        ``x_shape`` not four positive ints, an argument out of range, or ``dout``
        not of the pooled output's shape.

    Graded
    ------
    - dtype dout: float32, int64 -> "dtype"
    - form pool_size: int, pair -> "spreads evenly"
    - form pool_size, stride, padding: default -> "spreads evenly"
    - form stride: int, pair -> "overlapping windows"
    - form padding: "same" -> "same padding"
    - form padding: int, pair -> "integer padding"
    - raises x_shape, pool_size, stride, padding, dout -> "errors"

    Examples
    --------
    >>> dx = avg_pool2d_backward(np.array([4.0]).reshape(1, 1, 1, 1), (1, 2, 2, 1))
    >>> dx[0, :, :, 0]
    array([[1., 1.],
           [1., 1.]])
    """
    dout = np.asarray(dout)
    if not isinstance(x_shape, (tuple, list)) or len(x_shape) != 4:
        raise ValueError(f"x_shape must be (N, H, W, C), got {x_shape!r}")
    shape = tuple(as_int(v, "x_shape", 1) for v in x_shape)
    k, s, pad_h, pad_w, (oh, ow) = _pool_geometry(shape, pool_size, stride, padding)
    _same_shape(dout, (shape[0], oh, ow, shape[3]), "dout", "the pooled output")
    dtype = float_result_dtype(dout.dtype)
    share = dout.astype(dtype, copy=False) / _real_cells(shape, k, s, pad_h, pad_w).astype(dtype)
    dxp = np.zeros((shape[0], shape[1] + sum(pad_h), shape[2] + sum(pad_w), shape[3]), dtype)
    for _, _, rows, cols in window_offsets(k, s, (oh, ow)):
        dxp[:, rows, cols] += share
    return crop(dxp, pad_h, pad_w)


def dropout_backward(dout: np.ndarray, keep_mask: np.ndarray, rate: float) -> np.ndarray:
    """역 드롭아웃 (학습 단계)의 역전파: ``dout * keep_mask / (1 - rate)`` 값을 구합니다 (강의 3.5.2).

    드롭아웃층이 비활성화한 뉴런은 순방향 계산에도 역전파 계산에도 참여하지 않습니다. 그래서
    비활성화한 원소의 기울기는 0이고, 남은 원소는 순방향과 같은 ``1 / (1 - rate)`` 배로
    기울기를 전달합니다.

    결과의 모양은 ``dout`` 배열과 같습니다. 실수 ``dout`` 배열은 dtype을 유지하고 정수
    ``dout`` 배열은 float64 결과를 냅니다. 입력 배열은 바꾸지 않습니다. 비율이 ``[0, 1)``
    범위의 수가 아니거나 마스크의 모양이 기울기의 모양과 다르면 ``ValueError`` 예외를 내고
    메시지에 그 인자의 이름을 씁니다.

    Gradient of inverted dropout (training mode): ``dout * keep_mask / (1 - rate)``.

    Dropped elements took no part in the forward pass, so they get no gradient;
    kept ones pass it on with the same ``1 / (1 - rate)`` scale.

    Parameters
    ----------
    dout : ndarray, any shape
        드롭아웃 출력에 대한 손실의 기울기 (모양은 자유).
        Gradient of the loss with respect to the dropout's output.
    keep_mask : ndarray of bool, same shape as ``dout``
        ``dropout.dropout`` 함수가 돌려준 마스크 (남은 원소의 자리에서 True).
        The mask that ``dropout.dropout`` returned.
    rate : float
        순방향 계산에서 원소를 비활성화한 확률, ``[0, 1)`` 범위.
        The drop probability of the forward pass, in ``[0, 1)``.

    Returns
    -------
    dx : ndarray, same shape as ``dout``
        입력에 대한 기울기. 실수는 dtype을 유지하고 정수 ``dout`` 배열은 float64 결과를
        냅니다.
        Floats keep their dtype; integer ``dout`` gives float64.

    Raises
    ------
    ValueError
        비율 ``rate`` 값이 ``[0, 1)`` 범위에 없거나 ``keep_mask`` 배열의 모양이 다를 때.
        ``rate`` not in ``[0, 1)`` or ``keep_mask`` of another shape.

    Graded
    ------
    - ndim dout: 1, 3 -> "mask and scale"
    - edge rate: 0 -> "mask and scale"
    - dtype dout: float32, int64 -> "dtype"
    - raises rate, keep_mask -> "errors"

    Examples
    --------
    >>> dropout_backward(np.ones(4), np.array([True, False, True, True]), 0.5)
    array([2., 0., 2., 2.])
    """
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
        raise ValueError(f"rate must be a number in [0, 1), got {rate!r}")
    dout, keep_mask = np.asarray(dout), np.asarray(keep_mask)
    _same_shape(keep_mask, dout.shape, "keep_mask", "dout")
    dtype = float_result_dtype(dout.dtype)
    return dout.astype(dtype, copy=False) / dtype.type(1 - rate) * keep_mask.astype(bool, copy=False)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """배치의 소프트맥스 교차 엔트로피 손실 평균과 점수에 대한 기울기를 구합니다 (강의 3.3, 3.4).

    분류기의 마지막 전결합층 (FC)은 소프트맥스와 함께 쓰입니다 (강의 3.3). 행마다
    ``p = softmax(logits)`` 확률을 구하고, 정답 클래스의 확률로 손실
    ``loss = mean_n(-log p[n, labels[n]])`` 값을 구합니다. 점수에 대한 기울기는
    ``dlogits = (p - one_hot(labels)) / N`` 입니다: 정답이 아닌 클래스는 확률만큼, 정답
    클래스는 확률에서 1을 뺀 만큼이고, 손실이 배치의 평균이므로 ``N`` 값으로 나눕니다.

    ``exp`` 함수를 적용하기 전에 행마다 최댓값을 빼므로 (결과는 같음) 유한한 점수라면
    아무리 커도 넘치지 (overflow) 않습니다. 손실은 파이썬 float이고, 기울기는 실수 점수의
    dtype을 유지하며 정수 점수에서는 float64입니다. 입력 배열은 바꾸지 않습니다. 잘못된
    인자에는 ``ValueError`` 예외를 내고 메시지에 그 인자의 이름을 씁니다.

    Mean softmax cross-entropy of a batch and its gradient with respect to the logits.

    ``p = softmax(logits)`` row by row, ``loss = mean_n(-log p[n, labels[n]])``,
    ``dlogits = (p - one_hot(labels)) / N``. The row maximum is subtracted before
    exponentiating (it cancels out), so any finite logits work without overflow.

    Parameters
    ----------
    logits : ndarray, shape (N, K)
        정규화하지 않은 클래스별 점수 (마지막 ``Dense`` 층의 출력).
        Unnormalised class scores (the last ``Dense`` layer's output).
    labels : ndarray of int, shape (N,)
        정답 클래스 번호, ``[0, K)`` 범위의 정수.
        Class ids in ``[0, K)``.

    Returns
    -------
    loss : float
        배치의 손실 평균.
        The batch mean.
    dlogits : ndarray, shape (N, K)
        점수에 대한 손실의 기울기. 실수는 dtype을 유지하고 정수 점수는 float64 결과를
        냅니다.
        Floats keep their dtype; integer logits give float64.

    Raises
    ------
    ValueError
        ``logits`` 배열이 2차원이 아니거나 비어 있을 때, ``labels`` 배열이 모양
        ``(N,)`` 정수 배열이 아닐 때, 또는 ``[0, K)`` 범위를 벗어난 정답이 있을 때.
        ``logits`` not 2-D or empty, ``labels`` not integers of shape ``(N,)``,
        or a label outside ``[0, K)``.

    Graded
    ------
    - dtype logits: float32, int64 -> "dtype"
    - raises logits, labels -> "errors"

    Examples
    --------
    네 클래스의 점수가 모두 같으면 손실은 ``log 4`` 값입니다.
    Equal scores for 4 classes: the loss is ``log 4``.

    >>> loss, dlogits = softmax_cross_entropy(np.zeros((1, 4)), np.array([2]))
    >>> round(loss, 4)
    1.3863
    >>> dlogits
    array([[ 0.25,  0.25, -0.75,  0.25]])
    """
    logits, labels = np.asarray(logits), np.asarray(labels)
    check_ndim(logits, 2, "logits", "(N, K)")
    n, k = logits.shape
    if n == 0 or k == 0:
        raise ValueError(f"logits must have at least one row and one class, got shape {logits.shape}")
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {n} integer class ids, got {labels.dtype} {labels.shape}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must lie in [0, {k}), got {labels.min()}..{labels.max()}")
    dtype = float_result_dtype(logits.dtype)
    z = logits.astype(dtype, copy=False)
    z = z - z.max(axis=1, keepdims=True)                              # largest logit becomes 0
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)                              # in [1, K]: log is safe
    rows = np.arange(n)
    loss = float(np.mean(np.log(total[:, 0]) - z[rows, labels], dtype=np.float64))
    dlogits = e / total
    dlogits[rows, labels] -= dtype.type(1)
    dlogits /= dtype.type(n)
    return loss, dlogits


def _column_sums(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=0)`` of a 2-D array, as a vector-matrix product.

    numpy sums along axis 0 one row at a time; a product with a vector of ones
    does the same additions about three times faster for tall float arrays.
    """
    return np.ones(a.shape[0], a.dtype) @ a


def _same_shape(a: np.ndarray, shape: tuple[int, ...], name: str, what: str) -> None:
    if a.shape != tuple(shape):
        raise ValueError(f"{name} must have the shape of {what} {tuple(shape)}, got {a.shape}")


def _check_dense(x: np.ndarray, w: np.ndarray) -> None:
    if x.ndim < 2:
        raise ValueError(f"x must be (N, n_in), got shape {x.shape}")
    check_ndim(w, 2, "w", "(n_in, units)")
    if w.shape[0] != x.shape[-1]:
        raise ValueError(f"w has {w.shape[0]} input rows but x has {x.shape[-1]} features")


def _route_to_first_max(dout: np.ndarray, x: np.ndarray, k, s, pad_h, pad_w) -> np.ndarray:
    """Gradient on the padded input: each window's ``dout`` goes to its first maximal real cell.

    Two passes over the ``KH * KW`` window offsets in row-major order: the first
    takes each window's maximum, the second hands ``dout`` to the first cell
    equal to it. Padded cells hold the lowest value and are masked out, so they
    never win, not even against an all ``-inf`` window.
    """
    xp = _pad_lowest(x, pad_h, pad_w)
    real = _real_cells_mask(x.shape[1:3], pad_h, pad_w)
    offsets = list(window_offsets(k, s, dout.shape[1:3]))
    best = _window_max(xp, k, s, dout.shape[1:3])
    # Windows that do not overlap write their cells once: no adding up needed; if
    # they also tile the whole (padded) image, every cell gets written.
    oh, ow = dout.shape[1:3]
    disjoint = s[0] >= k[0] and s[1] >= k[1]
    tiled = s == k and xp.shape[1:3] == (oh * k[0], ow * k[1])
    dxp = (np.empty if tiled else np.zeros)(xp.shape, dout.dtype)
    taken = None                                                      # window already served
    for i, (_, _, rows, cols) in enumerate(offsets):
        hit = np.equal(xp[:, rows, cols], best)
        if real is not None:
            hit &= real[:, rows, cols]
        if taken is None:
            taken = hit.copy()
        else:
            np.greater(hit, taken, out=hit)                           # hit and not taken
            if i < len(offsets) - 1:
                taken |= hit
        if disjoint:
            np.multiply(dout, hit, out=dxp[:, rows, cols])
        else:
            dxp[:, rows, cols] += dout * hit
    return dxp


def _real_cells(shape, k, s, pad_h, pad_w) -> np.ndarray:
    """Number of unpadded cells in each window, ``(1, H', W', 1)``."""
    real = _real_cells_mask(shape[1:3], pad_h, pad_w)
    if real is None:
        return np.array(k[0] * k[1]).reshape(1, 1, 1, 1)
    view = sliding_window_view(real, k, axis=(1, 2))[:, ::s[0], ::s[1]]
    return view.sum(axis=(-2, -1), dtype=np.int64)

