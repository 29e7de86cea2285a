"""Activation functions and their derivatives.

Each activation ``f`` comes with ``f_prime``, its derivative with respect to
the weighted sum ``z``, so that backpropagation can form
``delta = dL/da * f_prime(z)``. Both take ``z`` (not the activation): passing
an activation by mistake is a classic bug that gradient checking catches.
Backpropagation already holds ``a = f(z)`` from the forward pass, so every
derivative also accepts it as ``a`` and reuses it instead of computing
``f(z)`` a second time.

Every function takes an array ``z`` of any shape, (n_samples, n_units) in a
network, and returns an array of the same shape, except ``softmax_prime``.

``softmax`` is not elementwise: ``softmax_prime`` returns the full Jacobian,
one ``(k, k)`` matrix per sample. In practice softmax is paired with
cross-entropy, whose fused gradient never needs it (see ``losses``).

Activations are also registered by name (``get_activation("tanh")``), which
is how ``MLP`` is told what to use. Besides the four the lessons use there is
``identity`` (no activation at all), the output layer for targets that are
not bounded, as in regression.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._registry import lookup

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "identity",
    "identity_prime",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_prime",
    "tanh",
    "tanh_prime",
]


# --8<-- [start:sigmoid]
def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), elementwise, for any shape."""
    z = np.asarray(z, dtype=float)
    # The same value with no positive exponent, so exp never overflows:
    # 1 / (1 + e^-z) for z >= 0, and e^z / (1 + e^z) for z < 0.
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid_prime(z, a=None):
    """The sigmoid's derivative, s(z) * (1 - s(z)); at most 0.25.

    Backpropagation already has a = sigmoid(z) from the forward pass,
    and passes it to save computing it again.
    """
    s = sigmoid(z) if a is None else a
    return s * (1.0 - s)


# --8<-- [end:sigmoid]


# --8<-- [start:tanh]
def tanh(z):
    """The hyperbolic tangent, elementwise, for any shape; in (-1, 1)."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z, a=None):
    """The derivative of tanh: 1 - tanh(z)^2 (a = tanh(z) if given)."""
    t = np.tanh(np.asarray(z, dtype=float)) if a is None else a
    return 1.0 - t * t


# --8<-- [end:tanh]


# --8<-- [start:relu]
def relu(z):
    """The rectified linear unit, max(0, z), elementwise, for any shape."""
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_prime(z, a=None):
    """1 where z > 0, else 0 (the kink at 0 is given slope 0).

    The slope needs only the sign of z, so a is accepted and unused.
    """
    return (np.asarray(z, dtype=float) > 0).astype(float)


# --8<-- [end:relu]


# --8<-- [start:identity]
def identity(z):
    """No activation, a = z: an output layer for unbounded targets."""
    return np.asarray(z, dtype=float)


def identity_prime(z, a=None):
    """The slope of a = z is 1 everywhere."""
    return np.ones_like(np.asarray(z, dtype=float))


# --8<-- [end:identity]


# --8<-- [start:softmax]
def softmax(z):
    """Probabilities along the last axis: e^z_k / sum_j e^z_j.

    z has shape (n_samples, k), or (k,) for one sample; so has the result.
    """
    z = np.asarray(z, dtype=float)
    # Subtracting the row maximum changes nothing mathematically and keeps
    # every exponent <= 0, so exp never overflows.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_prime(z, a=None):
    """The Jacobian da_k/dz_j = a_k (1[k=j] - a_j): shape (..., k, k)."""
    a = softmax(z) if a is None else a
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])


# --8<-- [end:softmax]


class Activation(NamedTuple):
    """An activation function paired with its derivative.

    Attributes
    ----------
    name : str
        The name it is registered under, such as ``"sigmoid"``.
    f : callable
        ``f(z)``: the activation of an array ``z`` of any shape, same shape.
    prime : callable
        ``prime(z, a=None)``: the derivative at ``z``, where ``a = f(z)``
        may be passed to save recomputing it. Same shape as ``z`` when
        ``elementwise``; otherwise the Jacobian, of shape (..., k, k).
    elementwise : bool
        Whether each output depends on its own input only. Softmax does not:
        it can only be an output activation.
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    prime: Callable[..., np.ndarray]
    elementwise: bool = True


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "identity": Activation("identity", identity, identity_prime),
    "softmax": Activation("softmax", softmax, softmax_prime, False),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name.

    Parameters
    ----------
    name : str or Activation
        One of ``ACTIVATIONS``: identity, relu, sigmoid, softmax or tanh. An
        ``Activation`` is returned as it is, so that a hand-made one (for
        instance with a deliberately wrong derivative) can be used too.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid ones.
    """
    return lookup(ACTIVATIONS, name, "activation", passthrough=Activation)
