"""nanoprop: a small neural-network engine, written to be read.

Every gradient is computed by hand with numpy, the way the lessons derive it.
The public API:

- ``MLP``: a fully connected network with ``forward``, ``backward``,
  ``step``, ``fit``, ``predict`` and ``classify``;
- ``activations`` and ``losses``: the functions, their derivatives, and a
  registry of each by name;
- ``dense_forward``, ``dense_backward``, ``output_delta``: one layer's
  steps, as the lessons show them;
- ``gradcheck``, ``check_activation``, ``check_loss``: comparisons with
  finite differences;
- ``init``: initialisation schemes by name;
- ``data``: ``xor``, ``digits``, ``one_hot``, ``train_test_split``.
"""

from . import activations, data, init, losses
from .activations import sigmoid, sigmoid_prime
from .data import digits, one_hot, train_test_split, xor
from .gradcheck import check_activation, check_loss, gradcheck
from .layers import dense_backward, dense_forward, output_delta
from .network import MLP, TrainingDiverged

__all__ = [
    "MLP",
    "TrainingDiverged",
    "activations",
    "check_activation",
    "check_loss",
    "data",
    "dense_backward",
    "dense_forward",
    "digits",
    "gradcheck",
    "init",
    "losses",
    "one_hot",
    "output_delta",
    "sigmoid",
    "sigmoid_prime",
    "train_test_split",
    "xor",
]

__version__ = "0.1.0"
