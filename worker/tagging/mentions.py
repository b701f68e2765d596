"""Mentions: model spans cleaned of possessives, articles and titles, then merged with gazetteer
matches (a known name beats the model unless the model found a longer name around it)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate

from worker.tagging.gazetteer import Match
from worker.tagging.ner import Span
from worker.tagging.titles import HONORIFIC, PEERAGE, Titles

POSSESSIVES = ("'s", "’s", "'", "’")
ARTICLES = ("the ", "The ")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str
    name: str | None = None  # canonical name, when already known
    ids: tuple[tuple[str, str], ...] = ()
    demonym: bool = False
    title: str | None = None  # kind of title written before the name
    known: bool = False  # from the gazetteer


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    newline = text.find("\n", start, end)
    if newline >= 0:
        end = newline
    for suffix in POSSESSIVES:
        if text.endswith(suffix, start, end):
            end -= len(suffix)
            break
    for article in ARTICLES:
        if text.startswith(article, start, end):
            start += len(article)
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not text[start].isalnum() and text[start] != "(":
        start += 1  # a quotation mark the model took in: “Blair Babes
    return start, end


def from_model(text: str, span: Span, titles: Titles) -> Mention | None:
    start, end = _trim(text, span.start, span.end)
    surface = text[start:end]
    if not any(c.isupper() for c in surface) or titles.only_titles(surface):
        return None
    label = span.label
    if label == "PERSON":
        start += titles.leading(surface)
    title = titles.before(text, start)
    kind = title[0] if title else None
    if kind in (HONORIFIC, PEERAGE):
        label = "PERSON"
    if kind == PEERAGE and " " not in text[start:end]:
        start = title[1]  # peers are named by title: "Lord Cameron"
    return Mention(start, end, label, title=kind) if end > start else None


def from_gazetteer(match: Match) -> Mention:
    entry = match.entry
    return Mention(match.start, match.end, entry.type, entry.name, entry.ids, entry.demonym, known=True)


class Intervals:
    """Fixed (start, end) ranges, sorted once, answering overlap and containment questions in
    O(log n) each: every pass over mentions stays n log n however many names an article holds."""

    def __init__(self, ranges):
        ranges = sorted((r[0], r[1]) for r in ranges)
        self.starts = [s for s, _ in ranges]
        self.max_end = list(accumulate((e for _, e in ranges), max))

    def _max_end_before(self, index: int) -> int:
        return self.max_end[index - 1] if index > 0 else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Some range shares a character with [start, end)."""
        return self._max_end_before(bisect_left(self.starts, end)) > start

    def strictly_contains(self, start: int, end: int) -> bool:
        """Some range holds [start, end) and is longer than it."""
        return (self._max_end_before(bisect_left(self.starts, start)) >= end
                or self._max_end_before(bisect_right(self.starts, start)) > end)


PLACES = {"GPE", "LOC", "FAC"}


def _retyped(known: Mention, model: dict[tuple[int, int], str]) -> bool:
    """The model typed the same words as an organisation where the list has a place: a team or a
    government named after its city or country ("Chicago beat Houston")."""
    return model.get((known.start, known.end)) == "ORG" and known.type in PLACES and not known.demonym


def merge(model: list[Mention], known: list[Mention]) -> list[Mention]:
    """Known names win overlaps, except inside a longer model name ("Bank of England") or where
    the model reads a listed place as an organisation."""
    model_ranges = Intervals((m.start, m.end) for m in model)
    labels = {(m.start, m.end): m.type for m in model}
    kept_known = [k for k in known if not model_ranges.strictly_contains(k.start, k.end) and not _retyped(k, labels)]
    known_ranges = Intervals((k.start, k.end) for k in kept_known)
    kept_model = [m for m in model if not known_ranges.overlaps(m.start, m.end)]
    return sorted(kept_known + kept_model, key=lambda m: (m.start, m.end))


def titled(text: str, spans: list[Span], titles: Titles) -> list[Span]:
    """Names the model missed after an honorific: "Mr Sunak" -> a PERSON span over "Sunak"."""
    taken = Intervals((s.start, s.end) for s in spans)
    return [Span(start, end, "PERSON") for start, end in titles.names_after(text)
            if not taken.overlaps(start, end)]


def _surnames(text: str, model: list[Mention]) -> set[str]:
    return {text[m.start:m.end].split()[-1] for m in model
            if m.type == "PERSON" and len(text[m.start:m.end].split()) > 1}


def collect(text: str, spans: list[Span], matches: list[Match], titles: Titles) -> list[Mention]:
    spans = spans + titled(text, spans, titles)
    model = [m for m in (from_model(text, s, titles) for s in spans) if m]
    # A known place that is also the surname of a person named in full here is that person:
    # "Eddie Jordan ... Jordan", "Denzel Washington ... Washington".
    surnames = _surnames(text, model)
    known = [from_gazetteer(m) for m in matches]
    model += [Mention(k.start, k.end, "PERSON") for k in known if text[k.start:k.end] in surnames]
    known = [k for k in known if text[k.start:k.end] not in surnames]
    return merge(_dedupe(model), known)


def _dedupe(model: list[Mention]) -> list[Mention]:
    """The longest of overlapping mentions, earliest first: kept ones never overlap, so only the
    last kept one can overlap the next."""
    kept: list[Mention] = []
    for m in sorted(model, key=lambda m: (m.start, m.start - m.end)):
        if not kept or kept[-1].end <= m.start:
            kept.append(m)
    return kept


def with_name(mention: Mention, name: str, type_: str | None = None) -> Mention:
    return replace(mention, name=name, type=type_ or mention.type)
