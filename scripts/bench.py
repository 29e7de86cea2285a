"""Time nanoprop against a hand-fused numpy loop of the same math.

Two workloads, both float64:

- xor: a 2-4-1 sigmoid network, squared error, 10,000 full-batch epochs;
- digits: the 8x8 digits, a 64-32-10 network (sigmoid, then softmax with
  cross-entropy), 20 epochs of mini-batches of 32.

The floor is a loop written by hand for each workload: the engine's own
sigmoid and softmax, the same loss formulas inline, the same starting
weights and shuffles, and everything else fused (the output error reuses
a - y, the sigmoid's slope is a (1 - a), nothing is checked or looked up).
It must record the same loss per epoch as the engine, which is checked.
The engine and the floor run in back-to-back pairs, so that a noisy, shared
machine slows both alike; the table shows the pair whose ratio is the
median (CPU seconds of the process, see CLOCK).

scikit-learn's MLPClassifier and PyTorch (eager, float64, one thread) run
once each where installed. They are not the same math (scikit-learn's
binary output uses log-loss and its weights start elsewhere), only the same
amount of work.

The last lines are machine-readable, one per workload:
``RATIO <workload> <nanoprop time / fused time>``.

Usage: python scripts/bench.py [--repeats N] [--no-others] [--only xor|digits]
"""

from __future__ import annotations

import argparse
import copy
import math
import time
import warnings

import numpy as np

from nanoprop import MLP, xor
from nanoprop.activations import sigmoid, softmax
from nanoprop.losses import TINY

# CPU time of this process: unlike wall-clock time it does not count the
# moments a busy neighbour holds the CPU. Every run here is single-threaded.
CLOCK = time.process_time

XOR = dict(sizes=[2, 4, 1], epochs=10_000, lr=2.0, batch_size=None)
DIGITS = dict(sizes=[64, 32, 10], epochs=20, lr=0.5, batch_size=32)
SEED = 0


def load_digits():
    """The digits as (X, Y one-hot, note); random data of the same shape
    if scikit-learn is missing (the timing does not depend on the values)."""
    from nanoprop import data

    try:
        X, labels = data.digits()
        note = ""
    except ImportError:
        rng = np.random.default_rng(SEED)
        X, labels = rng.random((1797, 64)), rng.integers(0, 10, 1797)
        note = " (random stand-in: scikit-learn is not installed)"
    return X, data.one_hot(labels, 10), note


# nanoprop --------------------------------------------------------------------


def run_nanoprop(X, Y, spec, loss, output):
    model = MLP(spec["sizes"], output=output, seed=SEED)
    start = CLOCK()
    history = model.fit(
        X,
        Y,
        epochs=spec["epochs"],
        lr=spec["lr"],
        batch_size=spec["batch_size"],
        loss=loss,
    )
    return CLOCK() - start, history


# The floor: every step written out by hand -----------------------------------


def fused_xor(X, Y, spec):
    """The XOR run as one loop: two layers, squared error, full batch."""
    start_model = MLP(spec["sizes"], seed=SEED)
    (W1, W2), (b1, b2) = start_model.weights, start_model.biases
    epochs, lr, n = spec["epochs"], spec["lr"], len(X)
    history = []
    start = CLOCK()
    for epoch in range(1, epochs + 1):
        # forward
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        # loss
        diff = a2 - Y
        loss = float(0.5 * np.sum(diff**2) / n)
        if not math.isfinite(loss):
            raise FloatingPointError(f"diverged at epoch {epoch}")
        history.append(loss)
        # backward, with s'(z) = a (1 - a)
        delta2 = diff / n * (a2 * (1.0 - a2))
        dW2, db2 = a1.T @ delta2, delta2.sum(axis=0)
        delta1 = (delta2 @ W2.T) * (a1 * (1.0 - a1))
        dW1, db1 = X.T @ delta1, delta1.sum(axis=0)
        # update
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return CLOCK() - start, history


def fused_digits(X, Y, spec):
    """The digits run as one loop: sigmoid, softmax, cross-entropy."""
    start_model = MLP(spec["sizes"], output="softmax", seed=SEED)
    (W1, W2), (b1, b2) = start_model.weights, start_model.biases
    rng = copy.deepcopy(start_model.rng)  # the same shuffles as the engine
    epochs, lr, size, n = spec["epochs"], spec["lr"], spec["batch_size"], len(X)
    history = []
    start = CLOCK()
    for epoch in range(1, epochs + 1):
        total = 0.0
        order = rng.permutation(n)
        for first in range(0, n, size):
            rows = order[first : first + size]
            x, y, m = X[rows], Y[rows], len(rows)
            # forward
            a1 = sigmoid(x @ W1 + b1)
            a2 = softmax(a1 @ W2 + b2)
            # loss
            loss = float(-np.sum(y * np.log(np.clip(a2, TINY, 1.0))) / m)
            total += loss * m / n
            # backward: softmax with cross-entropy gives (a - y) / m
            delta2 = (a2 - y) / m
            dW2, db2 = a1.T @ delta2, delta2.sum(axis=0)
            delta1 = (delta2 @ W2.T) * (a1 * (1.0 - a1))
            dW1, db1 = x.T @ delta1, delta1.sum(axis=0)
            # update
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
        if not math.isfinite(total):
            raise FloatingPointError(f"diverged at epoch {epoch}")
        history.append(total)
    return CLOCK() - start, history


# Other libraries, once each ---------------------------------------------------


