"""IPTC Media Topics for an article, from three kinds of evidence:

- keyword lists per topic (data/topics.json, newsworker's own): each top-level topic's share of
  the weighted keyword hits;
- the IPTC vocabulary itself (`iptc`): BM25 closeness of the article's words to the labels and
  definitions of each topic's subtree, as shares over the top-level topics;
- learned word weights (data/topic_model.json): a linear model fitted on labelled articles of a
  few top-level topics. It only divides the evidence those topics already have among them, so it
  never pulls an article towards the topics it was trained on.

The mixed shares are calibrated (raised to a fitted power and renormalised), so a top-level
score is the probability that the topic is the article's main one. Second-level topics are
reported under a chosen top-level topic when one child holds most of the IPTC closeness among
its siblings, or its keyword list is hit often enough; their score is the parent's times the
child's part of it."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from worker.tagging import iptc

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
FIELD_WEIGHTS = (("title", 3.0), ("standfirst", 2.0), ("body", 1.0))
MIN_SHARE = 0.15  # a further top-level topic needs this probability or keyword share (the best always counts)
MIN_CHILD_SHARE = 0.1  # of the keyword hits, for a second-level topic's keyword list
MIN_CHILD_CLOSENESS = 0.5  # of the IPTC closeness among the siblings, for a second-level topic
MIN_CHILD_TERMS = 3  # distinct article words shared with that second-level subtree
MAX_TOPICS = 3


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    parent: str | None
    keywords: frozenset[str]


def _stem(word: str) -> str:
    word = word.replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def load_topics() -> list[Topic]:
    with resources.files(__package__).joinpath("data", "topics.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return [Topic(t["code"], t["label"], t["parent"], frozenset(_stem(k) for k in t["keywords"]))
            for t in data["topics"]]


def _weighted_words(article: dict, stem=_stem) -> Counter:
    counts: Counter = Counter()
    for field, weight in FIELD_WEIGHTS:
        for word in _WORD.findall((article.get(field) or "").lower()):
            counts[stem(word)] += weight
    return counts


class Mix(NamedTuple):
    learned: float  # how much of its topics' evidence the learned model redistributes
    lexical: float  # weight of the IPTC closeness beside the keyword shares
    sharpness: float = 1.0  # exponent that turns evidence shares into calibrated probabilities


@dataclass(frozen=True)
class WordModel:
    """Multinomial logistic regression over sublinear, L2-normalised TF-IDF of `iptc.terms`."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, tuple[float, ...]]]  # term -> (idf, one weight per class)
    intercepts: tuple[float, ...]

    def probabilities(self, counts: Counter) -> dict[str, float]:
        values = {t: (1 + math.log(n)) * self.weights[t][0] for t, n in counts.items() if n > 0 and t in self.weights}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        logits = list(self.intercepts)
        for term, value in values.items():
            for i, weight in enumerate(self.weights[term][1]):
                logits[i] += value / norm * weight
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        return {c: e / sum(exps) for c, e in zip(self.classes, exps)}


