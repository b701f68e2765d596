"""Titles and roles around person names: "Mr Rutte", "Lord Cameron", "Defence Secretary Grant Shapps".

Honorifics and peerage titles mark a person; peerage titles stay in the name ("Lord Cameron"),
other titles are kept out of names. A span made only of title words ("Defence") is not a name.
A role written as "the defence secretary" points back to the person named with that role word;
gendered titles and the pronouns after a name tell which pronoun may point back to it."""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from importlib import resources

HONORIFIC, PEERAGE, ROLE = "honorific", "peerage", "role"
PRONOUN_REACH = 120
ROLE_REACH = 60  # characters around a name where its role is written
ROLES = {"minister", "secretary", "president", "senator", "governor", "mayor", "spokesman", "spokeswoman",
         "spokesperson", "chairman", "chairwoman", "chair", "leader", "candidate", "nominee", "director",
         "chief", "judge", "ambassador", "commissioner", "speaker", "premier", "chancellor", "general",
         "congressman", "congresswoman", "lawmaker", "official", "executive", "founder", "adviser", "advisor",
         "attorney", "lawyer", "professor", "mogul", "billionaire", "businessman", "businesswoman"}
_MALE = {"he", "his", "himself", "mr", "sir", "lord"}
# Object pronouns left out: "Sen. Claire McCaskill scolded him" points to someone else
_PRONOUNS = re.compile(r"\b(?:[Hh]e|[Hh]is|himself|[Ss]he|hers|herself)\b")
_SENTENCE_END = re.compile(r"[.!?][”\"]?\s")
_GENDERED_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s+$")


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


def genders(body: str, persons: list) -> dict[str, str]:
    """"m" or "f" for the names (persons: mentions in text order with start, end, name) that
    gendered titles and pronouns mark: a title before a mention counts twice, a pronoun once for the
    last person named before it in its sentence, within PRONOUN_REACH characters; a gender needs
    twice the other's count."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for person in persons:
        title = _GENDERED_TITLE.search(body, max(0, person.start - 7), person.start)
        if title:
            counts[person.name][_gender(title.group(1))] += 2
    ends = [person.end for person in persons]
    for pronoun in _PRONOUNS.finditer(body):
        i = bisect_right(ends, pronoun.start()) - 1
        near = i >= 0 and pronoun.start() - ends[i] <= PRONOUN_REACH
        if near and not _SENTENCE_END.search(body, ends[i], pronoun.start()):
            counts[persons[i].name][_gender(pronoun.group())] += 1
    return {name: g for name, count in counts.items() for g in count if count[g] > 2 * (count.total() - count[g])}


def _gender(word: str) -> str:
    return "m" if word.lower() in _MALE else "f"


def role_of(speaker: str) -> str | None:
    """The role word of a speaker written as "the minister" or "the foreign secretary"."""
    words = speaker.lower().split()
    if len(words) < 2 or words[0] not in ("the", "a") or not words[-1].isalpha():
        return None
    return words[-1] if words[-1] in ROLES else None


def person_with_role(body: str, role: str, persons):
    """The first of `persons` (the people named before a speaker, nearest first) with the role word
    written next to the name: "Defence Secretary Grant Shapps ... the defence secretary said"."""
    for person in persons:
        if role in body[max(0, person.start - ROLE_REACH):person.end + ROLE_REACH].lower():
            return person
    return None
