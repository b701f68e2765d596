"""Entities: mentions resolved to one canonical entry per real-world entity, with salience.

Short person mentions ("Rutte", "Mr Rutte") resolve to the full name seen in the article
("Mark Rutte"), and a one-word mention the model typed otherwise becomes that person. Each
name's type is the majority of its mentions' types."""

from __future__ import annotations

from collections import Counter, defaultdict

from worker.tagging.document import Document
from worker.tagging.mentions import Mention, with_name

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


def _full_name(surface: str, at: int, people: list[tuple[int, str]]) -> str | None:
    """The person whose name ends with surface ("Rutte", "de Blasio"): the latest one named
    before `at`, else the first one after."""
    words = surface.lower().split()
    matching = [(start, name) for start, name in people
                if len(name.split()) > len(words) and name.lower().split()[-len(words):] == words]
    before = [name for start, name in matching if start < at]
    if before:
        return before[-1]
    return matching[0][1] if matching else None


def resolve(text: str, mentions: list[Mention]) -> list[Mention]:
    people = _people(text, mentions)
    resolved = []
    for m in mentions:
        if m.known:
            resolved.append(m)
            continue
        surface = _surface(text, m)
        full = _full_name(surface, m.start, people) if len(surface.split()) <= 2 else None
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
    return [m if m.known else with_name(m, m.name, winner[m.name]) for m in mentions]


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
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for surface in sorted(by_surface, key=len, reverse=True):  # longer names first
        source = by_surface[surface]
        for start in _occurrences(text, surface):
            end = start + len(surface)
            if not any(start < e and s < end for s, e in taken):
                added.append(Mention(start, end, source.type, source.name))
                taken.append((start, end))
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def _occurrences(text: str, surface: str):
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield start
        start = text.find(surface, start + 1)


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
