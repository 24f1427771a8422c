"""Backpropagation through the layers of a CNN (lecture 3.2.1, 3.4, 3.5, 3.7).

Each ``*_backward`` function takes ``dout``, the gradient of the loss with
respect to its forward function's output, and returns the gradient with respect
to each input of the forward function, with the same shapes as those inputs.
With these and the forward functions of ``conv.py``, ``pooling.py``,
``dropout.py`` and ``shapes.py`` you can train the lecture's networks with your
own layers. Layout is channels-last: images ``(N, H, W, C)``, kernels
``(KH, KW, C_in, C_out)``, dense kernels ``(n_in, units)`` as in Keras.

Student stub: fill in every function marked TODO.
"""
from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit, ``max(x, 0)`` element by element.

    Parameters
    ----------
    x : ndarray, any shape

    Returns
    -------
    ndarray, same shape and dtype as ``x``

    Graded
    ------
    - ndim x: 1, 4 -> "values"
    - dtype x: float32, int64 -> "dtype"

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("relu is not implemented yet")


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`relu`: ``dout`` where ``x > 0``, 0 elsewhere.

    At ``x == 0`` the gradient is 0 too, as torch and Keras define it (``x > 0``,
    not ``x >= 0``).

    Parameters
    ----------
    dout : ndarray, same shape as ``x``
        Gradient of the loss with respect to ``relu(x)``.
    x : ndarray, any shape
        The input of the forward pass.

    Returns
    -------
    dx : ndarray, same shape as ``x``, dtype of ``dout``

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("relu_backward is not implemented yet")


