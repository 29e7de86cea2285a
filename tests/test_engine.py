"""The engine's functions, one number at a time.

Every number the engine promises (stable sigmoid and softmax, losses that
stay finite, shapes that never broadcast silently) is checked here with the
values written out. Warnings are errors (see pyproject.toml), so a test that
passes also shows that nothing warned.
"""

from __future__ import annotations

import numpy as np
import pytest

from nanoprop import (
    MLP,
    dense_backward,
    dense_forward,
    output_delta,
    sigmoid,
    sigmoid_prime,
)
from nanoprop.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    identity,
    identity_prime,
    relu,
    relu_prime,
    softmax,
    softmax_prime,
    tanh,
    tanh_prime,
)
from nanoprop.losses import (
    LOSSES,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    check_pair,
    cross_entropy,
    cross_entropy_grad,
    get_loss,
    mse,
    mse_grad,
)

# Activations --------------------------------------------------------------


def test_sigmoid_values_from_the_issue():
    # 1 / (1 + e^-0.12) = 0.529964052..., 1 / (1 + e^-0.34) = 0.584190523...
    # and e^-1234.1 underflows to exactly 0 without a warning.
    out = sigmoid([0.12, 0.34, -1234.1])
    np.testing.assert_allclose(out, [0.52996405, 0.58419052, 0.0], atol=5e-9)
    assert out[2] == 0.0


def test_sigmoid_of_a_million_is_exactly_one_and_zero():
    assert sigmoid(1e6) == 1.0
    assert sigmoid(-1e6) == 0.0
    assert sigmoid(np.array([1e6, -1e6])).tolist() == [1.0, 0.0]


def test_sigmoid_is_exact_in_both_tails():
    # The naive 1 / (1 + e^-z) would give e^-z overflowing for z = -800,
    # and 1 - sigmoid(30) loses every digit; the stable form keeps e^-30.
    assert sigmoid(-800.0) == 0.0
    np.testing.assert_allclose(sigmoid(-30.0), np.exp(-30.0) / (1 + np.exp(-30.0)))
    assert sigmoid(0.0) == 0.5


def test_sigmoid_is_symmetric():
    z = np.linspace(-40, 40, 81)
    np.testing.assert_allclose(sigmoid(z) + sigmoid(-z), 1.0, rtol=1e-15)


def test_sigmoid_prime_worked_example():
    # s(0) = 1/2, so s'(0) = 1/2 * 1/2 = 1/4, the largest slope.
    assert sigmoid_prime(0.0) == 0.25
    z = np.linspace(-5, 5, 11)
    assert np.all(sigmoid_prime(z) <= 0.25)


@pytest.mark.parametrize(
    "prime, f",
    [
        (sigmoid_prime, sigmoid),
        (tanh_prime, tanh),
        (relu_prime, relu),
        (identity_prime, identity),
        (softmax_prime, softmax),
    ],
)
def test_derivative_reuses_the_activation_it_is_given(prime, f):
    # Passing a = f(z) must give the same derivative as computing it again.
    z = np.array([[-2.0, -0.5, 0.3, 1.7]])
    np.testing.assert_array_equal(prime(z, f(z)), prime(z))


def test_tanh_and_relu_values():
    assert tanh(0.0) == 0.0
    assert tanh_prime(0.0) == 1.0
    assert tanh(1e6) == 1.0
    assert relu([-2.0, 0.0, 3.0]).tolist() == [0.0, 0.0, 3.0]
    # the kink at 0 gets slope 0
    assert relu_prime([-2.0, 0.0, 3.0]).tolist() == [0.0, 0.0, 1.0]
    assert identity([-2.0, 3.0]).tolist() == [-2.0, 3.0]
    assert identity_prime([-2.0, 3.0]).tolist() == [1.0, 1.0]


def test_softmax_of_a_large_logit_is_one_hot_without_warning():
    out = softmax([1.0, -10.0, 1000.0])
    assert out.tolist() == [0.0, 0.0, 1.0]


