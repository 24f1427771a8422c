"""Dataset loaders: MNIST and CIFAR-10 as numpy arrays, from local copies or the web.

>>> from cnnlab.data import load_mnist, load_cifar10
>>> (x_train, y_train), (x_test, y_test) = load_mnist()    # doctest: +SKIP

Every loader searches, in order: ``path=`` (when given, only there), the
folder(s) in ``$CNNLAB_DATA`` (e.g. one holding ``mnist/`` and
``cifar10-jpeg.tar.gz``), the cache (``cache_dir=`` or :func:`data_home`:
``$CNNLAB_DATA_CACHE`` or ``~/.cache/cnnlab``), and finally downloads the
official files into the cache, checking their md5. Offline with nothing found,
it raises :class:`DatasetNotFoundError` saying where it looked.
"""
from .cifar10 import CIFAR10_CLASSES, CIFAR10_MIRRORS, CIFAR10_REMOTE, load_cifar10
from .download import Remote, RemoteFile
from .errors import ChecksumError, DatasetFormatError, DatasetNotFoundError, DownloadError
from .locations import data_home
from .mnist import MNIST_MIRRORS, MNIST_REMOTE, load_mnist

__all__ = [
    "CIFAR10_CLASSES",
    "CIFAR10_MIRRORS",
    "CIFAR10_REMOTE",
    "ChecksumError",
    "DatasetFormatError",
    "DatasetNotFoundError",
    "DownloadError",
    "MNIST_MIRRORS",
    "MNIST_REMOTE",
    "Remote",
    "RemoteFile",
    "data_home",
    "load_cifar10",
    "load_mnist",
]
