"""Boosted decision trees of one fixed depth, stored as plain lists and walked with numpy.

The article model's second stage (model.TwoPass.trees): it rescores each unit of article text from
the first pass's beliefs about it and its neighbours and from numbers that describe it
(features.unit_numbers). Every tree is complete to `depth` levels (a leaf above that depth is a
split that always goes left, to two copies of the leaf), so the trees of a text walk together:
`depth` vectorised steps over all trees and units at once, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trees:
    base: float             # the log-odds before any tree
    features: np.ndarray    # (trees, 2**depth - 1) ints: the column each split reads
    thresholds: np.ndarray  # (trees, 2**depth - 1): a split goes right when the value is above it
    leaves: np.ndarray      # (trees, 2**depth): what each leaf adds to the log-odds

    @property
    def depth(self) -> int:
        return int(self.leaves.shape[1]).bit_length() - 1

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability of the positive class for each row of a (units, columns) array."""
        count, splits = self.features.shape
        trees = (np.arange(count) * splits)[:, None]  # flat indexes: one-dimensional takes are the fast ones
        cells = (np.arange(len(rows)) * rows.shape[1])[None, :]
        features, thresholds, values = self.features.ravel(), self.thresholds.ravel(), rows.ravel()
        node = np.zeros((count, len(rows)), dtype=np.intp)
        for _ in range(self.depth):
            at = trees + node
            node = 2 * node + 1 + (values.take(cells + features.take(at)) > thresholds.take(at))
        leaves = (np.arange(count) * (splits + 1))[:, None] + node - splits
        z = self.base + self.leaves.ravel().take(leaves).sum(axis=0)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def to_dict(self) -> dict:
        return {"base": self.base, "features": self.features.tolist(), "thresholds": self.thresholds.tolist(),
                "leaves": self.leaves.tolist()}

    @classmethod
    def from_dict(cls, spec: dict) -> "Trees":
        return cls(float(spec["base"]), np.array(spec["features"], dtype=np.intp),
                   np.array(spec["thresholds"], dtype=float), np.array(spec["leaves"], dtype=float))
