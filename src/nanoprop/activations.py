"""Activation functions and their derivatives.

Each activation ``f`` comes with ``f_prime``, its derivative with respect to
the weighted sum ``z``, so that backpropagation can form
``delta = dL/da * f_prime(z)``. Both take ``z`` (not the activation): passing
an activation by mistake is a classic bug that gradient checking catches.

``softmax`` is not elementwise: ``softmax_prime`` returns the full Jacobian,
one ``(k, k)`` matrix per sample. In practice softmax is paired with
cross-entropy, whose fused gradient never needs it (see ``losses``).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

# --8<-- [start:sigmoid]
def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), elementwise."""
    z = np.asarray(z, dtype=float)
    # e^-|z| never overflows; for z < 0 the same value is e^z / (1 + e^z).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    """The sigmoid's derivative, s(z) * (1 - s(z)); at most 0.25."""
    s = sigmoid(z)
    return s * (1.0 - s)
# --8<-- [end:sigmoid]


# --8<-- [start:tanh]
def tanh(z):
    """The hyperbolic tangent, elementwise; outputs in (-1, 1)."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    """The derivative of tanh: 1 - tanh(z)^2."""
    t = np.tanh(np.asarray(z, dtype=float))
    return 1.0 - t * t
# --8<-- [end:tanh]


# --8<-- [start:relu]
def relu(z):
    """The rectified linear unit, max(0, z), elementwise."""
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_prime(z):
    """1 where z > 0, else 0 (the kink at 0 is given slope 0)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)
# --8<-- [end:relu]


# --8<-- [start:softmax]
def softmax(z):
    """Probabilities along the last axis: e^z_k / sum_j e^z_j."""
    z = np.asarray(z, dtype=float)
    # Subtracting the row maximum changes nothing mathematically and keeps
    # every exponent <= 0, so exp never overflows.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_prime(z):
    """The Jacobian da_k/dz_j = a_k (1[k=j] - a_j): shape (..., k, k)."""
    a = softmax(z)
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])
# --8<-- [end:softmax]


class Activation(NamedTuple):
    """An activation function paired with its derivative."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]
    elementwise: bool = True


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "softmax": Activation("softmax", softmax, softmax_prime, False),
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name; unknown names raise ``ValueError``."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(
            f"unknown activation {name!r}; expected one of: {valid}"
        ) from None
