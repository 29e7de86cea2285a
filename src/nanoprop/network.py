"""A multi-layer perceptron: dense layers, trained by gradient descent.

``MLP.forward``, ``MLP.backward`` and ``MLP.step`` are the three phases of
one training step, as the lessons derive them; ``MLP.fit`` repeats them and
records the loss of every epoch. Training is plain (mini-batch) gradient
descent: no momentum, no learning-rate schedule, no regularisation.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence

import numpy as np

from .activations import Activation, get_activation
from .init import init_weights
from .layers import dense_backward, dense_forward, output_delta
from .losses import Loss, get_loss

__all__ = ["MLP", "TrainingDiverged"]


class TrainingDiverged(FloatingPointError):
    """The loss or the weights became NaN or infinite during ``MLP.fit``.

    The message names the epoch; a smaller learning rate usually helps.
    """


class MLP:
    """A fully connected network, for example ``MLP([2, 4, 1])``.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``[2, 4, 1]`` has 2 inputs, one hidden
        layer of 4 units and 1 output; ``[64, 32, 10]`` has 64 inputs, 32
        hidden units and 10 outputs. Any number of hidden layers is allowed.
    activation : str or Activation
        Activation of the hidden layers: sigmoid, tanh or relu (or
        identity, which makes the network linear).
    output : str or Activation
        Activation of the output layer: sigmoid, tanh, relu, softmax, or
        identity for unbounded targets.
    init : str
        Weight initialisation scheme: zeros, normal, xavier or he (see
        ``nanoprop.init``).
    seed : int or None
        Seed of the random generator that draws the weights and shuffles
        mini-batches; the same seed gives the same network and training.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape (sizes[l], sizes[l + 1]).
    biases : list of ndarray
        ``biases[l]`` has shape (sizes[l + 1],).
    zs, activations : list of ndarray
        Kept by the last ``forward`` call for ``backward``: ``zs[l]`` has
        shape (n_samples, sizes[l + 1]) and ``activations[l]`` shape
        (n_samples, sizes[l]); ``activations[0]`` is the input.

    Raises
    ------
    ValueError
        For sizes that are not at least two positive integers, an unknown
        activation or scheme, softmax as a hidden activation, or softmax
        over a single output unit.

    Examples
    --------
    >>> from nanoprop import MLP, xor
    >>> X, Y = xor()
    >>> model = MLP([2, 4, 1], seed=0)
    >>> losses = model.fit(X, Y, epochs=5000, lr=2.0)
    >>> model.classify(X).tolist()
    [0, 1, 1, 0]
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "sigmoid",
        output: str | Activation = "sigmoid",
        init: str = "xavier",
        seed: int | None = 0,
    ):
        given = sizes
        sizes = list(sizes) if isinstance(sizes, Sequence) else [sizes]
        if len(sizes) < 2 or not all(_is_positive_int(n) for n in sizes):
            raise ValueError(
                "sizes must list at least two positive integers (inputs, "
                f"..., outputs), got {given!r}"
            )
        self.sizes = [int(n) for n in sizes]
        self.hidden = get_activation(activation)
        if not self.hidden.elementwise:
            raise ValueError(
                f"{self.hidden.name!r} can only be the output activation; "
                "use sigmoid, tanh or relu for the hidden layers"
            )
        self.output = get_activation(output)
        if not self.output.elementwise and self.sizes[-1] < 2:
            raise ValueError(
                f"{self.output.name!r} needs at least two output units, got "
                f"sizes {self.sizes}; use sigmoid for a single output"
            )
        self.rng = np.random.default_rng(seed)
        self.weights = [
            init_weights(init, n_in, n_out, self.rng)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)
        ]
        self.biases = [np.zeros(n_out) for n_out in self.sizes[1:]]
        self.zs, self.activations = [], []

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
        loss = get_loss(loss)
        a, z = self.activations[-1], self.zs[-1]
        delta = output_delta(a, Y, z, self.output, loss)
        grads = []
        for l in reversed(range(len(self.weights))):
            a_prev = self.activations[l]
            # Below layer 0 is the data X: no error to send back (W=None).
            W = self.weights[l] if l > 0 else None
            dW, db, dA_prev = dense_backward(delta, a_prev, W)
            grads.append((dW, db))
            if l > 0:
                # delta of the layer below: dL/da times that layer's f'(z);
                # its output a_prev = f(z) is passed so f'(z) can reuse it.
                z_prev = self.zs[l - 1]
                delta = dA_prev * self.hidden.prime(z_prev, a_prev)
        grads.reverse()
        return grads

    # --8<-- [end:backward]

    # --8<-- [start:step]
    def step(self, grads, lr):
        """One gradient-descent update: W <- W - lr * dW, b <- b - lr * db.

        grads is what backward returns: (dW, db) shaped like (W, b).
        """
        for W, b, (dW, db) in zip(self.weights, self.biases, grads):
            W -= lr * dW  # in place: the arrays keep their identity
            b -= lr * db

    # --8<-- [end:step]

    def predict(self, X):
        """The network's output for X, without keeping anything for backward.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])

        Returns
        -------
        ndarray of shape (n_samples, sizes[-1])

        Raises
        ------
        ValueError
            If X has the wrong shape or holds NaN or infinite values.
        """
        a = self._check_inputs(X)
        last = len(self.weights) - 1
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            f = self.output.f if layer == last else self.hidden.f
            a = f(dense_forward(a, W, b))
        return a

    def classify(self, X):
        """Class labels for X, of shape (n_samples, sizes[0]).

        Returns
        -------
        ndarray of int, of shape (n_samples,)
            The output rounded at 0.5 for a single output unit, the index of
            the largest output otherwise.
        """
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
        loss: str | Loss = "mse",
        callback: Callable[[int, float], object] | None = None,
    ) -> list[float]:
        """Train by (mini-batch) gradient descent; return the loss per epoch.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
            One sample per row.
        Y : array_like of shape (n_samples, sizes[-1])
            The targets, one row per sample (one-hot rows for softmax).
        epochs : int
            Passes over the whole data, at least 1.
        lr : float
            The learning rate, the size of each step against the gradient;
            a positive number.
        batch_size : int or None
            Samples per update; None uses all of them (full batch).
            Mini-batches are drawn in a fresh random order every epoch.
        loss : str or Loss
            mse, binary_cross_entropy or cross_entropy. The two
            cross-entropies need outputs in [0, 1]: a sigmoid or softmax
            output layer.
        callback : callable or None
            Called as ``callback(epoch, loss)`` after every epoch (epochs
            count from 1); the plots use it to record snapshots of the
            network while it learns, for instance with ``model.copy()``.

        Returns
        -------
        list of float
            The mean training loss of each epoch, measured on each batch
            before its update.

        Raises
        ------
        ValueError
            For arrays whose shapes do not fit the network (or each other),
            NaN or infinite inputs, a non-positive ``epochs``, ``lr`` or
            ``batch_size``, a loss that does not fit the output layer, or,
            for the cross-entropies, targets outside [0, 1].
        TrainingDiverged
            When the loss (or a weight) becomes NaN or infinite; the message
            names the epoch.
        """
        X = self._check_inputs(X)
        Y = self._check_targets(Y, len(X))
        if not _is_positive_int(epochs):
            raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
        if not _is_positive_number(lr):
            raise ValueError(f"lr must be a positive number, got {lr!r}")
        if batch_size is not None and not _is_positive_int(batch_size):
            raise ValueError(
                f"batch_size must be a positive integer or None, got {batch_size!r}"
            )
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be callable, got {callback!r}")
        loss = get_loss(loss)
        self._check_loss_fits(loss, Y)
        n = len(X)
        full_batch = batch_size is None or batch_size >= n

        # Everything is checked once, above; the loop only trains. Overflow
        # in a diverging run is expected, and reported through the loss.
        history = []
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # --8<-- [start:minibatches]
            for epoch in range(1, epochs + 1):
                if full_batch:
                    total = self._train_batch(X, Y, lr, loss)
                else:
                    total = 0.0
                    order = self.rng.permutation(n)
                    for start in range(0, n, batch_size):
                        rows = order[start : start + batch_size]
                        value = self._train_batch(X[rows], Y[rows], lr, loss)
                        total += value * len(rows) / n
                # --8<-- [end:minibatches]
                if not math.isfinite(total):
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}: the loss is "
                        f"{total}; try a smaller learning rate than {lr}"
                    )
                history.append(total)
                if callback is not None:
                    callback(epoch, total)
        # The last update comes after the last loss was measured.
        if not all(np.isfinite(p).all() for p in self.parameters()):
            raise TrainingDiverged(
                f"training diverged by epoch {epochs}: a weight is NaN or "
                f"infinite; try a smaller learning rate than {lr}"
            )
        return history

    def _train_batch(self, X, Y, lr, loss):
        # forward, loss, backward, update: the lessons' four phases
        out = self.forward(X)
        value = loss.f(out, Y)
        self.step(self.backward(Y, loss), lr)
        return value

    def parameters(self):
        """Every weight and bias array, in layer order: W1, b1, W2, b2, ...

        These are the arrays themselves, not copies: ``step`` updates them in
        place, and ``gradcheck`` nudges them one entry at a time.
        """
        pairs = zip(self.weights, self.biases, strict=True)
        return [p for pair in pairs for p in pair]

    def copy(self):
        """An independent copy of the network, for instance a snapshot taken
        by a ``fit`` callback to plot how the network changes while it learns.
        """
        return copy.deepcopy(self)

    def _check_inputs(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X has shape {X.shape}, expected (n_samples, {self.sizes[0]})"
                f" for a network with sizes {self.sizes}"
            )
        if len(X) == 0:
            raise ValueError("X has no samples")
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinite values")
        return X

    def _check_targets(self, Y, n_samples):
        Y = np.asarray(Y, dtype=float)
        expected = (n_samples, self.sizes[-1])
        if Y.shape != expected:
            hint = ""
            if Y.shape == (n_samples,) and self.sizes[-1] == 1:
                hint = " (reshape it with Y.reshape(-1, 1))"
            elif Y.shape == (n_samples,):
                hint = " (one-hot encode labels with nanoprop.data.one_hot)"
            raise ValueError(
                f"Y has shape {Y.shape}, expected {expected}: one row per "
                f"sample of X and one column per output unit{hint}"
            )
        if not np.isfinite(Y).all():
            raise ValueError("Y contains NaN or infinite values")
        return Y

    def _check_loss_fits(self, loss, Y):
        """Refuse a loss that does not fit the output layer or the targets."""
        if loss.name not in ("binary_cross_entropy", "cross_entropy"):
            return
        if loss.name == "binary_cross_entropy" and (
            self.output.name not in ("sigmoid", "softmax")
        ):
            raise ValueError(
                f"{loss.name} needs outputs in [0, 1], but the output "
                f"activation is {self.output.name!r}; use output='sigmoid'"
            )
        # Cross-entropy scores only the true class's output; without softmax
        # tying the outputs together, every output would just grow to 1.
        if loss.name == "cross_entropy" and self.output.name != "softmax":
            raise ValueError(
                f"cross_entropy needs output='softmax' (class probabilities "
                f"that sum to 1), but the output activation is "
                f"{self.output.name!r}; for one sigmoid output use "
                "loss='binary_cross_entropy'"
            )
        # The cross-entropies take targets as probabilities: a target of 2
        # would give a negative loss that training drives ever lower.
        if (Y < 0).any() or (Y > 1).any():
            raise ValueError(
                f"{loss.name} needs targets in [0, 1] (labels or probabilities), "
                f"but Y holds values from {Y.min():g} to {Y.max():g}"
            )


def _is_positive_int(value):
    return (
        isinstance(value, (int, np.integer))
        and not isinstance(value, bool)
        and value >= 1
    )


def _is_positive_number(value):
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )
