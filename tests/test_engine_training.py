"""MLP: building a network, checking its inputs, and training it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nanoprop import MLP, TrainingDiverged, xor
from nanoprop.init import INITS, init_weights

# The learning rate the lessons give for XOR (docs/xor.md).
XOR_LR, XOR_EPOCHS = 2.0, 5000


def regression(n=16, seed=0):
    """A small linear regression problem: 3 inputs, 1 unbounded target."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, X @ np.array([[1.0], [2.0], [-1.0]])


# Building -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes", [[2, 1], [2, 4, 1], [64, 32, 10], [3, 5, 4, 2], [1, 2, 3, 4, 5]]
)
def test_any_number_of_layers(sizes):
    model = MLP(sizes, output="softmax" if sizes[-1] > 1 else "sigmoid")
    shapes = [W.shape for W in model.weights]
    assert shapes == list(zip(sizes[:-1], sizes[1:], strict=True))
    assert [b.shape for b in model.biases] == [(n,) for n in sizes[1:]]
    out = model.forward(np.zeros((7, sizes[0])))
    assert out.shape == (7, sizes[-1])
    assert len(model.parameters()) == 2 * (len(sizes) - 1)


@pytest.mark.parametrize(
    "sizes", [[], [3], 3, None, [2, 0, 1], [2, -1], [2.0, 1], [2, True], "21"]
)
def test_bad_sizes_raise(sizes):
    with pytest.raises(ValueError, match="sizes"):
        MLP(sizes)


def test_unknown_names_raise_and_list_the_valid_ones():
    with pytest.raises(ValueError, match="relu"):
        MLP([2, 1], activation="rleu")
    with pytest.raises(ValueError, match="softmax"):
        MLP([2, 1], output="softmin")
    with pytest.raises(ValueError, match="xavier"):
        MLP([2, 1], init="glorot")


def test_softmax_cannot_be_hidden_or_a_single_output():
    with pytest.raises(ValueError, match="output activation"):
        MLP([2, 3, 2], activation="softmax")
    with pytest.raises(ValueError, match="two output units"):
        MLP([2, 1], output="softmax")


