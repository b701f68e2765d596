"""Known names (countries, cities, regions, organisations) found with one Aho-Corasick pass.

Matching is case-sensitive with word-boundary checks, so "US" matches and "us" does not; the
all-capitals form of longer names is added for headlines written in capitals."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import ahocorasick


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    ids: tuple[tuple[str, str], ...] = ()
    demonym: bool = False  # "Dutch" points at the Netherlands without naming it


class Match(NamedTuple):
    start: int
    end: int
    entry: Entry


def _rows(filename: str) -> list[dict]:
    with resources.files(__package__).joinpath("data", filename).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _split(cell: str | None) -> list[str]:
    return [part for part in (cell or "").split("|") if part]


def default_entries() -> dict[str, Entry]:
    """Surface form -> entry, from the data files; earlier files win a shared surface form."""
    entries: dict[str, Entry] = {}

    def add(surfaces: list[str], entry: Entry) -> None:
        for surface in surfaces:
            entries.setdefault(surface, entry)

    for row in _rows("organisations.tsv"):
        add([row["name"], *_split(row["aliases"])], Entry(row["name"], row["type"]))
    for row in _rows("countries.tsv"):
        ids = (("iso3166_1", row["code"]),)
        add([row["name"], *_split(row["aliases"])], Entry(row["name"], "GPE", ids))
        add(_split(row["demonyms"]), Entry(row["name"], "GPE", ids, demonym=True))
    for row in _rows("regions.tsv"):
        ids = (("country", row["country"]),) if row["country"] else ()
        add([row["name"], *_split(row["aliases"])], Entry(row["name"], row["type"], ids))
    for row in _rows("cities.tsv"):
        add([row["name"], *_split(row["aliases"])], Entry(row["name"], "GPE", (("country", row["country"]),)))
    return entries


def _with_capitals(entries: dict[str, Entry]) -> dict[str, Entry]:
    capitals = {s.upper(): e for s, e in entries.items() if len(s) >= 4 and not s.isupper()}
    return {**capitals, **entries}


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class Gazetteer:
    def __init__(self, entries: dict[str, Entry]):
        self._automaton = ahocorasick.Automaton()
        for surface, entry in _with_capitals(entries).items():
            self._automaton.add_word(surface, (len(surface), entry))
        self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches on word boundaries."""
        found = []
        for last, (length, entry) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end < len(text) and _is_word_char(text[end]):
                continue
            found.append(Match(start, end, entry))
        found.sort(key=lambda m: (m.start, m.start - m.end))
        matches, reached = [], 0
        for match in found:
            if match.start >= reached:
                matches.append(match)
                reached = match.end
        return matches


def load() -> Gazetteer:
    return Gazetteer(default_entries())
