"""Initial weights, by scheme name.

The scale of the first weights decides whether training starts at all:

- ``zeros``: every hidden unit computes the same thing and receives the same
  gradient, so they stay identical forever (symmetry is never broken);
- ``normal``: small random numbers, standard deviation 0.01; the signal
  and the gradients shrink through every layer and learning stalls;
- ``xavier`` (Glorot): standard deviation sqrt(2 / (n_in + n_out)), which
  keeps the variance of the signal roughly constant for sigmoid and tanh;
- ``he``: standard deviation sqrt(2 / n_in), the same idea for ReLU, which
  zeroes half of its inputs.

Biases always start at zero: random weights alone break the symmetry.

Every draw comes from the ``numpy.random.Generator`` passed in, never from
numpy's global random state, so a seed fixes the weights.
"""

from __future__ import annotations

import numpy as np

from ._registry import lookup

__all__ = ["INITS", "init_weights"]


# --8<-- [start:init_schemes]
def _zeros(n_in, n_out, rng):
    return np.zeros((n_in, n_out))


def _normal(n_in, n_out, rng):
    return rng.normal(0.0, 0.01, size=(n_in, n_out))


def _xavier(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def _he(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


INITS = {"zeros": _zeros, "normal": _normal, "xavier": _xavier, "he": _he}

# --8<-- [end:init_schemes]


def init_weights(scheme: str, n_in: int, n_out: int, rng: np.random.Generator):
    """Weights of shape (n_in, n_out) drawn by ``scheme`` from ``rng``.

        Parameters
        ----------
        scheme : str
            zeros, normal, xavier or he.
        n_in, n_out : int
            Units feeding the layer and units in it.
        rng : numpy.random.Generator
            The source of randomness, e.g. ``np.random.default_rng(0)``.

        Returns
        -------
        ndarray of shape (n_in, n_out)

        Raises
        ------
        ValueError
            For an unknown scheme; the message lists the valid ones.

        Examples
        --------
        >>> import numpy as np

    from ._registry import lookup
        >>> init_weights("zeros", 2, 3, np.random.default_rng(0))
        array([[0., 0., 0.],
               [0., 0., 0.]])
    """
    return lookup(INITS, scheme, "init scheme")(n_in, n_out, rng)
