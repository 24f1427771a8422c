"""The lecture's networks as layer descriptions (lecture 3.1, 3.4 and 3.7).

Each builder returns ``(layers, input_shape)``, ready for
``cnnlab.train.Sequential(layers, input_shape)`` or for ``params.summary``.
The parameter counts below are checked by the test suite against
``params.count_params``.
"""
from __future__ import annotations

from cnnlab.layers import Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D


def mnist_mlp() -> tuple[list[Layer], tuple[int, int, int]]:
    """The MLP of lecture 3.1.4: Flatten, two hidden layers of 512 ReLU units, 10 outputs.

    The input is the same ``(28, 28, 1)`` image the CNN of :func:`mnist_cnn` takes,
    so both train and test on the same arrays; ``Flatten`` turns it into the
    784-vector the lecture draws.

    ::

        Layer (type)                     Output Shape          Param #
        flatten_1 (Flatten)              (None, 784)           0
        dense_1 (Dense)                  (None, 512)           401,920
        dense_2 (Dense)                  (None, 512)           262,656
        dense_3 (Dense)                  (None, 10)            5,130
        Total params: 669,706

    Returns
    -------
    layers : list of cnnlab.layers.Layer
    input_shape : (28, 28, 1)
    """
    layers = [
        Flatten(),
        Dense(512, activation="relu"),
        Dense(512, activation="relu"),
        Dense(10, activation="softmax"),
    ]
    return layers, (28, 28, 1)


def mnist_cnn() -> tuple[list[Layer], tuple[int, int, int]]:
    """The MNIST CNN of lecture 3.4: two convolutions and two fully connected layers.

    Dropout sits between the flattened features and the output layer, as
    lecture 3.5.4 advises. Trained with Adam (learning rate 0.001, batches of
    128) it reaches 98.2% test accuracy after one epoch and 99.1% after six
    (``benchmarks/train_lecture_models.py``).

    ::

        Layer (type)                     Output Shape          Param #
        conv2d_1 (Conv2D)                (None, 26, 26, 32)    320
        max_pooling2d_1 (MaxPooling2D)   (None, 13, 13, 32)    0
        conv2d_2 (Conv2D)                (None, 11, 11, 64)    18,496
        max_pooling2d_2 (MaxPooling2D)   (None, 5, 5, 64)      0
        flatten_1 (Flatten)              (None, 1600)          0
        dense_1 (Dense)                  (None, 128)           204,928
        dropout_1 (Dropout)              (None, 128)           0
        dense_2 (Dense)                  (None, 10)            1,290
        Total params: 225,034

    Returns
    -------
    layers : list of cnnlab.layers.Layer
    input_shape : (28, 28, 1)
    """
    layers = [
        Conv2D(32, 3, activation="relu"),
        MaxPooling2D(2),
        Conv2D(64, 3, activation="relu"),
        MaxPooling2D(2),
        Flatten(),
        Dense(128, activation="relu"),
        Dropout(0.5),
        Dense(10, activation="softmax"),
    ]
    return layers, (28, 28, 1)


def cifar10_alexnet() -> tuple[list[Layer], tuple[int, int, int]]:
    """The simplified AlexNet of lecture 3.7 for CIFAR-10: three convolutions, two fully connected.

    ``"same"`` convolutions keep the size and each pooling halves it
    (32 -> 16 -> 8 -> 4), while the filters double (32, 64, 128), as in AlexNet.
    Dropout sits between the flattened features and the output. Trained with
    Adam (learning rate 0.001, batches of 128) it passes the lecture's 65% test
    accuracy after three epochs and reaches about 70-72% after five to eight
    (``benchmarks/train_lecture_models.py``).

    ::

        Layer (type)                     Output Shape          Param #
        conv2d_1 (Conv2D)                (None, 32, 32, 32)    896
        max_pooling2d_1 (MaxPooling2D)   (None, 16, 16, 32)    0
        conv2d_2 (Conv2D)                (None, 16, 16, 64)    18,496
        max_pooling2d_2 (MaxPooling2D)   (None, 8, 8, 64)      0
        conv2d_3 (Conv2D)                (None, 8, 8, 128)     73,856
        max_pooling2d_3 (MaxPooling2D)   (None, 4, 4, 128)     0
        flatten_1 (Flatten)              (None, 2048)          0
        dropout_1 (Dropout)              (None, 2048)          0
        dense_1 (Dense)                  (None, 256)           524,544
        dropout_2 (Dropout)              (None, 256)           0
        dense_2 (Dense)                  (None, 10)            2,570
        Total params: 620,362

    Returns
    -------
    layers : list of cnnlab.layers.Layer
    input_shape : (32, 32, 3)
    """
    layers = [
        Conv2D(32, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(64, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(128, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Flatten(),
        Dropout(0.25),
        Dense(256, activation="relu"),
        Dropout(0.5),
        Dense(10, activation="softmax"),
    ]
    return layers, (32, 32, 3)


LECTURE_MODELS = {"mnist": mnist_cnn, "cifar10": cifar10_alexnet}
