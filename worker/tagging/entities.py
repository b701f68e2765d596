"""Entities: mentions resolved to one canonical entry per real-world entity, with salience.

Short person mentions ("Rutte", "Mr Rutte") resolve to the full name seen in the article
("Mark Rutte"), and a one-word mention the model typed otherwise becomes that person. Each
name's type is the majority of its mentions' types, except that a place and an organisation of
the same name (a city and its team) stay apart."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict

import ahocorasick

from worker.tagging.document import Document
from worker.tagging.mentions import PLACES, Mention, with_name

# Mentions in the title, standfirst and lead count more towards salience.
WEIGHTS = {"title": 3.0, "standfirst": 2.0, "lead": 1.5, "body": 1.0}


def _surface(text: str, mention: Mention) -> str:
    return " ".join(text[mention.start:mention.end].split())


def _people(text: str, mentions: list[Mention]) -> list[tuple[int, str]]:
    """(first offset, full name) of the multi-word person names, in order of appearance."""
    seen: dict[str, int] = {}
    for m in mentions:
        name = _surface(text, m)
        if m.type == "PERSON" and not m.known and " " in name and m.title != "peerage":
            seen.setdefault(name, m.start)
    return sorted((start, name) for name, start in seen.items())


class People:
    """The multi-word person names by each ending of one or two words, so a short mention finds
    its full name by lookup rather than by comparing with every name."""

    def __init__(self, people: list[tuple[int, str]]):
        self.by_ending: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
        for start, name in people:  # people come in order of appearance
            words = tuple(name.lower().split())
            for size in range(1, min(2, len(words) - 1) + 1):
                self.by_ending[words[-size:]].append((start, name))

    def full_name(self, surface: str, at: int) -> str | None:
        """The person whose name ends with surface ("Rutte", "de Blasio"): the latest one named
        before `at`, else the first one after."""
        matching = self.by_ending.get(tuple(surface.lower().split()))
        if not matching:
            return None
        before = bisect_left(matching, (at, ""))
        return matching[before - 1][1] if before else matching[0][1]


def resolve(text: str, mentions: list[Mention]) -> list[Mention]:
    people = People(_people(text, mentions))
    resolved = []
    for m in mentions:
        if m.known:
            resolved.append(m)
            continue
        surface = _surface(text, m)
        full = people.full_name(surface, m.start) if len(surface.split()) <= 2 else None
        if full:
            resolved.append(with_name(m, full, "PERSON"))
        else:
            resolved.append(with_name(m, surface))
    return _vote_types(resolved)


def _vote_types(mentions: list[Mention]) -> list[Mention]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if not m.known:
            votes[m.name][m.type] += 1
    winner = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    return [m if m.known or _metonym(m.type, winner[m.name]) else with_name(m, m.name, winner[m.name])
            for m in mentions]


def _metonym(own: str, winner: str) -> bool:
    """A place and an organisation may share a name in one text: the city and its team or
    government ("PITTSBURGH 1996-08-30" above "Pittsburgh 5 Houston 3"); each mention keeps its type."""
    return (own == "ORG") != (winner == "ORG") and {own, winner} <= PLACES | {"ORG"}


def propagate(text: str, mentions: list[Mention]) -> list[Mention]:
    """Adds unlabelled repeats of names the model found elsewhere in the same text."""
    by_surface = {}
    for m in mentions:
        surface = text[m.start:m.end]
        if not m.known and len(surface) > 2 and surface[0].isupper():
            by_surface.setdefault(surface, m)
    for m in mentions:  # surnames of people named in full: "Adam Hollioake ... Hollioake"
        words = text[m.start:m.end].split()
        if m.type == "PERSON" and not m.known and len(words) > 1 and len(words[-1]) > 2:
            by_surface.setdefault(words[-1], m)
    taken = _Coverage(len(text), mentions)
    added = []
    for start, surface in _occurrences(text, list(by_surface)):
        end = start + len(surface)
        if taken.free(start, end):
            source = by_surface[surface]
            added.append(Mention(start, end, source.type, source.name))
            taken.cover(start, end)
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


class _Coverage:
    """Which characters of a text a mention already holds: checking a span costs its length."""

    def __init__(self, size: int, mentions: list[Mention]):
        self.covered = bytearray(size)
        for m in mentions:
            self.cover(m.start, m.end)

    def cover(self, start: int, end: int) -> None:
        self.covered[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self.covered.find(1, start, end) < 0


def _occurrences(text: str, surfaces: list[str]) -> list[tuple[int, str]]:
    """(start, surface) of every whole-word occurrence, found in one pass over the text; longer
    surfaces first (they win overlaps), then in order of surfaces and of position."""
    if not surfaces:
        return []
    rank = {surface: i for i, surface in enumerate(sorted(surfaces, key=len, reverse=True))}
    automaton = ahocorasick.Automaton()
    for surface in surfaces:
        automaton.add_word(surface, surface)
    automaton.make_automaton()
    found = []
    for last, surface in automaton.iter(text):
        start, end = last + 1 - len(surface), last + 1
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            found.append((rank[surface], start, surface))
    found.sort()
    return [(start, surface) for _, start, surface in found]


def _weight(doc: Document, mention: Mention, lead_end: int) -> float:
    field = doc.field_of(mention.start, mention.end)
    if field == "body" and mention.start < lead_end:
        return WEIGHTS["lead"]
    return WEIGHTS[field]


def build(doc: Document, mentions: list[Mention]) -> list[dict]:
    """Entity dicts, most salient first; salience is relative to the most salient entity."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if doc.field_of(m.start, m.end):
            groups[(m.name, m.type)].append(m)
    lead_end = doc.lead_end()
    scores = {key: sum(_weight(doc, m, lead_end) for m in group) for key, group in groups.items()}
    top = max(scores.values(), default=1.0)
    entities = []
    for (name, type_), group in groups.items():
        entity = {
            "name": name,
            "type": type_,
            "mentions": [_span(doc, m) for m in group],
            "count": len(group),
            "salience": round(scores[(name, type_)] / top, 4),
        }
        if group[0].ids:
            entity["ids"] = dict(group[0].ids)
        entities.append(entity)
    entities.sort(key=lambda e: (-e["salience"], e["mentions"][0].get("field") != "title", e["name"]))
    return entities


def _span(doc: Document, mention: Mention) -> dict:
    span = doc.span(mention.start, mention.end)
    if mention.demonym:
        span["form"] = "demonym"
    return span
