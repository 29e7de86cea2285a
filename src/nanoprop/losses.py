"""Loss functions, each called as ``loss(prediction, target)``.

Every loss is a mean over the samples (the first axis), so that the learning
rate does not depend on the batch size. Squared error carries a factor 1/2,
which cancels the 2 of its derivative::

    mse = 1/n * sum over samples and outputs of 1/2 (a - y)^2

Each loss has a ``*_grad`` returning dL/da, the derivative with respect to
the prediction, with the prediction's shape. Prediction and target are arrays
of the same shape, (n_samples, n_outputs); a mismatch raises ``ValueError``
rather than letting numpy broadcast it.

A loss does not refuse NaN or infinite predictions: a NaN loss is how
``MLP.fit`` notices that training diverged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._registry import lookup

__all__ = [
    "LOSSES",
    "Loss",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "check_pair",
    "cross_entropy",
    "cross_entropy_grad",
    "get_loss",
    "mse",
    "mse_grad",
]

# The smallest positive float: log(TINY) is about -708, large but finite.
TINY = np.finfo(float).tiny

# The arrays numpy computes in float64 share this one dtype object, so ``is``
# can test for it (an equal dtype object merely takes check_pair's long way).
_FLOAT64 = np.dtype(np.float64)


def check_pair(prediction, target):
    """Return both as float arrays, or raise if their shapes differ.

    Numpy would broadcast a (4, 1) prediction against a (4,) target into a
    (4, 4) table of every pair, a silent and wrong loss; we refuse instead.

    Parameters
    ----------
    prediction : array_like of shape (n_samples, ...)
    target : array_like of the same shape as ``prediction``

    Returns
    -------
    prediction, target : ndarray
        Both as float arrays.

    Raises
    ------
    ValueError
        If the shapes differ (the message names both), or if the arrays
        have no sample axis.
    """
    # This runs twice in every training step, on two float64 arrays of one
    # shape: that usual case passes a single test and is returned as it is.
    if (
        type(prediction) is np.ndarray
        and type(target) is np.ndarray
        and prediction.dtype is _FLOAT64
        and target.dtype is _FLOAT64
        and prediction.shape == target.shape
        and prediction.ndim > 0
    ):
        return prediction, target
    # Anything else (lists, ints, float32, a shape mismatch) takes the long
    # way: convert both to float arrays, then compare their shapes.
    prediction = np.asarray(prediction, dtype=float)
    target = np.asarray(target, dtype=float)
    if prediction.shape != target.shape or prediction.ndim == 0:
        if prediction.ndim == 0:
            raise ValueError("prediction and target must have a sample axis")
        raise ValueError(
            f"prediction has shape {prediction.shape} but target has shape "
            f"{target.shape}; they must match (reshape the target, e.g. "
            f"y.reshape({', '.join(map(str, prediction.shape))}))"
        )
    return prediction, target


# --8<-- [start:mse]
def mse(prediction, target):
    """Squared error, L = 1/n * sum 1/2 (a - y)^2, over n samples.

    prediction and target have the same shape, (n_samples, n_outputs).
    """
    a, y = check_pair(prediction, target)
    return float(0.5 * np.sum((a - y) ** 2) / len(a))


def mse_grad(prediction, target):
    """dL/da = (a - y) / n, shaped like a: the 1/2 cancels the square's 2."""
    a, y = check_pair(prediction, target)
    return (a - y) / len(a)


# --8<-- [end:mse]


# --8<-- [start:bce]
def binary_cross_entropy(prediction, target):
    """L = -1/n * sum [y log a + (1 - y) log(1 - a)], for a in [0, 1].

    prediction and target have the same shape, (n_samples, n_outputs).
    """
    a, y = check_pair(prediction, target)
    # Clip inside the log only: a certain, correct prediction then costs
    # exactly 0 (y = 1 times log 1), a certain, wrong one about 708.
    log_a = np.log(np.clip(a, TINY, 1.0))
    log_1_minus_a = np.log(np.clip(1.0 - a, TINY, 1.0))
    total = np.sum(y * log_a + (1.0 - y) * log_1_minus_a)
    return float(-total / len(a)) + 0.0  # + 0.0 turns -0.0 into 0.0


def binary_cross_entropy_grad(prediction, target):
    """dL/da = (a - y) / (a (1 - a)) / n, shaped like a."""
    a, y = check_pair(prediction, target)
    a = np.clip(a, TINY, 1.0 - np.finfo(float).eps)
    return (a - y) / (a * (1.0 - a)) / len(a)


# --8<-- [end:bce]


# --8<-- [start:ce]
def cross_entropy(prediction, target):
    """L = -1/n * sum_k y_k log a_k, for rows a of class probabilities.

    prediction and target have shape (n_samples, n_classes); each target
    row is one-hot (or any probabilities summing to 1).
    """
    a, y = check_pair(prediction, target)
    return float(-np.sum(y * np.log(np.clip(a, TINY, 1.0))) / len(a)) + 0.0


def cross_entropy_grad(prediction, target):
    """dL/da_k = -y_k / a_k / n, shaped like a."""
    a, y = check_pair(prediction, target)
    return -y / np.clip(a, TINY, 1.0) / len(a)


# --8<-- [end:ce]


class Loss(NamedTuple):
    """A loss paired with its gradient with respect to the prediction.

    Attributes
    ----------
    name : str
        The name it is registered under, such as ``"mse"``.
    f : callable
        ``f(prediction, target)``: the loss, a float.
    grad : callable
        ``grad(prediction, target)``: dL/da, shaped like the prediction.
    fused_with : str or None
        The output activation that pairs with this loss (sigmoid with binary
        cross-entropy, softmax with cross-entropy), if any.
    """

    name: str
    f: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # The output activation whose derivative cancels against this loss's
    # gradient, leaving delta = (a - y) / n (see ``output_delta``).
    fused_with: str | None = None


LOSSES = {
    "mse": Loss("mse", mse, mse_grad),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy",
        binary_cross_entropy,
        binary_cross_entropy_grad,
        "sigmoid",
    ),
    "cross_entropy": Loss(
        "cross_entropy", cross_entropy, cross_entropy_grad, "softmax"
    ),
}


def get_loss(name: str | Loss) -> Loss:
    """Look a loss up by name.

    Parameters
    ----------
    name : str or Loss
        One of ``LOSSES``: binary_cross_entropy, cross_entropy or mse. A
        ``Loss`` is returned as it is.

    Returns
    -------
    Loss

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid ones.
    """
    return lookup(LOSSES, name, "loss", passthrough=Loss)
