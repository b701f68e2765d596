"""Fitting the article model's second stage: boosted trees (scikit-learn's
HistGradientBoostingClassifier) turned into the complete-depth arrays of worker.cleaning.trees.
Deterministic: no early stopping, no sampling of rows or columns, and one thread (histograms summed
by several threads differ in their last bits, and so would the file).
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from worker.cleaning.trees import Trees

DEPTH = 4
ROUNDS = 150
LEARNING_RATE = 0.05
MIN_LEAF = 40
_ALWAYS_LEFT = 1e30  # the threshold of a padding split: no value is above it


def fit_trees(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Trees:
    classifier = HistGradientBoostingClassifier(
        max_iter=ROUNDS, learning_rate=LEARNING_RATE, max_depth=DEPTH, max_leaf_nodes=None,
        min_samples_leaf=MIN_LEAF, early_stopping=False, random_state=0)
    with threadpool_limits(limits=1, user_api="openmp"):
        classifier.fit(rows, labels, sample_weight=weights)
    return complete_trees(classifier)


def out_of_fold(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Each row's belief from trees fitted on the rows of the other folds (`folds`: each row's fold)."""
    beliefs = np.zeros(len(labels))
    for fold in np.unique(folds):
        held = folds == fold
        beliefs[held] = fit_trees(rows[~held], labels[~held], weights[~held]).probabilities(rows[held])
    return beliefs


def complete_trees(classifier: HistGradientBoostingClassifier) -> Trees:
    """The fitted trees, each padded to DEPTH levels (a leaf above it becomes a split that always
    goes left to a copy of itself)."""
    splits = 2 ** DEPTH - 1
    count = len(classifier._predictors)
    features = np.zeros((count, splits), dtype=np.intp)
    thresholds = np.full((count, splits), _ALWAYS_LEFT)
    leaves = np.zeros((count, splits + 1))
    for t, (predictor,) in enumerate(classifier._predictors):
        nodes = predictor.nodes

        def place(node: int, slot: int, level: int) -> None:
            if level == DEPTH:
                assert nodes[node]["is_leaf"], "a tree deeper than DEPTH"
                leaves[t, slot - splits] = nodes[node]["value"]
                return
            if nodes[node]["is_leaf"]:
                place(node, 2 * slot + 1, level + 1)
                place(node, 2 * slot + 2, level + 1)
                return
            features[t, slot] = nodes[node]["feature_idx"]
            thresholds[t, slot] = nodes[node]["num_threshold"]
            place(int(nodes[node]["left"]), 2 * slot + 1, level + 1)
            place(int(nodes[node]["right"]), 2 * slot + 2, level + 1)

        place(0, 0, 0)
    base = float(np.ravel(classifier._baseline_prediction)[0])
    return Trees(base, features, thresholds, np.round(leaves, 6))  # thresholds exact: values sit on them