def run_sklearn(X, labels, spec):
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    model = MLPClassifier(
        hidden_layer_sizes=tuple(spec["sizes"][1:-1]),
        activation="logistic",
        solver="sgd",
        alpha=0.0,
        batch_size=spec["batch_size"] or len(X),
        learning_rate_init=spec["lr"],
        momentum=0.0,
        max_iter=spec["epochs"],
        shuffle=spec["batch_size"] is not None,
        tol=0.0,
        n_iter_no_change=spec["epochs"] + 1,
        random_state=SEED,
    )
    start = CLOCK()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, labels)
    return CLOCK() - start, model.loss_curve_


def run_torch(X, Y, spec, output):
    try:
        import torch
    except ImportError:
        return None
    # One thread, like numpy on matrices this small: more threads only wait
    # for each other on a shared 2-core machine.
    torch.set_num_threads(1)
    sizes, lr, epochs = spec["sizes"], spec["lr"], spec["epochs"]
    start_model = MLP(sizes, output=output, seed=SEED)
    layers = []
    for W, b in zip(start_model.weights, start_model.biases, strict=True):
        linear = torch.nn.Linear(*W.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.Sigmoid()]
    net = torch.nn.Sequential(*layers[:-1])  # the output is added below
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    X_t, Y_t = torch.from_numpy(X), torch.from_numpy(Y)
    n = len(X)
    size = spec["batch_size"] or n
    generator = torch.Generator().manual_seed(SEED)
    history = []
    start = CLOCK()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator) if size < n else None
        total = 0.0
        for first in range(0, n, size):
            rows = order[first : first + size] if order is not None else slice(None)
            x, y = X_t[rows], Y_t[rows]
            z = net(x)
            if output == "softmax":
                loss = torch.nn.functional.cross_entropy(z, y)
            else:
                loss = 0.5 * ((torch.sigmoid(z) - y) ** 2).sum() / len(x)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x) / n
        history.append(total)
    return CLOCK() - start, history


# Measuring and reporting -------------------------------------------------------


def compare(name, run_engine, run_fused, repeats):
    """Time the engine and the floor in pairs, back to back.

    A pair runs within a second, so a busy neighbour slows both of its runs
    alike; which one runs first alternates. Returns the two times of the
    median pair (the pair whose ratio engine / floor is the median, so that
    the times and the ratio agree), that ratio, and the final loss.
    """
    engine_times, fused_times = [], []
    for repeat in range(repeats):
        runs = [run_engine, run_fused] if repeat % 2 == 0 else [run_fused, run_engine]
        results = {run: run() for run in runs}
        (t_engine, engine_history), (t_fused, fused_history) = (
            results[run_engine],
            results[run_fused],
        )
        engine_times.append(t_engine)
        fused_times.append(t_fused)
    if not np.allclose(engine_history, fused_history, rtol=1e-9, atol=0.0):
        raise AssertionError(f"{name}: the floor does not compute the same loss")
    pairs = sorted(
        zip(engine_times, fused_times, strict=True), key=lambda p: p[0] / p[1]
    )
    t_engine, t_fused = pairs[len(pairs) // 2]  # the upper one of an even count
    return t_engine, t_fused, t_engine / t_fused, engine_history[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="runs per timing")
    parser.add_argument(
        "--no-others", action="store_true", help="skip scikit-learn and PyTorch"
    )
    parser.add_argument(
        "--only", choices=["xor", "digits"], help="run one workload only"
    )
    args = parser.parse_args()

    X_xor, Y_xor = xor()
    X_dig, Y_dig, note = load_digits()
    workloads = [
        (
            "xor",
            "2-4-1, 10,000 full-batch epochs",
            lambda: run_nanoprop(X_xor, Y_xor, XOR, "mse", "sigmoid"),
            lambda: fused_xor(X_xor, Y_xor, XOR),
            lambda: run_sklearn(X_xor, Y_xor.ravel().astype(int), XOR),
            lambda: run_torch(X_xor, Y_xor, XOR, "sigmoid"),
        ),
        (
            "digits",
            "64-32-10, 20 epochs, batch 32" + note,
            lambda: run_nanoprop(X_dig, Y_dig, DIGITS, "cross_entropy", "softmax"),
            lambda: fused_digits(X_dig, Y_dig, DIGITS),
            lambda: run_sklearn(X_dig, Y_dig.argmax(axis=1), DIGITS),
            lambda: run_torch(X_dig, Y_dig, DIGITS, "softmax"),
        ),
    ]

    rows, ratios = [], []
    for name, what, engine, fused, sklearn_run, torch_run in workloads:
        if args.only and name != args.only:
            continue
        print(f"timing {name} ({what}) ...", flush=True)
        t_engine, t_fused, ratio, final = compare(name, engine, fused, args.repeats)
        rows.append((name, "fused numpy (floor)", t_fused, 1.0, final))
        rows.append((name, "nanoprop", t_engine, ratio, final))
        if not args.no_others:
            for label, run in (
                ("scikit-learn MLPClassifier", sklearn_run),
                ("PyTorch eager", torch_run),
            ):
                result = run()
                if result is None:
                    rows.append((name, label, None, None, None))
                else:
                    seconds, history = result
                    rows.append((name, label, seconds, seconds / t_fused, history[-1]))
        ratios.append((name, ratio))

    print()
    print("| workload | implementation | time (s) | / fused | final loss |")
    print("|---|---|---:|---:|---:|")
    for name, label, seconds, ratio, final in rows:
        if seconds is None:
            print(f"| {name} | {label} | not installed | | |")
        else:
            print(f"| {name} | {label} | {seconds:.3f} | {ratio:.2f} | {final:.4g} |")
    print()
    for name, ratio in ratios:
        print(f"RATIO {name} {ratio:.3f}")


if __name__ == "__main__":
    main()
