"""A multi-layer perceptron: dense layers, trained by gradient descent."""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

from .activations import get_activation
from .init import init_weights
from .layers import dense_backward, dense_forward, output_delta
from .losses import check_pair, get_loss


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite during ``MLP.fit``."""


def _check_finite(name, array):
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")


class MLP:
    """A fully connected network, for example ``MLP([2, 4, 1])``.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``[2, 4, 1]`` has 2 inputs, one hidden
        layer of 4 units and 1 output.
    activation : str
        Activation of the hidden layers: sigmoid, tanh or relu.
    output : str
        Activation of the output layer: sigmoid, tanh, relu or softmax.
    init : str
        Weight initialisation scheme: zeros, normal, xavier or he.
    seed : int
        Seed of the random generator that draws the weights and shuffles
        mini-batches; the same seed gives the same network and training.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape (sizes[l], sizes[l + 1]).
    biases : list of ndarray
        ``biases[l]`` has shape (sizes[l + 1],).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "sigmoid",
        output: str = "sigmoid",
        init: str = "xavier",
        seed: int = 0,
    ):
        sizes = list(sizes)
        if len(sizes) < 2 or not all(
            isinstance(n, (int, np.integer)) and n >= 1 for n in sizes
        ):
            raise ValueError(
                "sizes must list at least two positive integers (inputs, "
                f"..., outputs), got {sizes!r}"
            )
        self.sizes = [int(n) for n in sizes]
        self.hidden = get_activation(activation)
        if not self.hidden.elementwise:
            raise ValueError(
                f"{activation!r} can only be the output activation"
            )
        self.output = get_activation(output)
        self.rng = np.random.default_rng(seed)
        self.weights = [
            init_weights(init, n_in, n_out, self.rng)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [np.zeros(n_out) for n_out in self.sizes[1:]]

    def __repr__(self):
        return (
            f"MLP({self.sizes}, activation={self.hidden.name!r}, "
            f"output={self.output.name!r})"
        )

    # --8<-- [start:forward]
    def forward(self, X):
        """Output of the network for X, of shape (n_samples, sizes[0]).

        Keeps every weighted sum ``zs[l]`` and activation
        ``activations[l]`` (``activations[0]`` is X itself) for backward.
        Returns the output, of shape (n_samples, sizes[-1]).
        """
        a = X
        self.zs, self.activations = [], [a]
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = dense_forward(a, W, b)  # (n_samples, sizes[l + 1])
            f = self.output.f if l == last else self.hidden.f
            a = f(z)
            self.zs.append(z)
            self.activations.append(a)
        return a
    # --8<-- [end:forward]

    # --8<-- [start:backward]
    def backward(self, Y, loss="mse"):
        """Gradients of the loss for the last ``forward`` call.

        Y has the output's shape. Returns a list with one ``(dW, db)`` pair
        per layer, shaped like ``weights[l]`` and ``biases[l]``.
        """
        loss = get_loss(loss) if isinstance(loss, str) else loss
        a, z = self.activations[-1], self.zs[-1]
        delta = output_delta(a, Y, z, self.output, loss)
        grads = []
        for l in reversed(range(len(self.weights))):
            a_prev = self.activations[l]
            dW, db, dA_prev = dense_backward(delta, a_prev, self.weights[l])
            grads.append((dW, db))
            if l > 0:
                # delta of the layer below: dL/da times that layer's f'(z)
                delta = dA_prev * self.hidden.prime(self.zs[l - 1])
        grads.reverse()
        return grads
    # --8<-- [end:backward]

    # --8<-- [start:step]
    def step(self, grads, lr):
        """One gradient-descent update: W <- W - lr * dW, b <- b - lr * db."""
        for W, b, (dW, db) in zip(self.weights, self.biases, grads):
            W -= lr * dW  # in place: the arrays keep their identity
            b -= lr * db
    # --8<-- [end:step]

    def predict(self, X):
        """The network's output for X, without keeping anything for backward.

        X has shape (n_samples, sizes[0]); the result (n_samples, sizes[-1]).
        """
        X = self._check_inputs(X)
        a = X
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            f = self.output.f if l == last else self.hidden.f
            a = f(dense_forward(a, W, b))
        return a

    def classify(self, X):
        """Class labels for X: the output rounded at 0.5 for one output unit,
        the index of the largest output otherwise. Shape (n_samples,)."""
        out = self.predict(X)
        if out.shape[1] == 1:
            return (out[:, 0] >= 0.5).astype(int)
        return out.argmax(axis=1)

    def fit(
        self,
        X,
        Y,
        epochs: int = 1000,
        lr: float = 1.0,
        batch_size: int | None = None,
        loss: str = "mse",
        callback: Callable[[int, float], object] | None = None,
    ):
        """Train by (mini-batch) gradient descent; return the loss per epoch.

        Parameters
        ----------
        X : array of shape (n_samples, sizes[0])
        Y : array of shape (n_samples, sizes[-1])
        epochs : int
            Passes over the whole data.
        lr : float
            The learning rate, the size of each step against the gradient.
        batch_size : int or None
            Samples per update; None uses all of them (full batch).
            Mini-batches are drawn in a fresh random order every epoch.
        loss : str
            mse, binary_cross_entropy or cross_entropy.
        callback : callable or None
            Called as ``callback(epoch, loss)`` after every epoch; the plots
            use it to take snapshots of the network while it learns.

        Returns
        -------
        list of float
            The mean training loss of each epoch, measured on each batch
            before its update.
        """
        X = self._check_inputs(X)
        Y, _ = check_pair(Y, Y)
        _check_finite("Y", Y)
        expected = (len(X), self.sizes[-1])
        if Y.shape != expected:
            raise ValueError(
                f"Y has shape {Y.shape}, expected {expected}: one row per "
                f"sample of X and one column per output unit"
            )
        if isinstance(epochs, bool) or not isinstance(
            epochs, (int, np.integer)
        ) or epochs < 1:
            raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"lr must be a positive number, got {lr!r}")
        n = len(X)
        if batch_size is None:
            batch_size = n
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(
                f"batch_size must be a positive integer or None, got "
                f"{batch_size!r}"
            )
        loss = get_loss(loss)

        history = []
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                if batch_size >= n:
                    total = self._train_batch(X, Y, lr, loss)
                else:
                    total = 0.0
                    order = self.rng.permutation(n)
                    for start in range(0, n, batch_size):
                        rows = order[start:start + batch_size]
                        batch_loss = self._train_batch(X[rows], Y[rows], lr, loss)
                        total += batch_loss * len(rows) / n
                if not math.isfinite(total):
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}: the loss is "
                        f"{total}; try a smaller learning rate than {lr}"
                    )
                history.append(total)
                if callback is not None:
                    callback(epoch, total)
        return history

    def _train_batch(self, X, Y, lr, loss):
        out = self.forward(X)
        value = loss.f(out, Y)
        self.step(self.backward(Y, loss), lr)
        return value

    def _check_inputs(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X has shape {X.shape}, expected (n_samples, {self.sizes[0]})"
                f" for a network with sizes {self.sizes}"
            )
        _check_finite("X", X)
        return X

    def parameters(self):
        """Every weight and bias array, in layer order: W0, b0, W1, b1, ..."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]
