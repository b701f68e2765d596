"""IPTC Media Topics from keyword evidence: each supported topic has a keyword list (data file);
a topic's score is its share of the weighted keyword hits in the article."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
FIELD_WEIGHTS = (("title", 3.0), ("standfirst", 2.0), ("body", 1.0))
MIN_SHARE = 0.15  # a top-level topic needs this share of the hits (the best one always counts)
MIN_CHILD_SHARE = 0.1
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


class TopicClassifier:
    def __init__(self, topics: list[Topic] | None = None):
        self.topics = topics if topics is not None else load_topics()
        self._stem = lru_cache(maxsize=65536)(_stem)  # words repeat across articles
        self._by_keyword: dict[str, list[str]] = {}
        for topic in self.topics:
            for keyword in topic.keywords:
                self._by_keyword.setdefault(keyword, []).append(topic.code)

    def _hits(self, article: dict) -> dict[str, float]:
        hits = dict.fromkeys((t.code for t in self.topics), 0.0)
        for word, weight in _weighted_words(article, self._stem).items():
            for code in self._by_keyword.get(word, ()):
                hits[code] += weight
        return hits

    def classify(self, article: dict) -> list[dict]:
        hits = self._hits(article)
        top = {t.code: hits[t.code] + sum(hits[c.code] for c in self.topics if c.parent == t.code)
               for t in self.topics if t.parent is None}
        total = sum(top.values())
        if not total:
            return []
        ranked = sorted(top, key=lambda code: (-top[code], code))
        chosen = [c for i, c in enumerate(ranked[:MAX_TOPICS]) if i == 0 or top[c] / total >= MIN_SHARE]
        labels = {t.code: t.label for t in self.topics}
        result = [{"code": c, "label": labels[c], "score": round(top[c] / total, 4)} for c in chosen]
        for t in self.topics:
            if t.parent in chosen and hits[t.code] / total >= MIN_CHILD_SHARE:
                result.append({"code": t.code, "label": t.label, "score": round(hits[t.code] / total, 4)})
        return sorted(result, key=lambda r: (-r["score"], r["code"]))
