"""Gradient checking: compare derivatives with central finite differences.

A derivative worked out by hand can be wrong in ways that still train,
slowly. Finite differences need no calculus at all: nudge one number by a
tiny ``eps`` either way and watch the loss,

    dL/dw ~ (L(w + eps) - L(w - eps)) / (2 eps),

which is off by about eps^2 (the central difference cancels the first error
term). Everything is done in float64. The result is a relative error,
``|analytic - numeric| / max(|analytic|, |numeric|)``, so that it means the
same for large and small gradients.

Why a tolerance of 1e-6, and ``eps = 1e-5``: the loss is only known to
about 1e-16 of its size, and dividing by ``2 eps`` turns that rounding into
an error of about 1e-16 / 1e-5 = 1e-11 in the numeric gradient, while the
eps^2 term adds about 1e-11 times the third derivative. Where a gradient is
tiny, below ``FLOOR = 1e-4``, the floor stands in for the denominator:
there the difference is rounding noise, not a bug. So a correct gradient
agrees to about 1e-11 / 1e-4 = 1e-7 or better, and a wrong one (a missing
factor, a derivative applied to the wrong argument) is off by 1e-2 or more;
1e-6 sits between them.

One caveat: relu has a kink at 0, where no derivative exists and the two
differences disagree. Zero biases with an input of zeros put z exactly
there; give the biases random values before checking a relu network.

``gradcheck`` checks a whole network; ``check_activation`` and ``check_loss``
check one function's derivative.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .activations import Activation, get_activation
from .losses import Loss, check_pair, get_loss

__all__ = [
    "check_activation",
    "check_loss",
    "gradcheck",
    "numerical_gradient",
    "relative_error",
]

# Below FLOOR a gradient is compared absolutely: finite differences resolve
# it to about 1e-11 (see above), and 1e-11 / FLOOR = 1e-7 is below 1e-6.
FLOOR = 1e-4


# --8<-- [start:gradcheck]
def gradcheck(model, X, Y, loss="mse", eps=1e-5) -> dict[str, float]:
    """Compare ``model.backward`` with finite differences of the loss.

    Every weight and bias of the network is nudged in turn (see
    ``numerical_gradient``), so keep the network and X small: the cost is
    two forward passes per parameter.

    Parameters
    ----------
    model : MLP
        The network; its parameters are restored exactly afterwards.
    X : array_like of shape (n_samples, model.sizes[0])
    Y : array_like of shape (n_samples, model.sizes[-1])
    loss : str or Loss
        mse, binary_cross_entropy or cross_entropy.
    eps : float
        The finite-difference step.

    Returns
    -------
    dict of str to float
        The largest relative error of each parameter, named as in the
        lessons: ``{"W1": ..., "b1": ..., "W2": ..., ...}``. A correct
        backward pass gives values below 1e-6.

    Examples
    --------
    >>> from nanoprop import MLP, xor
    >>> X, Y = xor()
    >>> errors = gradcheck(MLP([2, 4, 1], seed=0), X, Y)
    >>> sorted(errors)
    ['W1', 'W2', 'b1', 'b2']
    >>> max(errors.values()) < 1e-6
    True
    """
    loss = get_loss(loss)
    X = model._check_inputs(X)
    Y = model._check_targets(Y, len(X))

    def loss_now(_):
        return loss.f(model.forward(X), Y)

    model.forward(X)
    grads = model.backward(Y, loss)
    errors = {}
    for layer, (dW, db) in enumerate(grads, start=1):
        for name, param, analytic in (
            (f"W{layer}", model.weights[layer - 1], dW),
            (f"b{layer}", model.biases[layer - 1], db),
        ):
            numeric = numerical_gradient(loss_now, param, eps)
            errors[name] = float(relative_error(analytic, numeric).max())
    model.forward(X)  # leave the cached forward pass of the real weights
    return errors


# --8<-- [end:gradcheck]


def check_activation(activation: str | Activation, z, eps=1e-5) -> float:
    """The largest relative error of an activation's derivative.

    Parameters
    ----------
    activation : str or Activation
        A registered name, or an ``Activation`` made by hand (for instance
        with a derivative under suspicion).
    z : array_like of shape (n_samples, k)
        Where to compare. Avoid points where the function has a kink (0 for
        relu): there the two one-sided slopes differ and no derivative
        exists.
    eps : float
        The finite-difference step.

    Returns
    -------
    float
        max over entries of the relative error between ``prime(z)`` and
        the central difference of ``f`` (the full Jacobian, of shape
        (n_samples, k, k), for softmax).

    Examples
    --------
    >>> import numpy as np
    >>> from nanoprop.activations import Activation, sigmoid, sigmoid_prime
    >>> z = np.linspace(-3, 3, 7).reshape(1, 7)
    >>> check_activation("sigmoid", z) < 1e-6
    True
    >>> twice = Activation(  # the derivative applied to an activation
    ...     "sigmoid", sigmoid, lambda z, a=None: sigmoid_prime(sigmoid(z))
    ... )
    >>> check_activation(twice, z) > 0.01
    True
    """
    activation = get_activation(activation)
    z = np.array(z, dtype=float)  # a copy: it is nudged in place
    analytic = activation.prime(z)
    if activation.elementwise:
        # Output i depends on input i only, so nudging all of z at once
        # gives every entry's own slope in one go.
        numeric = (activation.f(z + eps) - activation.f(z - eps)) / (2 * eps)
    else:
        # Column j of the Jacobian: how every output moves with z_j.
        numeric = np.zeros(z.shape + z.shape[-1:])
        for j in range(z.shape[-1]):
            step = np.zeros(z.shape[-1])
            step[j] = eps
            column = activation.f(z + step) - activation.f(z - step)
            numeric[..., :, j] = column / (2 * eps)
    return float(relative_error(analytic, numeric).max())


def check_loss(loss: str | Loss, prediction, target, eps=1e-5) -> float:
    """The largest relative error of a loss's gradient ``loss.grad``.

    Parameters
    ----------
    loss : str or Loss
    prediction : array_like of shape (n_samples, n_outputs)
        Where to compare; keep it away from the ends 0 and 1 for the
        cross-entropies, where the loss is clipped.
    target : array_like of the same shape

    Returns
    -------
    float
        max over entries of the relative error between
        ``loss.grad(prediction, target)`` and central differences of
        ``loss.f``.
    """
    loss = get_loss(loss)
    prediction, target = check_pair(prediction, target)
    prediction = prediction.copy()  # nudged in place
    analytic = loss.grad(prediction, target)
    numeric = numerical_gradient(lambda a: loss.f(a, target), prediction, eps)
    return float(relative_error(analytic, numeric).max())


# --8<-- [start:numerical_gradient]
def numerical_gradient(f: Callable[[np.ndarray], float], x, eps=1e-5):
    """The gradient of a scalar function by central differences.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a float. It may also read ``x`` indirectly (for
        instance ``x`` is a network's weight array and ``f`` runs the
        network): ``x`` is changed in place.
    x : ndarray of float64, of any shape
        The point. Each entry is nudged by ``+eps`` and ``-eps`` in turn and
        restored exactly afterwards.
    eps : float
        The nudge.

    Returns
    -------
    ndarray of the same shape as ``x``
        (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every entry i.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(
            "x must be a float64 numpy array, changed in place; got "
            f"{type(x).__name__} of dtype {getattr(x, 'dtype', None)}"
        )
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        loss_plus = f(x)
        x[i] = original - eps
        loss_minus = f(x)
        x[i] = original  # restore the exact value, not original +- eps
        grad[i] = (loss_plus - loss_minus) / (2.0 * eps)
    return grad


# --8<-- [end:numerical_gradient]


# --8<-- [start:relative_error]
def relative_error(analytic, numeric, floor=FLOOR):
    """``|analytic - numeric| / max(|analytic|, |numeric|, floor)``, per entry.

    Parameters
    ----------
    analytic, numeric : array_like of the same shape

    Returns
    -------
    ndarray of that shape
        0 where the two agree exactly, about 1 or more where they have
        nothing to do with each other.
    """
    analytic, numeric = check_pair(analytic, numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.abs(analytic - numeric) / scale


# --8<-- [end:relative_error]
