"""Key phrases: runs of content words (RAKE-style candidates) scored by weighted frequency,
longer phrases preferred, entity names left out (they are entities already)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

FIELD_WEIGHTS = (("title", 3.0), ("standfirst", 2.0), ("body", 1.0))
MAX_WORDS = 3
MAX_KEYWORDS = 8
MIN_WORD_COUNT = 3  # a single word must recur (or be in the title) to be a key phrase
# Words (with inner hyphens/apostrophes) or anything else that breaks a phrase.
_TOKEN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*|[^\sA-Za-z]+")


def _load_stopwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data", "keyword_stopwords.txt").read_text(encoding="utf-8")
    extra = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(STOP_WORDS | extra)


def _normal(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def _verb_like(word: str) -> bool:
    """-ing and -ed forms rarely start or end a key phrase ("ensuring nato support")."""
    return len(word) > 4 and (word.endswith("ing") or (word.endswith("ed") and not word.endswith("eed")))


def _phrase(run: list[str]) -> str | None:
    while run and _verb_like(run[0]):
        run = run[1:]
    while run and _verb_like(run[-1]):
        run = run[:-1]
    return " ".join(run) if 0 < len(run) <= MAX_WORDS else None


def _candidates(text: str, stopwords: frozenset[str], normal=_normal) -> list[str]:
    """Runs of content words between stop words and punctuation, as phrases of up to 3 words."""
    phrases, run = [], []
    for token in _TOKEN.findall(text) + ["."]:
        word = normal(token)
        if token[0].isalpha() and word not in stopwords and len(word) > 2:
            run.append(word)
            continue
        phrase = _phrase(run)
        if phrase:
            phrases.append(phrase)
        run = []
    return phrases


class KeywordExtractor:
    def __init__(self):
        self.stopwords = _load_stopwords()
        self._normal = lru_cache(maxsize=65536)(_normal)  # words repeat across articles

    def extract(self, article: dict, entity_names: set[str]) -> list[dict]:
        """Up to MAX_KEYWORDS phrases, best first, scored relative to the best."""
        scores, counts = self._scores(article)
        title_words = set(_candidates(article.get("title") or "", self.stopwords, self._normal))
        names = _Names({_normal(name) for name in entity_names})
        ranked = sorted(
            ((score * (1 + 0.5 * phrase.count(" ")), phrase) for phrase, score in scores.items()
             if not names.cover(phrase)
             and (" " in phrase or counts[phrase] >= MIN_WORD_COUNT or phrase in title_words)),
            key=lambda item: (-item[0], item[1]))
        chosen = _distinct(ranked)
        top = chosen[0][0] if chosen else 1.0
        return [{"text": phrase, "score": round(score / top, 4)} for score, phrase in chosen]

    def _scores(self, article: dict) -> tuple[Counter, Counter]:
        scores: Counter = Counter()
        counts: Counter = Counter()
        for field, weight in FIELD_WEIGHTS:
            for phrase in _candidates(article.get(field) or "", self.stopwords, self._normal):
                scores[phrase] += weight
                counts[phrase] += 1
        return scores, counts


class _Names:
    """Entity names, to keep key phrases that only repeat them out."""

    def __init__(self, names: set[str]):
        self.names = names
        self.words = {word for name in names for word in name.split()}

    def cover(self, phrase: str) -> bool:
        """The phrase is a name, only name words, or holds a full multi-word name: a phrase has at
        most MAX_WORDS words, so its few runs of words are looked up instead of every name."""
        words = phrase.split()
        return (phrase in self.names or set(words) <= self.words
                or any(" ".join(words[i:j]) in self.names
                       for i in range(len(words)) for j in range(i + 2, len(words) + 1)))


def _distinct(ranked: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The best phrases, skipping one whose words hold or are held by a phrase already chosen."""
    chosen: list[tuple[float, str]] = []
    for score, phrase in ranked:
        words = set(phrase.split())
        if not any(words <= set(kept.split()) or set(kept.split()) <= words for _, kept in chosen):
            chosen.append((score, phrase))
        if len(chosen) == MAX_KEYWORDS:
            break
    return chosen
