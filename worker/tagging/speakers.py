"""Who said a quote: the speaker from the text around it in the same paragraph.

"..., X said", "..., said X", "X said: ...", "X told reporters on Thursday: ...",
"according to X", "X: ...", "“...” ― X", appositions ("X, the foreign minister, said") and a
colon closing the previous paragraph. Pronouns resolve to the last person named before the quote;
a speaker phrase that holds an entity mention ("Rishi Sunak’s spokesman") resolves to it."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

BEFORE_CHARS = 300  # how far back an attribution before a quote may start
AFTER_CHARS = 120  # how far an attribution after a quote may reach
VERBS = ("said|says|say|saying|told|tells|added|adds|adding|asked|asks|stated|explained|"
         "explains|wrote|writes|declared|declares|insisted|insists|warned|warns|argued|argues|arguing|"
         "claimed|noted|replied|replies|continued|recalled|tweeted|posted|announced|"
         "acknowledged|admitted|suggested|urged|urges|responded|concluded|joked|remarked|observed|"
         "cautioned|predicted|vowed|pledged|agreed|echoed|called|calling|described|describes|"
         "criticized|criticised|cited|citing|reported|chanted|chanting|promised|testified|asking|demanded|"
         "wondered|quipped|countered|conceded|boasted|complained|stressed|emphasized|emphasised|"
         "lamented|contended|maintained|shouted|reads|recounted|mocked")
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Rev", "Gen", "Lt", "Col", "Jr", "Sr",
                  "St", "Sgt", "Capt", "Prof", "Inc", "Co", "Corp", "S", "U", "D", "R", "N", "C", "A")
# A speaker: up to 80 characters without sentence punctuation (dots of "Mr." and "U.S." allowed).
_DOT = "|".join(rf"(?<=\b{a})\." for a in _ABBREVIATIONS)
_WHO = rf"(?:[^,.;:!?“”\"\n()]|{_DOT}|\([^()\n]{{1,20}}\)){{1,80}}?"
AFTER = [
    re.compile(rf"^[\s,]*(?:{VERBS})\s+(?P<who>{_WHO})\s*(?:[,.;:!?\n]|$)"),
    re.compile(rf"^\s*[―—–]\s*(?P<who>{_WHO})\s*(?:[,.;:!?\n]|$)"),  # “...” ― Name
    re.compile(rf"^[\s,—–-]*(?P<who>{_WHO})\s+(?:{VERBS})\b"),
    # with an apposition: "..., Flynn, a top Trump surrogate, said"
    re.compile(rf"^[\s,—–-]*(?P<who>{_WHO}),[^.!?“”\"]{{1,120}},\s+(?:{VERBS})\b"),
]
# Patterns for the text before a quote; the first four need it to end with ":" or ",".
BEFORE = [
    re.compile(rf"(?:^|[.!?]\s+|[,;]\s+)(?P<who>{_WHO})\s+(?:{VERBS})\b[^.“”\"]{{0,60}}[:,]\s*$"),
    re.compile(rf"\b(?:{VERBS})\s+(?P<who>{_WHO})\s*[:,]\s*$"),
    re.compile(rf"\b[Aa]ccording to (?P<who>{_WHO})\s*[:,]\s*$"),
    re.compile(r"(?:^|[.!?]\s+)(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s*$"),
    # a quoted phrase inside reported speech: "X said Mr Rutte has “...”"
    re.compile(rf"(?:^|[.!?]\s+|,\s+)(?P<who>{_WHO})\s+(?:{VERBS})\b[^.!?“”\"]*$"),
    # the same with an apposition: "X, the foreign minister of France, said ... “...”"
    re.compile(rf"(?:^|[.!?]\s+)(?P<who>{_WHO}),[^.!?“”\"]{{1,120}},\s+(?:{VERBS})\b[^.!?“”\"]*$"),
    re.compile(rf"\b[Aa]ccording to (?P<who>{_WHO})\s*,[^.!?“”\"]*$"),
]
CUE = re.compile(rf"\b(?:{VERBS}|according to)\b(?:\s+that\b)?[\s,:]*", re.IGNORECASE)
PRONOUNS = {"he", "she", "him", "her"}
MAX_SPEAKER_WORDS = 12
CONJUNCTIONS = {"though", "although", "but", "and", "so", "yet", "then"}
NOT_SPEAKER_STARTS = {"if", "when", "while", "because", "during", "after", "before", "following", "speaking", "to"}
SPEAKER_STARTS = {"he", "she", "they", "we", "i", "it", "the", "a", "an", "his", "her", "their", "its", "our",
                  "one", "another", "some", "many", "several", "two", "three", "officials", "police"}

class Person(NamedTuple):
    start: int
    end: int
    name: str
    type: str


@lru_cache(maxsize=4)
def _newlines(body: str) -> list[int]:
    """Offsets of the newlines of a body, found once however many quotes ask (str caches its hash)."""
    return [i for i, char in enumerate(body) if char == "\n"]


def paragraph(body: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding body[start:end], by bisection of the newline offsets."""
    newlines = _newlines(body)
    before = bisect_left(newlines, start)
    after = bisect_left(newlines, end)
    return (newlines[before - 1] + 1 if before else 0), (newlines[after] if after < len(newlines) else len(body))


