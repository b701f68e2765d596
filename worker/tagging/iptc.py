"""The IPTC Media Topics vocabulary as lexical evidence: how close an article's words are to each
top-level topic and each second-level topic, by BM25 over the labels and definitions of the
topic and all the topics under it (data/iptc_topics.json, taken from IPTC's NewsCodes)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

K1, B = 1.2, 0.75  # BM25 term saturation and length normalisation
_WORD = re.compile(r"[a-z]+")
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@dataclass(frozen=True)
class Concept:
    code: str
    label: str
    definition: str
    parent: str | None


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """A light stem, so "elections", "voting" and "voted" meet "election" and "vote"."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[:len(word) - len(suffix)] + replacement
    return word


def terms(text: str) -> list[str]:
    """Content words of a text, lower-cased and stemmed; stop words and short words left out."""
    return [root(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS]


def load_concepts() -> list[Concept]:
    with resources.files(__package__).joinpath("data", "iptc_topics.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return [Concept(c["code"], c["label"], c["definition"], c["parent"]) for c in data["concepts"]]


class Vocabulary:
    """Concepts with their subtrees as BM25 documents, for the top two levels."""

    def __init__(self, concepts: list[Concept] | None = None):
        self.concepts = {c.code: c for c in (concepts if concepts is not None else load_concepts())}
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for c in self.concepts.values():
            self.children[c.parent].append(c.code)
        self.tops = sorted(self.children[None])
        texts = {code: Counter(terms(f"{c.label} {c.label} {c.definition}")) for code, c in self.concepts.items()}
        document_frequency = Counter(t for counts in texts.values() for t in counts)
        idf = {t: math.log(1 + len(texts) / df) for t, df in document_frequency.items()}
        subtrees = {code: self._subtree(code, texts) for code in self.concepts if self.level(code) <= 1}
        self._index = _Index(subtrees, idf)
        self._subtree_terms = {code: frozenset(counts) for code, counts in subtrees.items()}

    def level(self, code: str) -> int:
        depth, parent = 0, self.concepts[code].parent
        while parent:
            depth, parent = depth + 1, self.concepts[parent].parent
        return depth

    def _subtree(self, code: str, texts: dict[str, Counter]) -> Counter:
        counts, stack = Counter(), [code]
        while stack:
            current = stack.pop()
            counts.update(texts[current])
            stack.extend(self.children[current])
        return counts

    def scores(self, article_terms: Counter) -> dict[str, float]:
        """BM25 score of the article against every top- and second-level subtree."""
        return self._index.scores(article_terms)

    def shared_terms(self, article_terms: Counter, code: str) -> int:
        """How many distinct article terms occur in the subtree of a top- or second-level code."""
        return len(self._subtree_terms.get(code, frozenset()).intersection(article_terms))

    def label(self, code: str) -> str:
        return self.concepts[code].label


class _Index:
    """An inverted index of BM25 term weights: scoring an article costs its distinct words."""

    def __init__(self, documents: dict[str, Counter], idf: dict[str, float]):
        average = sum(sum(c.values()) for c in documents.values()) / max(1, len(documents))
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code, counts in documents.items():
            norm = K1 * (1 - B + B * sum(counts.values()) / average)
            for term, count in counts.items():
                self.postings[term].append((code, idf[term] * count * (K1 + 1) / (count + norm)))

    def scores(self, article_terms: Counter) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for term, weight in article_terms.items():
            for code, term_weight in self.postings.get(term, ()):
                totals[code] += math.log1p(weight) * term_weight
        return totals
