"""Loss functions, each called as ``loss(prediction, target)``.

Every loss is a mean over the samples (the first axis), so that the learning
rate does not depend on the batch size. Squared error carries a factor 1/2,
which cancels the 2 of its derivative::

    mse = 1/n * sum over samples and outputs of 1/2 (a - y)^2

Each loss has a ``*_grad`` returning dL/da, the derivative with respect to
the prediction, with the prediction's shape.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

# The smallest positive float: log(TINY) is about -708, large but finite.
TINY = np.finfo(float).tiny


def check_pair(prediction, target):
    """Return both as float arrays, or raise if their shapes differ.

    Numpy would broadcast a (4, 1) prediction against a (4,) target into a
    (4, 4) table of every pair, a silent and wrong loss; we refuse instead.
    """
    prediction = np.asarray(prediction, dtype=float)
    target = np.asarray(target, dtype=float)
    if prediction.shape != target.shape:
        raise ValueError(
            f"prediction has shape {prediction.shape} but target has shape "
            f"{target.shape}; they must match (reshape the target, e.g. "
            f"y.reshape({', '.join(map(str, prediction.shape))}))"
        )
    if prediction.ndim == 0:
        raise ValueError("prediction and target must have a sample axis")
    return prediction, target


# --8<-- [start:mse]
def mse(prediction, target):
    """Squared error, L = 1/n * sum 1/2 (a - y)^2, over n samples."""
    a, y = check_pair(prediction, target)
    return float(0.5 * np.sum((a - y) ** 2) / len(a))


def mse_grad(prediction, target):
    """dL/da = (a - y) / n: the 1/2 cancels the 2 of the square."""
    a, y = check_pair(prediction, target)
    return (a - y) / len(a)
# --8<-- [end:mse]


# --8<-- [start:bce]
def binary_cross_entropy(prediction, target):
    """L = -1/n * sum [y log a + (1 - y) log(1 - a)], for a in [0, 1]."""
    a, y = check_pair(prediction, target)
    # Clip inside the log only: a certain, correct prediction then costs
    # exactly 0 (y = 1 times log 1), a certain, wrong one about 708.
    log_a = np.log(np.clip(a, TINY, 1.0))
    log_1_minus_a = np.log(np.clip(1.0 - a, TINY, 1.0))
    total = np.sum(y * log_a + (1.0 - y) * log_1_minus_a)
    return float(-total / len(a)) + 0.0  # + 0.0 turns -0.0 into 0.0


def binary_cross_entropy_grad(prediction, target):
    """dL/da = (a - y) / (a (1 - a)) / n."""
    a, y = check_pair(prediction, target)
    a = np.clip(a, TINY, 1.0 - np.finfo(float).eps)
    return (a - y) / (a * (1.0 - a)) / len(a)
# --8<-- [end:bce]


# --8<-- [start:ce]
def cross_entropy(prediction, target):
    """L = -1/n * sum_k y_k log a_k, for rows a of class probabilities."""
    a, y = check_pair(prediction, target)
    return float(-np.sum(y * np.log(np.clip(a, TINY, 1.0))) / len(a)) + 0.0


def cross_entropy_grad(prediction, target):
    """dL/da_k = -y_k / a_k / n."""
    a, y = check_pair(prediction, target)
    return -y / np.clip(a, TINY, 1.0) / len(a)
# --8<-- [end:ce]


class Loss(NamedTuple):
    """A loss paired with its gradient with respect to the prediction."""

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


def get_loss(name: str) -> Loss:
    """Look a loss up by name; unknown names raise ``ValueError``."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(LOSSES))
        raise ValueError(
            f"unknown loss {name!r}; expected one of: {valid}"
        ) from None
