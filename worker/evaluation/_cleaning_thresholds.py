"""Decision thresholds of the boilerplate model, chosen inside the training data.

A threshold is picked on out-of-fold beliefs (each document scored by a model that never saw its
publisher) as the one that maximises the evaluation's score on the training documents: kept body
words against kept words and against body words, averaged over documents, F1 of the two averages
(or, with `beta`, the F-score that weighs precision 1/beta times as much as recall).
Nothing of a held-out publisher takes part, so a leave-publisher-out score stays honest.
"""

from __future__ import annotations

import numpy as np

from worker.cleaning.model import region_of

GRID = tuple(round(0.1 + 0.05 * i, 2) for i in range(15))  # 0.10 ... 0.80
TOLERANCE = 0.0005


def _f_score(kept_sets: list[np.ndarray], labels: list[np.ndarray], words: list[np.ndarray], beta: float) -> float:
    precisions, recalls = [], []
    for keep, label, weight in zip(kept_sets, labels, words):
        body = float(weight[label == 1].sum())
        if not body:
            continue
        kept = float(weight[keep].sum())
        hit = float(weight[keep & (label == 1)].sum())
        precisions.append(hit / kept if kept else 0.0)
        recalls.append(hit / body)
    if not precisions:
        return 0.0
    return f_beta(float(np.mean(precisions)), float(np.mean(recalls)), beta)


def f_beta(precision: float, recall: float, beta: float) -> float:
    """The F-score that weighs precision 1/beta times as much as recall."""
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0


def _region(first: np.ndarray, final: np.ndarray, words: np.ndarray, threshold: float) -> np.ndarray:
    """As model.page_region, over unit weights."""
    keep = region_of(list(words), list(final), threshold)
    if not any(keep):
        keep = region_of(list(words), list(first), threshold)
    return np.array(keep, dtype=bool)


def choose(beliefs: list[np.ndarray], labels: list[np.ndarray], words: list[np.ndarray],
           first: list[np.ndarray] | None = None, beta: float = 1.0) -> float:
    """The lowest grid threshold whose score is within TOLERANCE of the best (scores that close are
    the same within the noise of the training documents, and of two such thresholds the lower one
    loses less body); with `first` (the first pass's beliefs), units are kept only inside the
    page's article region (as the page model decides)."""
    scores = []
    for threshold in GRID:
        if first is not None:
            kept = [_region(f, b, w, threshold) for f, b, w in zip(first, beliefs, words)]
        else:
            kept = [b >= threshold for b in beliefs]
        scores.append(_f_score(kept, labels, words, beta))
    best = max(scores)
    return next(t for t, score in zip(GRID, scores) if score >= best - TOLERANCE)
