"""Tagging stage: cleaned-article.v1 dict -> enriched-article.v1 dict.

`Tagger` holds what is loaded once (the NER model, gazetteers, topic and keyword data, the
language detector, the near-duplicate index); `tag_many` is a function of its input articles and
that state. The only state that changes is the near-duplicate index, which gives an article it
still remembers the same answer as the first time, so reprocessing is idempotent.
"""

from __future__ import annotations

import re

from worker.core import provenance
from worker.tagging import entities, gazetteer, mentions, ner, quotes
from worker.tagging.document import Document
from worker.tagging.duplicates import DuplicateIndex
from worker.tagging.keywords import KeywordExtractor
from worker.tagging.language import LanguageDetector
from worker.tagging.titles import Titles
from worker.tagging.topics import TopicClassifier

__all__ = ["Tagger", "load"]

WORDS_PER_MINUTE = 230
MODEL_LANGUAGE = "en"
# Skip the English model only when another language is this certain: tables and capitalised
# headlines can look foreign to the detector at lower confidence.
SKIP_CONFIDENCE = 0.9
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


class Tagger:
    def __init__(self, model_name: str = ner.PACKAGED, duplicate_capacity: int = 5000,
                 max_model_chars: int = ner.MAX_MODEL_CHARS):
        self.model_name = model_name
        self.max_model_chars = max_model_chars
        self.nlp = ner.load_model(model_name)
        self.gazetteer = gazetteer.load()
        self.titles = Titles()
        self.topics = TopicClassifier()
        self.keywords = KeywordExtractor()
        self.language = LanguageDetector()
        self.duplicates = DuplicateIndex(capacity=duplicate_capacity)

    def tag_many(self, articles: list[dict]) -> list[dict]:
        docs = [Document.of(article) for article in articles]
        languages = [self.language.detect(doc.text) for doc in docs]
        english = [i for i, lang in enumerate(languages) if _for_model(lang)]
        found: list[ner.Found | None] = [None for _ in articles]
        texts = [docs[i].text for i in english]
        for i, result in zip(english, ner.find(self.nlp, texts, max_chars=self.max_model_chars)):
            found[i] = result
        return [self._tag(article, doc, language, result)
                for article, doc, language, result in zip(articles, docs, languages, found)]

    def find_entities(self, doc: Document, spans: list[ner.Span]) -> list[dict]:
        found = mentions.collect(doc.text, spans, self.gazetteer.find(doc.text), self.titles)
        resolved = entities.resolve(doc.text, entities.propagate(doc.text, found))
        return entities.build(doc, resolved)

    def _tag(self, article: dict, doc: Document, language: dict, model: ner.Found | None) -> dict:
        modelled = model is not None
        found = self.find_entities(doc, model.spans if modelled else [])
        words = word_count(article["body"])
        enriched = {k: v for k, v in article.items() if k not in ("language", "schema")}
        enriched.update(
            schema="enriched-article.v1",
            language=language,
            word_count=words,
            reading_time_seconds=round(words * 60 / WORDS_PER_MINUTE),
            entities=found,
            topics=self.topics.classify(article) if modelled else [],
            keywords=self._keywords(article, found) if modelled else [],
            quotes=quotes.extract(article["body"], _body_mentions(found)),
            duplicate_of=self.duplicates.check(article["id"], article["body"]),
        )
        cut = self.max_model_chars if modelled and model.truncated else None
        enriched["provenance"] = _provenance(article, self.model_name, modelled, language, cut)
        return enriched

    def _keywords(self, article: dict, found: list[dict]) -> list[dict]:
        return self.keywords.extract(article, {e["name"] for e in found} | _mention_texts(found))


def _for_model(language: dict) -> bool:
    return language["code"] == MODEL_LANGUAGE or language["confidence"] < SKIP_CONFIDENCE


def _mention_texts(found: list[dict]) -> set[str]:
    return {m["text"] for e in found for m in e["mentions"]}


def _body_mentions(found: list[dict]) -> list[quotes.Person]:
    people = [quotes.Person(m["start"], m["end"], e["name"], e["type"])
              for e in found for m in e["mentions"] if "field" not in m and m.get("form") != "demonym"]
    return sorted(people)


def _provenance(article: dict, model_name: str, modelled: bool, language: dict, cut: int | None = None) -> dict:
    note = {"model": model_name, "ner": modelled}
    if cut:
        note.update(truncated=True, model_chars=cut)  # the model saw only the first `cut` characters
    if not modelled:
        note["skipped"] = (f"language {language['code']!r} is not {MODEL_LANGUAGE!r}: "
                           "no NER model, topics or keywords; gazetteer entities only")
    return provenance.with_note(article.get("provenance"), "tag", note)


def load(model_name: str = ner.PACKAGED) -> Tagger:
    return Tagger(model_name)
