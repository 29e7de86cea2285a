"""Small data sets for the lessons."""

from __future__ import annotations

import numpy as np


def xor():
    """The four XOR cases: X of shape (4, 2) and targets Y of shape (4, 1).

    The target is 1 when exactly one input is 1.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, Y