def _plausible(who: str) -> bool:
    """A speaker starts with a name, a pronoun or a determiner and is not a whole clause."""
    words = who.split()
    if not 0 < len(words) <= MAX_SPEAKER_WORDS or " that " in f" {who} " or words[0].lower() in NOT_SPEAKER_STARTS:
        return False
    # "panel Chairman Rep. Jason Chaffetz (R-Utah)": lower case first, but ending with a name
    return words[0][0].isupper() or words[0].lower() in SPEAKER_STARTS or words[-1][0] in "(ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _leading_conjunction(who: str) -> int:
    """Length of a conjunction opening the speaker span: "Though she" -> 7."""
    words = who.split()
    if len(words) < 2 or words[0].lower() not in CONJUNCTIONS:
        return 0
    return who.index(words[1], who.index(words[0]) + len(words[0]))


def _search(patterns, text: str, offset: int, anchored: bool) -> tuple[int, int] | None:
    for pattern in patterns:
        match = pattern.match(text) if anchored else pattern.search(text)
        if match and _plausible(match.group("who")):
            start = match.start("who") + _leading_conjunction(match.group("who"))
            return offset + start, offset + match.end("who")
    return None


def is_attribution(text: str) -> bool:
    """The text right after a quote attributes it: ", she said," or " said the minister."""
    return _search(AFTER, text, 0, anchored=True) is not None


def speaker_span(body: str, fragments: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    """Offsets of the speaker of the quote made of these quoted ranges, if written nearby."""
    for (_, end), (start, _) in zip(fragments, fragments[1:]):
        found = _search(AFTER, body[end + 1:start], end + 1, anchored=True)
        if found:
            return found
    quote_start, quote_end = fragments[0][0], fragments[-1][1]
    para_start, para_end = paragraph(body, quote_start, quote_end)
    found = _search(AFTER, body[quote_end + 1:min(para_end, quote_end + 1 + AFTER_CHARS)], quote_end + 1, anchored=True)
    if found:
        return found
    before_start = max(para_start, quote_start - 1 - BEFORE_CHARS)
    if before_start == para_start and para_start > 1 and not body[para_start:quote_start - 1].strip():
        before_start = _previous_paragraph_start(body, para_start)  # "X said:" closing the paragraph before
        if before_start is None:
            return None
    # No attribution holds a quotation mark: the text before starts at the last one, so the text
    # searched around consecutive quotes never overlaps.
    before_start = max(before_start, _last_mark(body, before_start, quote_start - 1))
    before = body[before_start:quote_start - 1].rstrip("\n")
    patterns = BEFORE if before.rstrip()[-1:] in (":", ",") else BEFORE[4:]  # skip what cannot match
    return _search(patterns, before, before_start, anchored=False)


def _last_mark(body: str, start: int, end: int) -> int:
    return max(body.rfind(mark, start, end) for mark in '“”"')


def _previous_paragraph_start(body: str, para_start: int) -> int | None:
    """Where the text to search starts when the paragraph before ends with a colon, else None."""
    previous_end = para_start
    while previous_end > 0 and body[previous_end - 1] == "\n":
        previous_end -= 1
    previous_start = max(paragraph(body, previous_end, previous_end)[0], previous_end - BEFORE_CHARS)
    return previous_start if body[previous_start:para_start].rstrip().endswith(":") else None


def _entity_at(start: int, end: int, people: list[Person]) -> Person | None:
    inside = [p for p in people if start <= p.start and p.end <= end]
    inside.sort(key=lambda p: (p.type != "PERSON", p.start))
    return inside[0] if inside else None


def _last_person_before(offset: int, people: list[Person]) -> Person | None:
    before = [p for p in people if p.type == "PERSON" and p.end <= offset]
    return before[-1] if before else None


def resolve(body: str, span: tuple[int, int] | None, people: list[Person],
            quote_start: int) -> tuple[str | None, str | None]:
    """(speaker, speaker_entity) for the speaker written at span."""
    if span is None:
        return None, None
    speaker = body[span[0]:span[1]].strip()
    if speaker.lower() in PRONOUNS:
        person = _last_person_before(min(span[0], quote_start), people)
        return (person.name, person.name) if person else (speaker, None)
    entity = _entity_at(span[0], span[1], people)
    return speaker, entity.name if entity else None