def test_softmax_rows_sum_to_one():
    z = np.array([[1.0, 2.0, 3.0], [-1e3, 0.0, 1e3], [5.0, 5.0, 5.0]])
    out = softmax(z)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(out[2], [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)


def test_softmax_jacobian_worked_example():
    # For z = (0, 0): a = (1/2, 1/2), da_k/dz_j = a_k (1[k=j] - a_j).
    J = softmax_prime(np.array([[0.0, 0.0]]))
    assert J.shape == (1, 2, 2)
    np.testing.assert_allclose(J[0], [[0.25, -0.25], [-0.25, 0.25]])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_is_registered_under_its_name(name):
    activation = get_activation(name)
    assert activation.name == name
    z = np.array([[-1.0, 0.5, 2.0]])
    assert activation.f(z).shape == z.shape


def test_unknown_activation_lists_the_valid_ones():
    with pytest.raises(ValueError, match="sigmoid") as error:
        get_activation("sigmoidd")
    message = str(error.value)
    assert "'sigmoidd'" in message
    for name in ACTIVATIONS:
        assert name in message


def test_an_activation_object_passes_through_the_registry():
    custom = Activation("mine", tanh, tanh_prime)
    assert get_activation(custom) is custom


# Losses -------------------------------------------------------------------


def test_mse_worked_example():
    # 1/n * sum 1/2 (a - y)^2 = 1/2 * (1/2 * 0.5^2 + 1/2 * 1^2) = 0.3125
    a = np.array([[0.5], [1.0]])
    y = np.array([[1.0], [0.0]])
    assert mse(a, y) == 0.3125
    np.testing.assert_array_equal(mse_grad(a, y), [[-0.25], [0.5]])


def test_binary_cross_entropy_of_a_certain_correct_prediction_is_zero():
    a = np.array([[1.0], [0.0]])
    assert binary_cross_entropy(a, a) == 0.0
    assert str(binary_cross_entropy(a, a)) == "0.0"  # not -0.0


def test_binary_cross_entropy_of_a_certain_wrong_prediction_is_large_finite():
    # -log(smallest positive float) = 708.4: large, finite, no warning.
    value = binary_cross_entropy([[0.0], [1.0]], [[1.0], [0.0]])
    assert np.isfinite(value)
    assert 700 < value < 710
    grad = binary_cross_entropy_grad([[0.0], [1.0]], [[1.0], [0.0]])
    assert np.all(np.isfinite(grad))


def test_binary_cross_entropy_worked_example():
    # -1/2 * (log 0.8 + log(1 - 0.4))
    value = binary_cross_entropy([[0.8], [0.4]], [[1.0], [0.0]])
    assert value == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2, rel=1e-15)


