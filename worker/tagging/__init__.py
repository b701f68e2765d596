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
    def __init__(self, model_name: str = "en_core_web_sm", duplicate_capacity: int = 5000):
        self.model_name = model_name
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
        spans: list[list[ner.Span]] = [[] for _ in articles]
        for i, found in zip(english, ner.find_spans(self.nlp, [docs[i].text for i in english])):
            spans[i] = found
        return [self._tag(article, doc, language, found, i in english)
                for i, (article, doc, language, found) in enumerate(zip(articles, docs, languages, spans))]

    def find_entities(self, doc: Document, spans: list[ner.Span]) -> list[dict]:
        found = mentions.collect(doc.text, spans, self.gazetteer.find(doc.text), self.titles)
        resolved = entities.resolve(doc.text, entities.propagate(doc.text, found))
        return entities.build(doc, resolved)

    def _tag(self, article: dict, doc: Document, language: dict, spans: list[ner.Span], modelled: bool) -> dict:
        found = self.find_entities(doc, spans)
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
        enriched["provenance"] = _provenance(article, self.model_name, modelled, language)
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


def _provenance(article: dict, model_name: str, modelled: bool, language: dict) -> dict:
    note = {"model": model_name, "ner": modelled}
    if not modelled:
        note["skipped"] = (f"language {language['code']!r} is not {MODEL_LANGUAGE!r}: "
                           "no NER model, topics or keywords; gazetteer entities only")
    return provenance.with_note(article.get("provenance"), "tag", note)


def load(model_name: str = "en_core_web_sm") -> Tagger:
    return Tagger(model_name)
