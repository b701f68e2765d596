"""Near-duplicate detection over recently seen articles: datasketch MinHash of word 5-shingles.

The index is bounded (least recently seen articles are forgotten) and deterministic (a fixed
hash seed). An article is only compared with articles first seen before it, and never with
itself, so reprocessing an article gives the same answer as the first time."""

from __future__ import annotations

import re
from collections import OrderedDict

from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 5
# LSH only proposes candidates; at the reporting threshold itself its banding misses true pairs
# for some seeds, so candidates come from a lower one and the estimate decides.
CANDIDATE_THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


class DuplicateIndex:
    def __init__(self, capacity: int = 5000, threshold: float = 0.8, permutations: int = 128, seed: int = 1):
        self.capacity, self.threshold = capacity, threshold
        self._permutations, self._seed = permutations, seed
        first = MinHash(num_perm=permutations, seed=seed)  # its permutations, drawn once, not per article
        self._drawn, self._scheme = first.permutations, first.scheme
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=permutations)
        self._seen: OrderedDict[str, tuple[int, LeanMinHash]] = OrderedDict()  # least recent first
        self._counter = 0

    def signature(self, text: str) -> LeanMinHash:
        minhash = MinHash(num_perm=self._permutations, seed=self._seed, permutations=self._drawn, scheme=self._scheme)
        minhash.update_batch(list(_shingles(text)))
        return LeanMinHash(minhash)

    def check(self, article_id: str, text: str) -> dict | None:
        """{id, similarity} of the most similar earlier article above the threshold; records this one."""
        signature = self.signature(text)
        order = self._remember(article_id, signature)
        best = None
        for other in self._lsh.query(signature):
            other_order, other_signature = self._seen[other]
            if other_order >= order:
                continue
            candidate = (signature.jaccard(other_signature), -other_order, other)  # ties: the earliest
            if candidate[0] >= self.threshold and (best is None or candidate > best):
                best = candidate
        return None if best is None else {"id": best[2], "similarity": round(float(best[0]), 4)}

    def __len__(self) -> int:
        return len(self._seen)

    def _remember(self, article_id: str, signature: LeanMinHash) -> int:
        if article_id in self._seen:
            order, _ = self._seen.pop(article_id)
            self._lsh.remove(article_id)
        else:
            order, self._counter = self._counter, self._counter + 1
            if len(self._seen) >= self.capacity:
                forgotten, _ = self._seen.popitem(last=False)
                self._lsh.remove(forgotten)
        self._seen[article_id] = (order, signature)
        self._lsh.insert(article_id, signature)
        return order
