"""Direct quotations in the body and who said them.

Quotes are text between quotation marks (curly or straight); a paragraph left open continues
when the next paragraph opens with a quotation mark, as newspapers write multi-paragraph quotes.
The speaker comes from the text around the quote in the same paragraph: "..., X said",
"..., said X", "X said: ...", "X told reporters on Thursday: ...", "according to X", "X: ...".
Pronoun speakers resolve to the last person named before the quote."""

from __future__ import annotations

import re
from typing import NamedTuple

MIN_WORDS = 3  # shorter quoted text is usually a scare quote or a title, not speech
VERBS = ("said|says|say|told|tells|added|adds|asked|asks|stated|states|explained|explains|wrote|"
         "writes|declared|declares|insisted|insists|warned|warns|argued|argues|claimed|claims|noted|"
         "notes|replied|replies|continued|recalled|tweeted|posted|announced|acknowledged|admitted|"
         "suggested|urged|responded|concluded|joked|remarked|observed|cautioned|predicted|vowed")
_WHO = r"[^,.;:!?“”\"\n]{1,80}?"
AFTER = [
    re.compile(rf"^[\s,]*(?:{VERBS})\s+(?P<who>{_WHO})\s*(?:[,.;:!?\n]|$)"),
    re.compile(rf"^[\s,]*(?P<who>{_WHO})\s+(?:{VERBS})\b"),
]
BEFORE = [
    re.compile(rf"(?:^|[.!?]\s+|[,;]\s+)(?P<who>{_WHO})\s+(?:{VERBS})\b[^.“”\"]{{0,60}}[:,]\s*$"),
    re.compile(rf"\b(?:{VERBS})\s+(?P<who>{_WHO})\s*[:,]\s*$"),
    re.compile(rf"\b[Aa]ccording to (?P<who>{_WHO})\s*[:,]\s*$"),
    re.compile(r"(?:^|[.!?]\s+)(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s*$"),
    # a quoted phrase inside reported speech: "X said Mr Rutte has “...”"
    re.compile(rf"(?:^|[.!?]\s+)(?P<who>{_WHO})\s+(?:{VERBS})\b[^.!?“”\"]*$"),
]
PRONOUNS = {"he", "she", "him", "her"}
OPENING, CLOSING = "“\"", "”\""


class Quote(NamedTuple):
    start: int
    end: int
    paragraph_start: int
    paragraph_end: int


class Person(NamedTuple):
    start: int
    end: int
    name: str
    type: str


def _opens(text: str, i: int) -> bool:
    if text[i] == "“":
        return True
    return text[i] == '"' and (i == 0 or text[i - 1] in " \n(—–-[") and i + 1 < len(text) and not text[i + 1].isspace()


def _next_text(body: str, i: int) -> int:
    while i < len(body) and body[i] == "\n":
        i += 1
    return i


def find_quotes(body: str) -> list[Quote]:
    quotes, start, para_start = [], None, 0
    for i, char in enumerate(body):
        if char == "\n":
            following = _next_text(body, i)
            if start is not None and following < len(body) and body[following] in OPENING:
                continue  # the quote goes on in the next paragraph
            if start is not None:
                quotes.append(Quote(start, i, para_start, i))
                start = None
            para_start = i + 1
        elif start is None and _opens(body, i):
            start = i + 1
        elif start is not None and char in CLOSING and i > start and body[i - 1] != "\n":
            quotes.append(Quote(start, i, para_start, body.find("\n", i) % (len(body) + 1)))
            start = None
    if start is not None:
        quotes.append(Quote(start, len(body), para_start, len(body)))
    return [q for q in quotes if len(body[q.start:q.end].split()) >= MIN_WORDS]


def _speaker_span(body: str, quote: Quote) -> tuple[int, int] | None:
    paragraph_end = quote.paragraph_end if quote.paragraph_end > quote.end else len(body)
    after_start = quote.end + 1
    after = body[after_start:paragraph_end][:120]
    for pattern in AFTER:
        match = pattern.match(after)
        if match:
            return after_start + match.start("who"), after_start + match.end("who")
    line_start = body.rfind("\n", 0, quote.start - 1) + 1
    before = body[line_start:quote.start - 1]
    for pattern in BEFORE:
        match = pattern.search(before)
        if match:
            return line_start + match.start("who"), line_start + match.end("who")
    return None


def _entity_at(start: int, end: int, people: list[Person]) -> Person | None:
    inside = [p for p in people if start <= p.start and p.end <= end]
    inside.sort(key=lambda p: (p.type != "PERSON", p.start))
    return inside[0] if inside else None


def _last_person_before(offset: int, people: list[Person]) -> Person | None:
    before = [p for p in people if p.type == "PERSON" and p.end <= offset]
    return before[-1] if before else None


def attribute(body: str, quote: Quote, people: list[Person]) -> dict:
    """The quote as a schema dict; `people` are entity mentions in the body, in text order."""
    result = {"text": body[quote.start:quote.end], "speaker": None, "speaker_entity": None,
              "start": quote.start, "end": quote.end}
    span = _speaker_span(body, quote)
    if span is None:
        return result
    speaker = body[span[0]:span[1]].strip()
    if speaker.lower() in PRONOUNS:
        person = _last_person_before(span[0], people)
        if person:
            return {**result, "speaker": person.name, "speaker_entity": person.name}
        return {**result, "speaker": speaker}
    entity = _entity_at(span[0], span[1], people)
    return {**result, "speaker": speaker, "speaker_entity": entity.name if entity else None}


def extract(body: str, people: list[Person]) -> list[dict]:
    return [attribute(body, quote, people) for quote in find_quotes(body)]
