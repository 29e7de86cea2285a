"""The claims the lessons make about XOR, with the settings they use."""

from __future__ import annotations

import numpy as np

from nanoprop import MLP, xor

# The settings of docs/xor.md.
SEED, LR, EPOCHS = 0, 2.0, 5000


def test_hidden_layer_learns_xor():
    X, Y = xor()
    model = MLP([2, 4, 1], seed=SEED)
    history = model.fit(X, Y, epochs=EPOCHS, lr=LR)
    assert np.round(model.predict(X)).ravel().tolist() == [0, 1, 1, 0]
    assert history[-1] < history[0] / 10


def test_single_neuron_cannot_learn_xor():
    X, Y = xor()
    neuron = MLP([2, 1], seed=SEED)
    neuron.fit(X, Y, epochs=EPOCHS, lr=LR)
    accuracy = np.mean(neuron.classify(X) == Y.ravel())
    assert accuracy <= 0.75
