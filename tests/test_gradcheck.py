"""Every hand-derived gradient against central finite differences.

Tolerance: 1e-6 on the relative error. In float64 with eps = 1e-5 a correct
gradient agrees to about 1e-7 or better (rounding of the loss over 2 eps is
about 1e-11, the eps^2 term about the same, and gradients below 1e-4 are
compared against 1e-4; see nanoprop/gradcheck.py). A wrong derivative is
off by 1e-2 or more. The tests below check both sides of that gap.
"""

from __future__ import annotations

import numpy as np
import pytest

from nanoprop import MLP, check_activation, check_loss, gradcheck, one_hot, xor
from nanoprop.activations import ACTIVATIONS, Activation, sigmoid, sigmoid_prime
from nanoprop.gradcheck import numerical_gradient, relative_error
from nanoprop.losses import LOSSES

TOL = 1e-6


def sigmoid_prime_applied_twice(z, a=None):
    """The classic bug: the derivative, which takes z, is given a = s(z)."""
    return sigmoid_prime(sigmoid(z))


WRONG_SIGMOID = Activation("sigmoid", sigmoid, sigmoid_prime_applied_twice)

# (hidden activation, output, loss, output units): every activation and
# every loss, and both fused pairs (sigmoid + binary cross-entropy,
# softmax + cross-entropy) as well as the unfused paths through the
# derivatives and the softmax Jacobian.
NETWORKS = [
    (hidden, output, loss, units)
    for hidden in ("sigmoid", "tanh", "relu", "identity")
    for output, loss, units in [
        ("sigmoid", "mse", 2),
        ("sigmoid", "binary_cross_entropy", 2),
        ("softmax", "cross_entropy", 3),
        ("softmax", "mse", 3),
        ("softmax", "binary_cross_entropy", 3),
        ("sigmoid", "cross_entropy", 2),
        ("tanh", "mse", 2),
        ("relu", "mse", 2),
        ("identity", "mse", 2),
    ]
]


def small_problem(sizes, output, loss, seed):
    """A 3-layer net with random biases, 6 samples, and fitting targets."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, sizes[0]))
    if output == "softmax" and loss == "cross_entropy":
        Y = one_hot(rng.integers(0, sizes[-1], size=6), sizes[-1])
    else:
        Y = rng.random((6, sizes[-1]))  # targets in [0, 1] suit every loss
    return X, Y


@pytest.mark.parametrize("hidden, output, loss, units", NETWORKS)
@pytest.mark.parametrize("seed", [0, 1])
def test_three_layer_network_matches_finite_differences(
    hidden, output, loss, units, seed
):
    sizes = [3, 5, 4, units]
    model = MLP(sizes, activation=hidden, output=output, seed=seed)
    # Random biases: with zero biases a relu unit fed only zeros sits on
    # its kink at z = 0, where no derivative exists.
    rng = np.random.default_rng(100 + seed)
    for b in model.biases:
        b[:] = rng.normal(0.0, 0.5, size=b.shape)
    X, Y = small_problem(sizes, output, loss, seed)
    errors = gradcheck(model, X, Y, loss=loss)
    assert list(errors) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(errors.values()) < TOL, errors


def test_every_weight_and_bias_of_the_xor_network():
    X, Y = xor()
    errors = gradcheck(MLP([2, 4, 1], seed=0), X, Y)
    assert max(errors.values()) < TOL, errors


def test_gradcheck_leaves_the_parameters_exactly_as_they_were():
    X, Y = xor()
    model = MLP([2, 4, 1], seed=0)
    before = [p.copy() for p in model.parameters()]
    gradcheck(model, X, Y)
    for p, q in zip(before, model.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_derivative(name):
    # Away from relu's kink at 0: points from -3 to 3 that skip 0.
    z = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    assert check_activation(name, z) < TOL


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_every_loss_gradient(name):
    # Predictions in (0.1, 0.9): inside [0, 1], away from the clipped ends.
    rng = np.random.default_rng(0)
    a = rng.uniform(0.1, 0.9, size=(5, 3))
    y = rng.random((5, 3))
    assert check_loss(name, a, y) < TOL


def test_sigmoid_derivative_applied_twice_fails_the_check():
    z = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    assert check_activation(WRONG_SIGMOID, z) > 1e-2


def test_a_network_with_the_wrong_derivative_fails_the_check():
    X, Y = xor()
    model = MLP([2, 4, 1], activation=WRONG_SIGMOID, seed=0)
    errors = gradcheck(model, X, Y)
    # The hidden layer's gradients go through the wrong derivative...
    assert errors["W1"] > 1e-2 and errors["b1"] > 1e-2
    # ...the output layer's do not.
    assert errors["W2"] < TOL and errors["b2"] < TOL


def test_a_wrong_loss_gradient_fails_the_check():
    from nanoprop.losses import Loss, mse

    def twice_too_large(prediction, target):
        return (np.asarray(prediction) - target) * 2 / len(prediction)

    wrong = Loss("mse", mse, twice_too_large)
    a = np.array([[0.2, 0.7], [0.4, 0.9]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert check_loss(wrong, a, y) > 0.1


def test_numerical_gradient_worked_example():
    # f(x) = x0^2 + 3 x1 has gradient (2 x0, 3); central differences are
    # exact for a quadratic up to rounding.
    x = np.array([2.0, -1.0])
    grad = numerical_gradient(lambda v: v[0] ** 2 + 3 * v[1], x)
    np.testing.assert_allclose(grad, [4.0, 3.0], rtol=1e-9)
    assert x.tolist() == [2.0, -1.0]


def test_numerical_gradient_needs_a_float64_array():
    with pytest.raises(ValueError, match="float64"):
        numerical_gradient(lambda v: 0.0, np.zeros(3, dtype=np.float32))


def test_relative_error_worked_example():
    err = relative_error([1.0, 0.0, 1e-9, 2.0], [1.1, 0.0, 2e-9, -2.0])
    # 0.1 / 1.1; exact zeros agree; tiny values are judged against the
    # floor 1e-4; opposite signs give 4 / 2 = 2.
    np.testing.assert_allclose(err, [0.1 / 1.1, 0.0, 1e-9 / 1e-4, 2.0])