def test_cross_entropy_worked_example():
    a = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert cross_entropy(a, y) == pytest.approx(expected, rel=1e-15)
    assert cross_entropy(y, y) == 0.0
    grad = cross_entropy_grad(a, y)
    np.testing.assert_allclose(grad[0], [-1 / 0.7 / 2, 0.0, 0.0])


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_every_loss_returns_a_float(name):
    loss = get_loss(name)
    a = np.array([[0.2, 0.8], [0.6, 0.4]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    value = loss.f(a, y)
    assert type(value) is float
    assert loss.grad(a, y).shape == a.shape


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_refuses_to_broadcast_a_column_against_a_row(name):
    # (4, 1) - (4,) would silently become a (4, 4) table of every pair.
    loss = get_loss(name)
    prediction = np.full((4, 1), 0.5)
    target = np.array([0.0, 1.0, 1.0, 0.0])
    for function in (loss.f, loss.grad):
        with pytest.raises(ValueError) as error:
            function(prediction, target)
        assert "(4, 1)" in str(error.value)
        assert "(4,)" in str(error.value)


def test_losses_accept_lists_ints_and_float32_and_work_in_float64():
    a32 = np.array([[0.5], [1.0]], dtype=np.float32)
    y_int = np.array([[1], [0]])
    assert mse(a32, y_int) == 0.3125
    assert mse([[0.5], [1.0]], [[1.0], [0.0]]) == 0.3125
    assert mse_grad(a32, y_int).dtype == np.float64


def test_check_pair_passes_float64_arrays_through_and_converts_the_rest():
    a = np.array([[0.5], [1.0]])  # (2, 1) float64: the training loop's case
    y = np.array([[1.0], [0.0]])
    same_a, same_y = check_pair(a, y)
    assert same_a is a and same_y is y  # no copy, no conversion
    # Other float64 arrays (another byte order, a slice) and other dtypes
    # come back as float64 arrays holding the same numbers.
    for other in (a.astype(">f8"), np.array([[0.5, 9.0], [1.0, 9.0]])[:, :1]):
        converted, _ = check_pair(other, y)
        assert converted.dtype == np.float64
        assert converted.tolist() == [[0.5], [1.0]]
    for prediction in ([[1], [2]], np.array([[1], [2]], dtype=np.float32)):
        converted, _ = check_pair(prediction, y)
        assert type(converted) is np.ndarray and converted.dtype == np.float64
    with pytest.raises(ValueError, match=r"\(2, 1\).*\(2,\)"):
        check_pair(a, y.ravel())  # both float64, shapes differ
    with pytest.raises(ValueError, match="sample axis"):
        check_pair(np.float64(0.5), np.float64(1.0))


def test_unknown_loss_lists_the_valid_ones():
    with pytest.raises(ValueError) as error:
        get_loss("cross-entropy")
    for name in LOSSES:
        assert name in str(error.value)


# Layers -------------------------------------------------------------------


def test_dense_forward_worked_example():
    a_prev = np.array([[1.0, 2.0]])  # (1, 2)
    W = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 2.0]])  # (2, 3)
    b = np.array([0.0, 1.0, -1.0])  # (3,)
    # z_j = sum_i a_i W_ij + b_j
    assert dense_forward(a_prev, W, b).tolist() == [[2.0, 3.0, 2.0]]


def test_dense_backward_worked_example():
    a_prev = np.array([[1.0, 2.0], [3.0, 4.0]])  # (2, 2)
    W = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, 1.0]])  # (2, 3)
    delta = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]])  # (2, 3)
    dW, db, dA_prev = dense_backward(delta, a_prev, W)
    assert dW.tolist() == [[1.0, 3.0, 2.0], [2.0, 4.0, 4.0]]  # a_prev.T @ delta
    assert db.tolist() == [1.0, 1.0, 2.0]  # summed over the two samples
    assert dA_prev.tolist() == [[1.0, 4.0], [-1.0, 0.0]]  # delta @ W.T


def test_output_delta_refuses_to_broadcast():
    a = np.full((4, 1), 0.5)
    y = np.zeros(4)
    for loss in ("mse", "binary_cross_entropy"):
        with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\)"):
            output_delta(a, y, a, get_activation("sigmoid"), get_loss(loss))


def test_fused_output_delta_is_a_minus_y_over_n():
    # sigmoid with binary cross-entropy: dL/dz = (a - y) / n exactly
    z = np.array([[0.3], [-1.2]])
    a, y = sigmoid(z), np.array([[1.0], [0.0]])
    delta = output_delta(
        a, y, z, get_activation("sigmoid"), get_loss("binary_cross_entropy")
    )
    np.testing.assert_array_equal(delta, (a - y) / 2)


def test_mlp_backward_refuses_a_flat_target():
    model = MLP([2, 3, 1], seed=0)
    X = np.zeros((4, 2))
    model.forward(X)
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\)"):
        model.backward(np.zeros(4))


# Docstrings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    ["data", "gradcheck", "init", "network"],
)
def test_docstring_examples_run(module):
    # The examples in the API reference are real: run them as doctests.
    import doctest
    import importlib

    if module == "data":
        pytest.importorskip("sklearn", reason="digits() needs scikit-learn")
    mod = importlib.import_module(f"nanoprop.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
