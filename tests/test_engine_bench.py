"""The benchmark's floor computes exactly what the engine computes.

scripts/bench.py times nanoprop against hand-fused loops; the comparison is
only fair if both do the same arithmetic. Here both run a few epochs and
must record the same loss, epoch by epoch, to 1e-12 relative (the same
operations, in an order that differs only inside numpy's reductions).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from nanoprop import xor

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_xor_floor_matches_the_engine(bench):
    X, Y = xor()
    spec = dict(bench.XOR, epochs=200)
    _, engine = bench.run_nanoprop(X, Y, spec, "mse", "sigmoid")
    _, floor = bench.fused_xor(X, Y, spec)
    np.testing.assert_allclose(floor, engine, rtol=1e-12)


def test_digits_floor_matches_the_engine(bench):
    # Random stand-in data of the digits' shape: the arithmetic is the point.
    rng = np.random.default_rng(0)
    X = rng.random((200, 64))
    Y = np.eye(10)[rng.integers(0, 10, 200)]
    spec = dict(bench.DIGITS, epochs=3)
    _, engine = bench.run_nanoprop(X, Y, spec, "cross_entropy", "softmax")
    _, floor = bench.fused_digits(X, Y, spec)
    np.testing.assert_allclose(floor, engine, rtol=1e-12)


def test_ratio_lines(bench, capsys, monkeypatch):
    # The last lines are the machine-readable RATIO lines, one per workload.
    monkeypatch.setattr(bench, "XOR", dict(bench.XOR, epochs=20))
    monkeypatch.setattr(bench, "DIGITS", dict(bench.DIGITS, epochs=1))
    monkeypatch.setattr("sys.argv", ["bench.py", "--repeats", "1", "--no-others"])
    bench.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[:2] for line in lines[-2:]] == [
        ["RATIO", "xor"],
        ["RATIO", "digits"],
    ]
    assert all(float(line.split()[2]) > 0 for line in lines[-2:])