def dense_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Fully connected layer, ``x @ w + b`` (Keras' ``Dense`` without activation).

    Parameters
    ----------
    x : ndarray, shape (N, n_in)
        More leading axes are allowed, ``(..., n_in)``: the layer acts on the last one.
    w : ndarray, shape (n_in, units)
    b : ndarray, shape (units,)

    Returns
    -------
    ndarray, shape (N, units)
        ``(..., units)`` for more leading axes. Floats keep their dtype; integer
        inputs give an exact int64 result.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("dense_forward is not implemented yet")


def dense_backward(dout: np.ndarray, x: np.ndarray,
                   w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of :func:`dense_forward` with respect to ``x``, ``w`` and ``b``.

    For a 2-D ``x``: ``dx = dout @ w.T``, ``dw = x.T @ dout``,
    ``db = dout.sum(axis=0)``. With more leading axes, ``dw`` and ``db`` sum
    over all of them: the same formulas on ``x`` reshaped to ``(-1, n_in)`` and
    ``dout`` to ``(-1, units)``.

    Parameters
    ----------
    dout : ndarray, shape (N, units)
        Gradient of the loss with respect to the layer's output: ``(..., units)``
        when ``x`` has more leading axes.
    x : ndarray, shape (N, n_in)
        The input of the forward pass (more leading axes as in :func:`dense_forward`).
    w : ndarray, shape (n_in, units)

    Returns
    -------
    dx : ndarray, shape of ``x``
    dw : ndarray, shape (n_in, units)
    db : ndarray, shape (units,)
        Summed over the batch (and any other leading axes). Floats keep their
        dtype; integer inputs give exact int64 results.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("dense_backward is not implemented yet")


def conv2d_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride=1,
                    padding="valid") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of ``conv.conv2d(x, w, b, stride, padding)`` with respect to ``x``, ``w`` and ``b``.

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
        Gradient of the loss with respect to the convolution's output.
    x : ndarray, shape (N, H, W, C_in)
        The input of the forward pass.
    w : ndarray, shape (KH, KW, C_in, C_out)
    stride : int or (int, int), default 1
    padding : {"valid", "same"} or int or (int, int), default "valid"
        As in ``conv2d`` (``"same"``: TensorFlow/Keras rule, the extra row/column
        at the bottom/right).

    Returns
    -------
    dx : ndarray, shape (N, H, W, C_in)
        Rows and columns that no window reads (a stride that skips the last ones)
        get zero.
    dw : ndarray, shape (KH, KW, C_in, C_out)
    db : ndarray, shape (C_out,)
        Floats keep their dtype; integer inputs give exact int64 results.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("conv2d_backward is not implemented yet")


def max_pool2d_backward(dout: np.ndarray, x: np.ndarray, pool_size=2, stride=None,
                        padding="valid") -> np.ndarray:
    """Gradient of ``pooling.max_pool2d`` with respect to ``x``.

    Each window sends its gradient to the cell that held its maximum; on ties,
    to the first one in row-major order within the window. Cells that are the
    maximum of several (overlapping) windows get the sum; all others get zero.
    Padded cells never win, as in the forward pass.

    Parameters
    ----------
    dout : ndarray, shape (N, H', W', C)
        Gradient of the loss with respect to the pooled output.
    x : ndarray, shape (N, H, W, C)
        The input of the forward pass.
    pool_size : int or (int, int), default 2
    stride : int or (int, int) or None, default None
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"

    Returns
    -------
    dx : ndarray, shape (N, H, W, C)
        Same dtype as ``dout``.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("max_pool2d_backward is not implemented yet")


def avg_pool2d_backward(dout: np.ndarray, x_shape: tuple[int, int, int, int], pool_size=2,
                        stride=None, padding="valid") -> np.ndarray:
    """Gradient of ``pooling.avg_pool2d`` with respect to its input.

    Each window shares its gradient equally among the cells it averaged:
    ``dout / count``, where ``count`` is the number of real (unpadded) cells of
    the window, since padded cells are left out of the average. Overlapping
    windows add up.

    Parameters
    ----------
    dout : ndarray, shape (N, H', W', C)
        Gradient of the loss with respect to the pooled output.
    x_shape : (N, H, W, C)
        Shape of the forward pass's input (its values are not needed).
    pool_size : int or (int, int), default 2
    stride : int or (int, int) or None, default None
        ``None`` means ``stride = pool_size`` (Keras).
    padding : {"valid", "same"} or int or (int, int), default "valid"

    Returns
    -------
    dx : ndarray, shape x_shape
        Floats keep the dtype of ``dout``; integer ``dout`` gives float64.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("avg_pool2d_backward is not implemented yet")


def dropout_backward(dout: np.ndarray, keep_mask: np.ndarray, rate: float) -> np.ndarray:
    """Gradient of inverted dropout (training mode): ``dout * keep_mask / (1 - rate)``.

    Dropped elements took no part in the forward pass, so they get no gradient;
    kept ones pass it on with the same ``1 / (1 - rate)`` scale.

    Parameters
    ----------
    dout : ndarray, any shape
        Gradient of the loss with respect to the dropout's output.
    keep_mask : ndarray of bool, same shape as ``dout``
        The mask that ``dropout.dropout`` returned.
    rate : float
        The drop probability of the forward pass, in ``[0, 1)``.

    Returns
    -------
    dx : ndarray, same shape as ``dout``
        Floats keep their dtype; integer ``dout`` gives float64.

    Raises
    ------
    ValueError
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

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("dropout_backward is not implemented yet")


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of a batch and its gradient with respect to the logits.

    ``p = softmax(logits)`` row by row, ``loss = mean_n(-log p[n, labels[n]])``,
    ``dlogits = (p - one_hot(labels)) / N``. The row maximum is subtracted before
    exponentiating (it cancels out), so any finite logits work without overflow.

    Parameters
    ----------
    logits : ndarray, shape (N, K)
        Unnormalised class scores (the last ``Dense`` layer's output).
    labels : ndarray of int, shape (N,)
        Class ids in ``[0, K)``.

    Returns
    -------
    loss : float
        The batch mean.
    dlogits : ndarray, shape (N, K)
        Floats keep their dtype; integer logits give float64.

    Raises
    ------
    ValueError
        ``logits`` not 2-D or empty, ``labels`` not integers of shape ``(N,)``,
        or a label outside ``[0, K)``.

    Graded
    ------
    - dtype logits: float32, int64 -> "dtype"
    - raises logits, labels -> "errors"

    Examples
    --------
    Equal scores for 4 classes: the loss is ``log 4``.

    >>> loss, dlogits = softmax_cross_entropy(np.zeros((1, 4)), np.array([2]))
    >>> round(loss, 4)
    1.3863
    >>> dlogits
    array([[ 0.25,  0.25, -0.75,  0.25]])
    """

    # TODO: 여기에 코드를 작성하세요 (write your code here)
    raise NotImplementedError("softmax_cross_entropy is not implemented yet")
