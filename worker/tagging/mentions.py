"""Mentions: model spans cleaned of possessives, articles and titles, then merged with gazetteer
matches (a known name beats the model unless the model found a longer name around it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

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


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def merge(model: list[Mention], known: list[Mention]) -> list[Mention]:
    """Known names win overlaps, except inside a longer model name ("Bank of England")."""
    kept_known = [
        k for k in known
        if not any(m.start <= k.start and k.end <= m.end and m.end - m.start > k.end - k.start
                   for m in model)
    ]
    kept_model = [m for m in model if not any(_overlaps(m, k) for k in kept_known)]
    return sorted(kept_known + kept_model, key=lambda m: (m.start, m.end))


def titled(text: str, spans: list[Span], titles: Titles) -> list[Span]:
    """Names the model missed after an honorific: "Mr Sunak" -> a PERSON span over "Sunak"."""
    found = []
    for match in titles.names_after(text):
        if not any(s.start < match[1] and match[0] < s.end for s in spans):
            found.append(Span(match[0], match[1], "PERSON"))
    return found


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
    kept: list[Mention] = []
    for m in sorted(model, key=lambda m: (m.start, m.start - m.end)):
        if not any(_overlaps(m, k) for k in kept):
            kept.append(m)
    return kept


def with_name(mention: Mention, name: str, type_: str | None = None) -> Mention:
    return replace(mention, name=name, type=type_ or mention.type)
