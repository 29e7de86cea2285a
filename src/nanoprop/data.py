"""Small data sets for the lessons, and two helpers to prepare them.

``xor`` is built in. ``digits`` borrows the 8x8 handwritten digits that
scikit-learn ships inside its package (nothing is downloaded); scikit-learn
is an optional extra (``pip install -e '.[data]'`` from a clone of the
project) and is imported only when ``digits`` is called. ``one_hot`` and
``train_test_split`` need numpy only.
"""

from __future__ import annotations

import numpy as np

__all__ = ["digits", "one_hot", "train_test_split", "xor"]


def xor():
    """The four XOR cases: X of shape (4, 2) and targets Y of shape (4, 1).

    The target is 1 when exactly one input is 1.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, Y


def digits():
    """The 1,797 handwritten digits of scikit-learn, as 8x8 = 64 pixels.

    Returns
    -------
    X : ndarray of shape (1797, 64)
        One image per row, pixel intensities scaled from 0..16 to [0, 1].
    labels : ndarray of int, of shape (1797,)
        The digit each image shows, 0 to 9.

    Raises
    ------
    ImportError
        If scikit-learn is not installed; ``pip install -e '.[data]'``
        installs it.

    Examples
    --------
    >>> X, labels = digits()
    >>> X.shape, labels[:5].tolist()
    ((1797, 64), [0, 1, 2, 3, 4])
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise ImportError(
            "nanoprop.data.digits() reads the digits bundled with "
            "scikit-learn, which is not installed; install it with "
            "`pip install scikit-learn` (or `pip install -e '.[data]'` in "
            "a clone of the project)"
        ) from error
    bunch = load_digits()
    X = bunch.data.astype(float) / 16.0  # pixels hold 0..16
    return X, bunch.target.astype(int)


def one_hot(labels, n_classes=None):
    """Targets for softmax: row i is all zeros but a 1 in column labels[i].

    Parameters
    ----------
    labels : array_like of int, of shape (n_samples,)
        Class indices, from 0 to ``n_classes - 1``.
    n_classes : int or None
        Columns of the result; None uses ``max(labels) + 1``.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    Raises
    ------
    ValueError
        If labels is not one-dimensional, holds non-integers or negative
        values, or a label is not below ``n_classes``.

    Examples
    --------
    >>> one_hot([2, 0])
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(
            f"labels must have shape (n_samples,), got shape {labels.shape}"
        )
    if labels.size and not np.all(labels == np.round(labels)):
        raise ValueError("labels must be whole numbers (class indices)")
    labels = labels.astype(int)
    if labels.size and labels.min() < 0:
        raise ValueError(f"labels must be >= 0, got {labels.min()}")
    if n_classes is None:
        n_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and labels.max() >= n_classes:
        raise ValueError(
            f"label {labels.max()} does not fit n_classes={n_classes}; "
            f"labels run from 0 to n_classes - 1"
        )
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """Shuffle the samples and hold some of them out for testing.

    Parameters
    ----------
    X : array_like of shape (n_samples, ...)
    Y : array_like of shape (n_samples, ...)
        Rows of X and Y stay paired.
    test_fraction : float
        Share of the samples held out, strictly between 0 and 1; the test
        set has ``round(test_fraction * n_samples)`` of them, at least one.
    seed : int
        Seed of the ``numpy.random.Generator`` that shuffles.

    Returns
    -------
    X_train, X_test, Y_train, Y_test : ndarray
        In the order scikit-learn's function of the same name uses.

    Raises
    ------
    ValueError
        If X and Y have different numbers of rows, there are fewer than two
        samples, or ``test_fraction`` is not strictly between 0 and 1.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim == 0 or Y.ndim == 0 or len(X) != len(Y):
        raise ValueError(
            f"X and Y need one row per sample, got shapes {X.shape} and {Y.shape}"
        )
    if len(X) < 2:
        raise ValueError(f"need at least two samples to split, got {len(X)}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(
            f"test_fraction must be between 0 and 1, got {test_fraction!r}"
        )
    n_test = min(max(1, round(test_fraction * len(X))), len(X) - 1)
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], Y[train], Y[test]
