"""nanoprop: a small neural-network engine, written to be read.

Every gradient is computed by hand with numpy, the way the lessons derive it.
"""

from . import activations, losses
from .activations import sigmoid, sigmoid_prime
from .data import xor
from .layers import dense_backward, dense_forward, output_delta
from .network import MLP, TrainingDiverged

__all__ = [
    "MLP",
    "TrainingDiverged",
    "activations",
    "dense_backward",
    "dense_forward",
    "losses",
    "output_delta",
    "sigmoid",
    "sigmoid_prime",
    "xor",
]

__version__ = "0.1.0"
