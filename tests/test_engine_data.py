"""The data sets and the helpers that prepare them."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

from nanoprop import MLP, data


def test_xor_truth_table():
    X, Y = data.xor()
    assert X.shape == (4, 2) and Y.shape == (4, 1)
    assert Y.ravel().tolist() == [float(a != b) for a, b in X]


def test_one_hot_worked_example():
    np.testing.assert_array_equal(
        data.one_hot([2, 0, 1]), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    )
    assert data.one_hot([1], n_classes=4).tolist() == [[0, 1, 0, 0]]


@pytest.mark.parametrize(
    "labels, n_classes, match",
    [
        ([[0, 1]], None, "shape"),
        ([0.5, 1], None, "whole numbers"),
        ([-1, 0], None, ">= 0"),
        ([0, 3], 3, "n_classes=3"),
    ],
)
def test_one_hot_rejects_bad_labels(labels, n_classes, match):
    with pytest.raises(ValueError, match=match):
        data.one_hot(labels, n_classes)


def test_train_test_split_is_seeded_and_keeps_rows_paired():
    X = np.arange(20).reshape(10, 2)
    Y = X[:, :1] * 10
    X_train, X_test, Y_train, Y_test = data.train_test_split(X, Y, 0.3, seed=1)
    assert len(X_train) == 7 and len(X_test) == 3
    np.testing.assert_array_equal(Y_train, X_train[:, :1] * 10)
    np.testing.assert_array_equal(Y_test, X_test[:, :1] * 10)
    # every sample lands in exactly one of the two parts
    both = np.sort(np.concatenate([X_train[:, 0], X_test[:, 0]]))
    np.testing.assert_array_equal(both, X[:, 0])
    again = data.train_test_split(X, Y, 0.3, seed=1)
    np.testing.assert_array_equal(again[1], X_test)
    other = data.train_test_split(X, Y, 0.3, seed=2)
    assert not np.array_equal(other[1], X_test)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 1.5])
def test_train_test_split_rejects_bad_fractions(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        data.train_test_split(np.zeros((5, 2)), np.zeros(5), fraction)


def test_train_test_split_rejects_unpaired_rows():
    with pytest.raises(ValueError, match=r"\(5, 2\).*\(4,\)"):
        data.train_test_split(np.zeros((5, 2)), np.zeros(4))


def test_digits_without_scikit_learn_says_how_to_install_it(monkeypatch):
    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    with pytest.raises(ImportError, match=r"pip install scikit-learn"):
        data.digits()


def test_digits():
    pytest.importorskip(
        "sklearn", reason="the digits come with scikit-learn: pip install .[data]"
    )
    X, labels = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert labels.shape == (1797,)
    assert labels.dtype.kind == "i"
    assert sorted(set(labels.tolist())) == list(range(10))


def test_digits_are_learned():
    # The bench's workload: 64-32-10, 20 epochs of batches of 32. Held-out
    # accuracy above 90 % (it reaches about 96 %; chance is 10 %).
    pytest.importorskip(
        "sklearn", reason="the digits come with scikit-learn: pip install .[data]"
    )
    X, labels = data.digits()
    X_train, X_test, y_train, y_test = data.train_test_split(X, labels, seed=0)
    model = MLP([64, 32, 10], output="softmax", seed=0)
    history = model.fit(
        X_train,
        data.one_hot(y_train, 10),
        epochs=20,
        lr=0.5,
        batch_size=32,
        loss="cross_entropy",
    )
    assert history[-1] < history[0] / 5
    assert np.mean(model.classify(X_test) == y_test) > 0.9