def load_word_model() -> tuple[WordModel, Mix, float] | None:
    """The learned word weights, their mix with the other evidence and their regularisation."""
    path = resources.files(__package__).joinpath("data", "topic_model.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {t: (idf, tuple(w)) for t, (idf, w) in data["terms"].items()}
    model = WordModel(tuple(data["classes"]), weights, tuple(data["intercepts"]))
    return model, Mix(data["mix"]["learned"], data["mix"]["lexical"], data["mix"].get("sharpness", 1.0)), data["C"]


def weighted_terms(article: dict) -> Counter:
    counts: Counter = Counter()
    for field, weight in FIELD_WEIGHTS:
        for term in iptc.terms(article.get(field) or ""):
            counts[term] += weight
    return counts


class Evidence(NamedTuple):
    keywords: dict[str, float]  # top-level code -> share of the keyword hits
    lexical: dict[str, float]  # top-level code -> share of the IPTC closeness
    closeness: dict[str, float]  # top- and second-level code -> BM25 score
    hits: dict[str, float]  # code -> weighted keyword hits
    total_hits: float
    terms: Counter


def _shares(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0 else {k: 0.0 for k in scores}


def calibrate(shares: dict[str, float], sharpness: float) -> dict[str, float]:
    """Shares raised to a power and renormalised (a temperature on their logarithms)."""
    return _shares({code: share ** sharpness for code, share in shares.items()})


_DEFAULT = object()


class TopicClassifier:
    def __init__(self, topics: list[Topic] | None = None, vocabulary: iptc.Vocabulary | None = None,
                 words=_DEFAULT):
        self.topics = topics if topics is not None else load_topics()
        self.vocabulary = vocabulary or _vocabulary()
        learned = load_word_model() if words is _DEFAULT else words
        self.words, self.mix, self.c = learned if learned else (None, Mix(0.0, 0.5), None)
        self._stem = lru_cache(maxsize=65536)(_stem)  # words repeat across articles
        self._by_keyword: dict[str, list[str]] = {}
        for topic in self.topics:
            for keyword in topic.keywords:
                self._by_keyword.setdefault(keyword, []).append(topic.code)
        self._tops = sorted({t.code for t in self.topics if t.parent is None} | set(self.vocabulary.tops))

    def _hits(self, article: dict) -> dict[str, float]:
        hits = dict.fromkeys((t.code for t in self.topics), 0.0)
        for word, weight in _weighted_words(article, self._stem).items():
            for code in self._by_keyword.get(word, ()):
                hits[code] += weight
        return hits

    def evidence(self, article: dict, terms: Counter | None = None) -> Evidence:
        hits = self._hits(article)
        keywords = dict.fromkeys(self._tops, 0.0)
        for t in self.topics:
            keywords[t.parent or t.code] += hits[t.code]
        terms = terms if terms is not None else weighted_terms(article)
        closeness = self.vocabulary.scores(terms)
        lexical = _shares({code: closeness.get(code, 0.0) for code in self._tops})
        return Evidence(_shares(keywords), lexical, closeness, hits, sum(hits.values()), terms)

    def combine(self, evidence: Evidence, learned: dict[str, float] | None, mix: Mix) -> dict[str, float]:
        """Top-level code -> share of the evidence; empty when the article gives none."""
        base = _shares({c: evidence.keywords[c] + mix.lexical * evidence.lexical[c] for c in self._tops})
        if not any(base.values()):
            return {}
        if learned:
            mass = sum(base.get(c, 0.0) for c in learned)
            for code, probability in learned.items():
                base[code] = (1 - mix.learned) * base.get(code, 0.0) + mix.learned * mass * probability
        return calibrate(base, mix.sharpness)

    def top(self, evidence: Evidence, learned: dict[str, float] | None, mix: Mix) -> str | None:
        scores = self.combine(evidence, learned, mix)
        return min(scores, key=lambda code: (-scores[code], code)) if scores else None

    def classify(self, article: dict) -> list[dict]:
        evidence = self.evidence(article)
        learned = self.words.probabilities(evidence.terms) if self.words else None
        scores = self.combine(evidence, learned, self.mix)
        if not scores:
            return []
        ranked = sorted(scores, key=lambda code: (-scores[code], code))
        # A second topic needs MIN_SHARE of the probability or of the keyword hits: probabilities
        # fitted on single-topic articles are sharp, while news often has a clear second subject.
        chosen = [c for i, c in enumerate(ranked[:MAX_TOPICS])
                  if i == 0 or scores[c] >= MIN_SHARE or evidence.keywords.get(c, 0.0) >= MIN_SHARE]
        result = {c: {"code": c, "label": self.vocabulary.label(c), "score": round(scores[c], 4)} for c in chosen}
        for code, score in self._subtopics(evidence, {c: scores[c] for c in chosen}).items():
            if code not in result or result[code]["score"] < score:
                result[code] = {"code": code, "label": self.vocabulary.label(code), "score": round(score, 4)}
        return sorted(result.values(), key=lambda r: (-r["score"], r["code"]))

    def _subtopics(self, evidence: Evidence, chosen: dict[str, float]) -> dict[str, float]:
        """Second-level code -> score, where the evidence for it is clear."""
        found = {}
        for t in self.topics:
            if t.parent in chosen and evidence.total_hits and evidence.hits[t.code] / evidence.total_hits >= MIN_CHILD_SHARE:
                family = evidence.hits[t.parent] + sum(evidence.hits[c.code] for c in self.topics if c.parent == t.parent)
                found[t.code] = chosen[t.parent] * evidence.hits[t.code] / family
        for parent, score in chosen.items():
            children = self.vocabulary.children.get(parent, [])
            closeness = {c: evidence.closeness.get(c, 0.0) for c in children}
            total = sum(closeness.values())
            for child, value in closeness.items():
                if total and value / total >= MIN_CHILD_CLOSENESS and self._shared_terms(evidence, child) >= MIN_CHILD_TERMS:
                    found[child] = max(found.get(child, 0.0), score * value / total)
        return found

    def _shared_terms(self, evidence: Evidence, code: str) -> int:
        return self.vocabulary.shared_terms(evidence.terms, code)


@lru_cache(maxsize=1)
def _vocabulary() -> iptc.Vocabulary:
    return iptc.Vocabulary()
