"""Properties that hold for every shape and batch size (hypothesis).

Each example is a random network (1 to 3 layers of 1 to 6 units) with a
random batch of 1 to 8 samples; hypothesis looks for a counterexample.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nanoprop import MLP, dense_backward
from nanoprop.activations import ACTIVATIONS

HIDDEN = sorted(name for name, act in ACTIVATIONS.items() if act.elementwise)
# (output activation, loss, smallest number of output units)
OUTPUTS = [
    ("sigmoid", "mse", 1),
    ("sigmoid", "binary_cross_entropy", 1),
    ("softmax", "cross_entropy", 2),
    ("softmax", "mse", 2),
    ("tanh", "mse", 1),
    ("identity", "mse", 1),
]


@st.composite
def problems(draw):
    """A network, a batch X and fitting targets Y, all float64."""
    output, loss, min_units = draw(st.sampled_from(OUTPUTS))
    hidden = draw(st.lists(st.integers(1, 6), min_size=0, max_size=2))
    sizes = [draw(st.integers(1, 6)), *hidden, draw(st.integers(min_units, 6))]
    model = MLP(
        sizes,
        activation=draw(st.sampled_from(HIDDEN)),
        output=output,
        seed=draw(st.integers(0, 2**32 - 1)),
    )
    n = draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.random((n, sizes[-1]))
    if loss == "cross_entropy":
        Y = Y / Y.sum(axis=1, keepdims=True)  # rows of probabilities
    return model, X, Y, loss


@settings(max_examples=200, deadline=None)
@given(problems())
def test_gradients_have_the_shapes_of_their_parameters(problem):
    model, X, Y, loss = problem
    model.forward(X)
    grads = model.backward(Y, loss)
    assert len(grads) == len(model.weights)
    for (dW, db), W, b in zip(grads, model.weights, model.biases, strict=True):
        assert dW.shape == W.shape
        assert db.shape == b.shape
        assert dW.dtype == db.dtype == np.float64


@settings(max_examples=200, deadline=None)
@given(problems())
def test_batch_gradient_is_the_mean_of_per_sample_gradients(problem):
    # The loss is a mean over samples, so its gradient is the mean of the
    # gradients of each sample alone; for the biases, n * db is the sum of
    # the per-sample db. Relative tolerance 1e-9: the same sums in another
    # order, rounded differently.
    model, X, Y, loss = problem
    model.forward(X)
    batch = model.backward(Y, loss)
    per_sample = []
    for i in range(len(X)):
        model.forward(X[i : i + 1])
        per_sample.append(model.backward(Y[i : i + 1], loss))
    n = len(X)
    for layer, (dW, db) in enumerate(batch):
        summed_db = sum(grads[layer][1] for grads in per_sample)
        summed_dW = sum(grads[layer][0] for grads in per_sample)
        np.testing.assert_allclose(n * db, summed_db, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(n * dW, summed_dW, rtol=1e-9, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 8),
    st.integers(1, 6),
    st.integers(1, 6),
    st.integers(0, 2**32 - 1),
)
def test_bias_gradient_is_the_sum_of_delta_over_samples(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    delta = rng.normal(size=(n, n_out))
    a_prev = rng.normal(size=(n, n_in))
    W = rng.normal(size=(n_in, n_out))
    dW, db, dA_prev = dense_backward(delta, a_prev, W)
    assert (dW.shape, db.shape, dA_prev.shape) == ((n_in, n_out), (n_out,), (n, n_in))
    # Written out, sample by sample: each sample adds its delta row to db,
    # and the outer product of its input and its delta to dW.
    np.testing.assert_allclose(
        db, [sum(delta[i, j] for i in range(n)) for j in range(n_out)]
    )
    outer = sum(np.outer(a_prev[i], delta[i]) for i in range(n))
    np.testing.assert_allclose(dW, outer, rtol=1e-12, atol=1e-12)
