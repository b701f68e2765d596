"""Titles and roles around person names: "Mr Rutte", "Lord Cameron", "Defence Secretary Grant Shapps".

Honorifics and peerage titles mark a person; peerage titles stay in the name ("Lord Cameron"),
other titles are kept out of names. A span made only of title words ("Defence") is not a name."""

from __future__ import annotations

import csv
import re
from importlib import resources

HONORIFIC, PEERAGE, ROLE = "honorific", "peerage", "role"


def _load() -> dict[str, str]:
    with resources.files(__package__).joinpath("data", "titles.tsv").open(encoding="utf-8") as f:
        return {row["title"]: row["kind"] for row in csv.DictReader(f, delimiter="\t")}


class Titles:
    def __init__(self, kinds: dict[str, str] | None = None):
        self.kinds = kinds if kinds is not None else _load()
        self.words = {word for title in self.kinds for word in title.split()}
        alternatives = "|".join(re.escape(t) for t in sorted(self.kinds, key=len, reverse=True))
        self._leading = re.compile(rf"^(?:(?:{alternatives})\.?\s+)+")
        self._before = re.compile(rf"(?<![\w])({alternatives})\.?\s+$")
        personal = "|".join(re.escape(t) for t, kind in self.kinds.items() if kind in (HONORIFIC, PEERAGE))
        self._titled_name = re.compile(rf"\b(?:{personal})\.?\s+([A-Z][A-Za-z’'-]*[a-z])\b")

    def leading(self, text: str) -> int:
        """Length of the title words at the start of text ("Defence Secretary Grant" -> 18)."""
        match = self._leading.match(text)
        return match.end() if match else 0

    def before(self, text: str, start: int) -> tuple[str, int] | None:
        """(kind, start) of a title written just before text[start:], e.g. "Mr " or "Lord "."""
        match = self._before.search(text, max(0, start - 40), start)
        if not match:
            return None
        return self.kinds[match.group(1)], match.start(1)

    def names_after(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of capitalised words right after an honorific or peerage title."""
        return [m.span(1) for m in self._titled_name.finditer(text)]

    def only_titles(self, text: str) -> bool:
        words = text.replace(".", " ").split()
        return bool(words) and all(word in self.words for word in words)