def test_same_seed_same_network_and_generator_not_global_state():
    np.random.seed(1)
    first = MLP([3, 5, 2], seed=7)
    np.random.seed(2)  # numpy's global state must not matter
    second = MLP([3, 5, 2], seed=7)
    for p, q in zip(first.parameters(), second.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    other = MLP([3, 5, 2], seed=8)
    assert not np.array_equal(first.weights[0], other.weights[0])


@pytest.mark.parametrize("scheme", sorted(INITS))
def test_init_schemes_have_their_scale(scheme):
    # 200 x 300 = 60,000 draws: the sample standard deviation is within
    # about 0.3 % of the true one, so 5 % is a safe margin.
    rng = np.random.default_rng(0)
    W = init_weights(scheme, 200, 300, rng)
    assert W.shape == (200, 300)
    expected = {
        "zeros": 0.0,
        "normal": 0.01,
        "xavier": math.sqrt(2 / 500),
        "he": math.sqrt(2 / 200),
    }[scheme]
    assert W.std() == pytest.approx(expected, rel=0.05)


def test_zero_init_never_breaks_symmetry():
    # Every hidden unit starts the same and gets the same gradient, so after
    # training all four columns of W1 are still identical.
    X, Y = xor()
    model = MLP([2, 4, 1], init="zeros", seed=0)
    model.fit(X, Y, epochs=500, lr=XOR_LR)
    W1 = model.weights[0]
    # The same arithmetic for every column: equal up to the last bit on any
    # ordinary BLAS; 1e-12 leaves room for one that orders sums by column.
    np.testing.assert_allclose(W1, W1[:, :1] * np.ones((1, 4)), rtol=1e-12)
    assert model.classify(X).tolist() != [0, 1, 1, 0]


# Checking the data --------------------------------------------------------------


def test_targets_of_the_wrong_shape_raise_naming_both_shapes():
    X, Y = xor()
    model = MLP([2, 4, 1])
    with pytest.raises(ValueError, match=r"\(4,\).*\(4, 1\)"):
        model.fit(X, Y.ravel(), epochs=1, lr=1.0)


@pytest.mark.parametrize(
    "X_shape, Y_shape",
    [((4, 3), (4, 1)), ((4,), (4, 1)), ((4, 2), (4, 2)), ((4, 2), (5, 1))],
)
def test_layer_sizes_that_do_not_fit_the_data_raise(X_shape, Y_shape):
    model = MLP([2, 4, 1])
    with pytest.raises(ValueError, match="shape"):
        model.fit(np.zeros(X_shape), np.zeros(Y_shape), epochs=1, lr=1.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinite_inputs_raise(bad):
    X, Y = xor()
    model = MLP([2, 4, 1])
    X_bad, Y_bad = X.copy(), Y.copy()
    X_bad[1, 0] = bad
    Y_bad[2, 0] = bad
    with pytest.raises(ValueError, match="X contains NaN or infinite"):
        model.fit(X_bad, Y, epochs=1, lr=1.0)
    with pytest.raises(ValueError, match="Y contains NaN or infinite"):
        model.fit(X, Y_bad, epochs=1, lr=1.0)
    with pytest.raises(ValueError, match="X contains NaN or infinite"):
        model.predict(X_bad)


@pytest.mark.parametrize("lr", [0, 0.0, -0.5, np.nan, np.inf, True, "1", None])
def test_learning_rate_must_be_a_positive_number(lr):
    X, Y = xor()
    with pytest.raises(ValueError, match="lr must be a positive number"):
        MLP([2, 4, 1]).fit(X, Y, epochs=1, lr=lr)


@pytest.mark.parametrize("epochs", [0, -3, 2.5, True, None, "10"])
def test_epochs_must_be_a_positive_integer(epochs):
    X, Y = xor()
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        MLP([2, 4, 1]).fit(X, Y, epochs=epochs, lr=1.0)


@pytest.mark.parametrize("batch_size", [0, -1, 1.5, True])
def test_batch_size_must_be_a_positive_integer(batch_size):
    X, Y = xor()
    with pytest.raises(ValueError, match="batch_size"):
        MLP([2, 4, 1]).fit(X, Y, epochs=1, lr=1.0, batch_size=batch_size)


def test_cross_entropy_needs_outputs_in_zero_one():
    X, Y = regression()
    model = MLP([3, 4, 1], output="identity")
    with pytest.raises(ValueError, match="output='sigmoid'"):
        model.fit(X, Y, epochs=1, lr=0.1, loss="binary_cross_entropy")
    with pytest.raises(ValueError, match="unknown loss"):
        model.fit(X, Y, epochs=1, lr=0.1, loss="mae")


def test_checks_leave_the_model_untouched():
    X, Y = xor()
    model = MLP([2, 4, 1])
    before = [p.copy() for p in model.parameters()]
    with pytest.raises(ValueError):
        model.fit(X, Y, epochs=1, lr=-1.0)
    for p, q in zip(before, model.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


# Diverging ------------------------------------------------------------------


def test_divergence_names_the_epoch_and_suggests_a_smaller_rate():
    # lr = 10 on this regression makes every step overshoot further: the
    # loss grows geometrically and overflows.
    X, Y = regression()
    model = MLP([3, 8, 1], activation="tanh", output="identity", seed=0)
    finished = []
    with pytest.raises(TrainingDiverged) as error:
        model.fit(
            X, Y, epochs=1000, lr=10.0, callback=lambda e, loss: finished.append(e)
        )
    message = str(error.value)
    # The epoch named is the one after the last that finished (91 here).
    assert f"epoch {len(finished) + 1}:" in message
    assert 10 < len(finished) < 1000
    assert "smaller learning rate than 10.0" in message


def test_divergence_is_never_silent_even_in_the_last_update():
    # One epoch: the loss is measured before the update, so it is finite;
    # the update itself overflows the weights.
    X, Y = regression()
    model = MLP([3, 8, 1], activation="tanh", output="identity", seed=0)
    with pytest.raises(TrainingDiverged, match="by epoch 1: a weight is NaN"):
        model.fit(X, 1e10 * Y, epochs=1, lr=1e300)


def test_the_same_rate_converges_when_small_enough():
    X, Y = regression()
    model = MLP([3, 8, 1], activation="tanh", output="identity", seed=0)
    history = model.fit(X, Y, epochs=1000, lr=0.1)
    assert all(np.isfinite(history))
    assert history[-1] < history[0] / 100


# Training -------------------------------------------------------------------


def test_fit_returns_one_loss_per_epoch_and_calls_back():
    X, Y = xor()
    model = MLP([2, 4, 1], seed=0)
    seen = []
    history = model.fit(
        X, Y, epochs=30, lr=XOR_LR, callback=lambda e, loss: seen.append((e, loss))
    )
    assert len(history) == 30
    assert all(type(value) is float for value in history)
    assert seen == list(enumerate(history, start=1))


def test_full_batch_loss_is_the_loss_before_each_update():
    X, Y = xor()
    model = MLP([2, 4, 1], seed=0)
    first_loss = 0.5 * np.sum((model.predict(X) - Y) ** 2) / 4
    history = model.fit(X, Y, epochs=2, lr=XOR_LR)
    assert history[0] == pytest.approx(first_loss, rel=1e-15)


def test_snapshots_through_the_callback():
    X, Y = xor()
    model = MLP([2, 4, 1], seed=0)
    snapshots = {}

    def keep(epoch, loss):
        if epoch in (1, 1000):
            snapshots[epoch] = model.copy()

    model.fit(X, Y, epochs=1000, lr=XOR_LR, callback=keep)
    assert sorted(snapshots) == [1, 1000]
    assert snapshots[1].weights[0] is not model.weights[0]
    assert not np.array_equal(snapshots[1].weights[0], model.weights[0])
    np.testing.assert_array_equal(snapshots[1000].predict(X), model.predict(X))


def test_training_is_repeatable():
    X, Y = xor()
    runs = [
        MLP([2, 4, 1], seed=3).fit(X, Y, epochs=50, lr=1.0, batch_size=2)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_lesson_xor_settings():
    # docs/xor.md: the hidden layer learns XOR, a single neuron cannot.
    X, Y = xor()
    model = MLP([2, 4, 1], seed=0)
    model.fit(X, Y, epochs=XOR_EPOCHS, lr=XOR_LR)
    assert np.round(model.predict(X)).ravel().tolist() == [0, 1, 1, 0]
    neuron = MLP([2, 1], seed=0)
    neuron.fit(X, Y, epochs=XOR_EPOCHS, lr=XOR_LR)
    assert np.mean(neuron.classify(X) == Y.ravel()) <= 0.75


def test_xor_is_learned_on_at_least_nine_of_ten_seeds():
    X, Y = xor()
    learned = []
    for seed in range(10):
        model = MLP([2, 4, 1], seed=seed)
        model.fit(X, Y, epochs=XOR_EPOCHS, lr=XOR_LR)
        outputs = np.round(model.predict(X)).ravel().tolist()
        learned.append(outputs == [0, 1, 1, 0])
    assert sum(learned) >= 9, f"learned XOR on seeds {np.flatnonzero(learned)}"


@pytest.mark.parametrize(
    "activation, output, loss, lr",
    [
        ("tanh", "sigmoid", "binary_cross_entropy", 0.5),
        ("relu", "softmax", "cross_entropy", 0.5),
        ("sigmoid", "sigmoid", "mse", 2.0),
    ],
)
def test_other_activations_and_losses_learn_xor(activation, output, loss, lr):
    X, Y = xor()
    if output == "softmax":
        Y = np.hstack([1 - Y, Y])  # one-hot: column 1 means "true"
    model = MLP([2, 8, Y.shape[1]], activation=activation, output=output, seed=0)
    model.fit(X, Y, epochs=3000, lr=lr, loss=loss)
    assert model.classify(X).tolist() == [0, 1, 1, 0]


def test_mini_batches_cover_every_sample_once_per_epoch():
    # With lr tiny the weights barely move, so the epoch loss measured batch
    # by batch equals the full-batch loss (each batch weighted by its size).
    X, Y = regression(n=10)
    model = MLP([3, 4, 1], activation="tanh", output="identity", seed=0)
    full = 0.5 * np.sum((model.predict(X) - Y) ** 2) / 10
    history = model.fit(X, Y, epochs=1, lr=1e-12, batch_size=3)
    assert history[0] == pytest.approx(full, rel=1e-9)


def test_classify_rounds_one_output_and_takes_argmax_of_several():
    model = MLP([2, 1], seed=0)
    model.weights[0][:] = [[10.0], [-10.0]]
    assert model.classify([[1.0, 0.0], [0.0, 1.0]]).tolist() == [1, 0]
    model = MLP([2, 3], output="softmax", seed=0)
    model.weights[0][:] = [[0.0, 5.0, 0.0], [0.0, 0.0, 5.0]]
    assert model.classify([[1.0, 0.0], [0.0, 1.0]]).tolist() == [1, 2]


def test_predict_matches_forward():
    X, _ = xor()
    model = MLP([2, 5, 3, 1], activation="tanh", seed=1)
    np.testing.assert_array_equal(model.predict(X), model.forward(X))
    assert repr(model) == "MLP([2, 5, 3, 1], activation='tanh', output='sigmoid')"


@pytest.mark.parametrize("loss", ["binary_cross_entropy", "cross_entropy"])
def test_cross_entropies_need_targets_in_zero_one(loss):
    X, Y = xor()
    if loss == "cross_entropy":
        model, Y = MLP([2, 4, 2], output="softmax"), np.hstack([Y, 1 - Y])
    else:
        model = MLP([2, 4, 1])
    with pytest.raises(ValueError, match=r"targets in \[0, 1\].*from -1 to 5"):
        model.fit(X, Y * 6 - 1, epochs=1, lr=1.0, loss=loss)
    assert len(model.fit(X, Y, epochs=1, lr=1.0, loss=loss)) == 1


def test_cross_entropy_needs_softmax_outputs():
    # Without softmax, cross-entropy would push every output to 1 and report
    # a loss near 0 for a useless network: refused, with the way out named.
    X, Y = xor()
    with pytest.raises(ValueError, match="softmax.*binary_cross_entropy"):
        MLP([2, 4, 1], seed=0).fit(X, Y, epochs=1, lr=1.0, loss="cross_entropy")
