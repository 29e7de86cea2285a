"""The engine's gradients against PyTorch's automatic differentiation.

Same network, same weights, same data, same loss, all in float64: the
hand-derived backward pass and torch.autograd must agree to 1e-10 relative
(the two compute the same sums in different orders; float64 rounding is
about 1e-16 per operation, so 1e-10 leaves a wide margin, and any mistake in
a derivative is many orders of magnitude larger).
"""

from __future__ import annotations

import numpy as np
import pytest

from nanoprop import MLP, one_hot

torch = pytest.importorskip(
    "torch",
    reason="PyTorch is not installed (pip install torch); CI installs the "
    "CPU build to compare the gradients with torch.autograd",
)

TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "identity": lambda z: z,
    "softmax": lambda z: torch.softmax(z, dim=1),
}


def torch_loss(name, a, y):
    """The engine's losses, each a mean over the n samples."""
    n = a.shape[0]
    if name == "mse":
        return 0.5 * ((a - y) ** 2).sum() / n
    if name == "binary_cross_entropy":
        return -(y * torch.log(a) + (1 - y) * torch.log(1 - a)).sum() / n
    if name == "cross_entropy":
        return -(y * torch.log(a)).sum() / n
    raise AssertionError(name)


CASES = [
    ([2, 4, 1], "sigmoid", "sigmoid", "mse"),
    ([3, 5, 4, 2], "tanh", "sigmoid", "binary_cross_entropy"),
    ([3, 5, 4, 3], "relu", "softmax", "cross_entropy"),
    ([3, 6, 3], "sigmoid", "softmax", "mse"),
    ([4, 3, 3, 3, 2], "tanh", "tanh", "mse"),
    ([3, 5, 2], "relu", "identity", "mse"),
    ([64, 32, 10], "sigmoid", "softmax", "cross_entropy"),
]


@pytest.mark.parametrize("sizes, hidden, output, loss", CASES)
def test_gradients_match_torch_autograd(sizes, hidden, output, loss):
    rng = np.random.default_rng(len(sizes) * 10 + sizes[-1])
    model = MLP(sizes, activation=hidden, output=output, seed=1)
    for b in model.biases:  # non-zero biases, so every term is exercised
        b[:] = rng.normal(0.0, 0.5, size=b.shape)
    X = rng.normal(size=(7, sizes[0]))
    if loss == "cross_entropy":
        Y = one_hot(rng.integers(0, sizes[-1], size=7), sizes[-1])
    else:
        Y = rng.random((7, sizes[-1]))

    model.forward(X)
    ours = model.backward(Y, loss)

    params = [
        torch.tensor(p, dtype=torch.float64, requires_grad=True)
        for p in model.parameters()
    ]
    a = torch.tensor(X)
    last = len(model.weights) - 1
    for layer in range(last + 1):
        W, b = params[2 * layer], params[2 * layer + 1]
        f = TORCH_ACTIVATIONS[output if layer == last else hidden]
        a = f(a @ W + b)
    torch_loss(loss, a, torch.tensor(Y)).backward()

    theirs = [p.grad.numpy() for p in params]
    for (dW, db), tW, tb in zip(ours, theirs[::2], theirs[1::2], strict=True):
        np.testing.assert_allclose(dW, tW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(db, tb, rtol=1e-10, atol=1e-15)


def test_the_comparison_can_fail():
    # A network whose weights differ by 1e-6 must not pass at 1e-10.
    sizes = [2, 3, 1]
    model = MLP(sizes, seed=0)
    X = np.array([[0.5, -1.0], [1.5, 2.0]])
    Y = np.array([[1.0], [0.0]])
    model.forward(X)
    ours = model.backward(Y)
    W = [torch.tensor(w + 1e-6, requires_grad=True) for w in model.weights]
    b = [torch.tensor(v, requires_grad=True) for v in model.biases]
    a = torch.sigmoid(torch.sigmoid(torch.tensor(X) @ W[0] + b[0]) @ W[1] + b[1])
    torch_loss("mse", a, torch.tensor(Y)).backward()
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(ours[0][0], W[0].grad.numpy(), rtol=1e-10)
