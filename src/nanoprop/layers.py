"""One dense layer, forward and backward, and the error at the output.

Notation, used throughout the lessons and the code:

- ``a_prev``: the layer's input, of shape (n_samples, n_in)
- ``W``: weights, of shape (n_in, n_out); ``b``: biases, of shape (n_out,)
- ``z = a_prev @ W + b``: the weighted sums, of shape (n_samples, n_out)
- ``a = f(z)``: the activations, same shape as ``z``
- ``delta = dL/dz``: the error at the layer, same shape as ``z``
"""

from __future__ import annotations

import numpy as np

from .activations import Activation
from .losses import Loss, check_pair


# --8<-- [start:dense_forward]
def dense_forward(a_prev, W, b):
    """Weighted sums of one layer: z = a_prev @ W + b.

    a_prev has shape (n_samples, n_in), W (n_in, n_out) and b (n_out,);
    z has shape (n_samples, n_out). Each row of a_prev is one sample.
    """
    return a_prev @ W + b  # b is added to every row


# --8<-- [end:dense_forward]


# --8<-- [start:dense_backward]
def dense_backward(delta, a_prev, W):
    """Gradients of one layer, given delta = dL/dz for its output.

    Returns dW = dL/dW, of shape (n_in, n_out), db = dL/db, of shape
    (n_out,), and dA_prev = dL/da_prev, of shape (n_samples, n_in): the
    error sent back to the layer below, through the same weights. The
    first layer's input is the data, which needs no error: W=None skips
    it (dA_prev is then None).
    """
    dW = a_prev.T @ delta  # sums a_prev_i * delta_j over the samples
    db = delta.sum(axis=0)  # z moves one for one with b
    dA_prev = None if W is None else delta @ W.T  # through W, to the inputs
    return dW, db, dA_prev


# --8<-- [end:dense_backward]


# --8<-- [start:output_delta]
def output_delta(a, y, z, activation: Activation, loss: Loss):
    """The error at the output layer, delta = dL/dz = dL/da * f'(z).

    a, y and z all have shape (n_samples, n_outputs); so does delta.
    """
    if loss.fused_with == activation.name:
        # Sigmoid with binary cross-entropy, or softmax with cross-entropy:
        # the derivative of f cancels against the loss's gradient, leaving
        # (a - y) / n, which is simpler and never divides by a ~ 0.
        a, y = check_pair(a, y)  # a (4, 1) - y (4,) would broadcast
        return (a - y) / len(a)
    dL_da = loss.grad(a, y)
    if activation.elementwise:
        return dL_da * activation.prime(z, a)
    # Softmax couples the outputs: sum over k of dL/da_k * da_k/dz_j.
    return np.einsum("nk,nkj->nj", dL_da, activation.prime(z, a))


# --8<-- [end:output_delta]
