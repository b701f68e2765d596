"""Near-duplicate detection over recently seen articles: MinHash signatures of word 5-shingles.

The index is bounded (least recently seen articles are forgotten) and deterministic (fixed hash
parameters). An article is only compared with articles first seen before it, and never with
itself, so reprocessing an article gives the same answer as the first time."""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict

import numpy as np

SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)}
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


class DuplicateIndex:
    def __init__(self, capacity: int = 5000, threshold: float = 0.8, permutations: int = 128, seed: int = 1):
        rng = np.random.default_rng(seed)
        self._a = rng.integers(1, 2**63, permutations, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, permutations, dtype=np.uint64)
        self.capacity, self.threshold = capacity, threshold
        self._signatures = np.zeros((capacity, permutations), dtype=np.uint64)
        self._first_seen = np.full(capacity, -1, dtype=np.int64)  # -1: free slot
        self._ids: list[str | None] = [None] * capacity
        self._slots: OrderedDict[str, int] = OrderedDict()  # id -> slot, least recent first
        self._counter = 0

    def signature(self, text: str) -> np.ndarray:
        hashes = np.array([zlib.crc32(s.encode()) for s in _shingles(text)], dtype=np.uint64)
        return (np.outer(hashes, self._a) + self._b).min(axis=0)

    def check(self, article_id: str, text: str) -> dict | None:
        """{id, similarity} of the most similar earlier article above the threshold; records this one."""
        signature = self.signature(text)
        slot = self._slot_for(article_id)
        earlier = (self._first_seen >= 0) & (self._first_seen < self._first_seen[slot])
        self._signatures[slot] = signature
        if not earlier.any():
            return None
        used = len(self._slots)  # slots fill from 0 and stay filled
        similarity = np.where(earlier[:used], (self._signatures[:used] == signature).mean(axis=1), -1.0)
        best = int(np.argmax(similarity))  # ties: the lowest slot, deterministic
        if similarity[best] < self.threshold:
            return None
        return {"id": self._ids[best], "similarity": round(float(similarity[best]), 4)}

    def _slot_for(self, article_id: str) -> int:
        if article_id in self._slots:
            self._slots.move_to_end(article_id)
            return self._slots[article_id]
        if len(self._slots) < self.capacity:
            slot = len(self._slots)
        else:
            _, slot = self._slots.popitem(last=False)
        self._slots[article_id] = slot
        self._ids[slot] = article_id
        self._first_seen[slot] = self._counter
        self._counter += 1
        return slot
