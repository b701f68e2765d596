"""Tagging stage: cleaned-article.v1 dict -> enriched-article.v1 dict.

`Tagger` holds what is loaded once (models, gazetteers); `tag_many` is a pure function of its
input articles and that loaded state.
"""

from __future__ import annotations

import re

__all__ = ["Tagger", "load"]

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


class Tagger:
    def __init__(self, model_name: str = "en_core_web_sm"):
        self.model_name = model_name

    def tag_many(self, articles: list[dict]) -> list[dict]:
        return [self._tag(article) for article in articles]

    def _tag(self, article: dict) -> dict:
        words = word_count(article["body"])
        given = article.get("language")
        enriched = {k: v for k, v in article.items() if k != "language"}
        enriched.update(
            schema="enriched-article.v1",
            language={"code": given, "confidence": 1.0} if given else {"code": None, "confidence": 0.0},
            word_count=words,
            reading_time_seconds=round(words * 60 / WORDS_PER_MINUTE),
            entities=[],
            topics=[],
            keywords=[],
            quotes=[],
            duplicate_of=None,
        )
        return enriched


def load(model_name: str = "en_core_web_sm") -> Tagger:
    return Tagger(model_name)
