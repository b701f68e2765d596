"""Training examples for the news NER model: CoNLL-2003 gold merged with the starting model's
predictions, and silver annotations of recent articles.

CoNLL-2003 labels PER / ORG / LOC / MISC; the pipeline's label scheme is OntoNotes' (PERSON, ORG,
GPE, LOC, FAC, NORP, DATE, ...). Per CoNLL document, the reference is:
- PER -> PERSON and ORG -> ORG, as given;
- LOC -> the starting model's label when it found the same span as GPE, LOC or FAC, else GPE;
- MISC -> the starting model's label when it found the same span with a MISC-like type (NORP,
  EVENT, ...), else unknown (missing: neither entity nor outside);
- the starting model's other entities (DATE, MONEY, CARDINAL, ...) where they overlap no gold
  entity, so the types CoNLL does not annotate are not taught as "outside".

Silver documents (title, standfirst and body of recent articles, joined as the tagging stage
joins them) take the starting model's entities: they hold the model to what it already does on
modern news. Its names lose a leading "the" and a trailing possessive first, as CoNLL-2003 and
the tagging stage mark names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, NamedTuple

from spacy.tokens import Doc
from spacy.training import Example

from worker.evaluation.entities import Layout, read_documents
from worker.evaluation.entities import iob1_spans as evaluation_spans
from worker.tagging.document import Document

LOC_LIKE = {"GPE", "LOC", "FAC"}
MISC_LIKE = {"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
GOLD_TYPES = {"PER", "ORG", "LOC", "MISC"}
NAMES = {"PERSON", "ORG"} | LOC_LIKE | MISC_LIKE
ARTICLES = ("the ", "The ")
POSSESSIVES = ("'s", "’s", "'", "’")


class CharSpan(NamedTuple):
    start: int
    end: int
    label: str


def iob1_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, end token, type) of each IOB1 entity of the types the training keeps."""
    return [s for s in evaluation_spans(tags) if s[2] in GOLD_TYPES]


def conll_texts(path: Path) -> list[tuple[str, list[CharSpan]]]:
    """Each CoNLL document as the evaluation lays it out, with its gold spans in characters."""
    out = []
    for sentences in read_documents(path):
        layout = Layout(sentences)
        spans = [CharSpan(layout.starts[a], layout.ends[b - 1], kind) for a, b, kind in iob1_spans(layout.tags)]
        out.append((layout.text, spans))
    return out


def fundus_texts(ground_truth: Path) -> list[tuple[str, str]]:
    """(file name, text) of every recent article, sorted by file name."""
    articles = json.loads(ground_truth.read_text(encoding="utf-8"))
    out = []
    for name in sorted(articles):
        a = articles[name]
        article = {"title": a.get("title") or "", "standfirst": "\n\n".join(a.get("summary") or []),
                   "body": "\n\n".join(a.get("body") or [])}
        out.append((name, Document.of(article).text))
    return out


def split_silver(items: list, every: int) -> tuple[list, list]:
    """(train, held out): every `every`-th item is held out to measure agreement."""
    held = [x for i, x in enumerate(items) if i % every == every - 1]
    train = [x for i, x in enumerate(items) if i % every != every - 1]
    return train, held


def predicted(nlp, texts: list[str]) -> list[list[CharSpan]]:
    """A model's entities, names without a leading article or trailing possessive."""
    return [[trimmed(doc.text, CharSpan(e.start_char, e.end_char, e.label_)) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=32)]


def trimmed(text: str, span: CharSpan) -> CharSpan:
    """A name as CoNLL-2003 (and the tagging stage) marks it: "the Commerce Department" ->
    "Commerce Department", "Africa's" -> "Africa"; other types (dates, amounts) as they are."""
    if span.label not in NAMES:
        return span
    start, end = span.start, span.end
    for article in ARTICLES:
        if text.startswith(article, start, end) and end - start > len(article):
            start += len(article)
    for possessive in POSSESSIVES:
        if text.endswith(possessive, start, end) and end - start > len(possessive):
            end -= len(possessive)
    return CharSpan(start, end, span.label)


def _overlaps(span: CharSpan, others: Iterable[CharSpan]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


def merge(gold: list[CharSpan], model: list[CharSpan]) -> tuple[list[CharSpan], list[CharSpan]]:
    """(entities, missing spans) of one CoNLL document's reference, as the module doc says."""
    by_span = {(s.start, s.end): s.label for s in model}
    entities, missing = [], []
    for g in gold:
        label = by_span.get((g.start, g.end))
        if g.label == "PER":
            entities.append(CharSpan(g.start, g.end, "PERSON"))
        elif g.label == "ORG":
            entities.append(g)
        elif g.label == "LOC":
            entities.append(CharSpan(g.start, g.end, label if label in LOC_LIKE else "GPE"))
        elif label in MISC_LIKE:
            entities.append(CharSpan(g.start, g.end, label))
        else:
            missing.append(g)
    entities += [m for m in model if m.label not in NAMES and not _overlaps(m, gold)]
    return sorted(entities), missing


def example(nlp, text: str, entities: list[CharSpan], missing: list[CharSpan] = ()) -> Example:
    reference = nlp.make_doc(text)
    ents = [_char_span(reference, s) for s in entities]
    gaps = [_char_span(reference, s) for s in missing]
    reference.set_ents([e for e in ents if e is not None], missing=[g for g in gaps if g is not None],
                       default="outside")
    return Example(nlp.make_doc(text), reference)


def _char_span(doc: Doc, span: CharSpan):
    return doc.char_span(span.start, span.end, label=span.label, alignment_mode="contract")
