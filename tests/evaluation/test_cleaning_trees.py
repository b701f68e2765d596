"""Boosted trees fitted with scikit-learn and turned into the stage's complete-depth arrays."""

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from worker.evaluation import _cleaning_trees as fitting


def _data(seed: int = 0):
    rng = np.random.RandomState(seed)
    rows = rng.randn(2000, 5)
    rows[:, 3] = rng.randint(0, 3, 2000)  # values that sit on split thresholds
    labels = (rows[:, 0] + rows[:, 1] * rows[:, 2] + 0.5 * rows[:, 3] + 0.3 * rng.randn(2000) > 0.5).astype(int)
    return rows, labels, rng.rand(2000) + 0.5


def test_the_arrays_give_what_scikit_learn_gives():
    rows, labels, weights = _data()
    classifier = HistGradientBoostingClassifier(
        max_iter=fitting.ROUNDS, learning_rate=fitting.LEARNING_RATE, max_depth=fitting.DEPTH, max_leaf_nodes=None,
        min_samples_leaf=fitting.MIN_LEAF, early_stopping=False, random_state=0).fit(rows, labels, sample_weight=weights)
    trees = fitting.complete_trees(classifier)
    assert trees.depth == fitting.DEPTH and len(trees.leaves) == fitting.ROUNDS
    assert np.abs(trees.probabilities(rows) - classifier.predict_proba(rows)[:, 1]).max() < 1e-4


def test_fitting_is_deterministic():
    rows, labels, weights = _data(1)
    first, second = fitting.fit_trees(rows, labels, weights), fitting.fit_trees(rows, labels, weights)
    assert first.to_dict() == second.to_dict()
