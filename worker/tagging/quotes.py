"""Direct quotations in the body and who said them.

Quotes are text between double quotation marks (curly or straight). A paragraph left open goes
on when the next paragraph opens with a quotation mark (multi-paragraph quotes), and a quote
interrupted by its attribution ("“A,” she said, “B.”") is one quote. The speaker comes from the
text around the quote: "..., X said", "..., said X", "X said: ...", "X told reporters on
Thursday: ...", "according to X", "X: ...", a colon at the end of the previous paragraph, or the
speaker of the quote just before it. Pronouns resolve to the last person named before the quote.
A quote that is only part of a sentence of reported speech ("she called him a “con artist”")
also gets that clause as `reported`."""

from __future__ import annotations

import re
from typing import NamedTuple

MIN_WORDS = 3  # shorter quoted text outside reported speech is a scare quote or a title
MIN_REPORTED_WORDS = 1  # a shorter quote inside reported speech is still a quoted phrase
MAX_ATTRIBUTION_WORDS = 30
BEFORE_CHARS = 300  # how far back an attribution before a quote may start
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
_CUE = re.compile(rf"\b(?:{VERBS}|according to)\b(?:\s+that\b)?[\s,:]*", re.IGNORECASE)
PRONOUNS = {"he", "she", "him", "her"}
MAX_SPEAKER_WORDS = 12
CONJUNCTIONS = {"though", "although", "but", "and", "so", "yet", "then"}
NOT_SPEAKER_STARTS = {"if", "when", "while", "because", "during", "after", "before", "following", "speaking", "to"}
SPEAKER_STARTS = {"he", "she", "they", "we", "i", "it", "the", "a", "an", "his", "her", "their", "its", "our",
                  "one", "another", "some", "many", "several", "two", "three", "officials", "police"}
OPENING = "“\""
PAIRS = {"“": "”", '"': '"'}
_CLAUSE_END = re.compile(r";|\s[—–]\s|\s(?:after|during|while|because|before|when|since)\s")
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*(?=\s|$)")


class Quote(NamedTuple):
    fragments: tuple[tuple[int, int], ...]  # quoted character ranges in the body

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class Person(NamedTuple):
    start: int
    end: int
    name: str
    type: str


def _opens(text: str, i: int) -> bool:
    if text[i] == "“":
        return True
    return (text[i] == '"' and (i == 0 or text[i - 1] in " \n(—–-[")
            and i + 1 < len(text) and not text[i + 1].isspace())


def _next_text(body: str, i: int) -> int:
    while i < len(body) and body[i] == "\n":
        i += 1
    return i


_MARKS = re.compile(r'[“”"\n]')


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks (a curly “ closes with ”)."""
    spans, start, closer = [], None, ""
    for mark in _MARKS.finditer(body):
        i, char = mark.start(), mark.group()
        if char == "\n" and start is not None:
            following = _next_text(body, i)
            if following < len(body) and body[following] == body[start - 1]:
                continue  # the quote goes on in the next paragraph
            spans.append((start, i))
            start = None
        elif start is None and char != "\n" and _opens(body, i):
            start, closer = i + 1, PAIRS[char]
        elif start is not None and char == closer and i > start and body[i - 1] != "\n":
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _interruption(body: str, previous: Quote, span: tuple[int, int]) -> bool:
    """Only the attribution stands between two quoted fragments: “A,” she said, “B.”"""
    gap = body[previous.end + 1:span[0] - 1]
    ends_clause = body[previous.end - 1] in ",.!?—–-"
    return (ends_clause and "\n" not in gap and len(gap.split()) <= MAX_ATTRIBUTION_WORDS
            and (gap.rstrip()[-1:] in (",", ".", ":", "—") or gap.rstrip().endswith(" and"))
            and len(re.findall(rf"\b(?:{VERBS})\b", gap)) == 1
            and any(p.match(gap) for p in AFTER))


def _is_title(text: str) -> bool:
    """Quoted names of shows, books, films: "Face the Nation", "The Steve Harvey Morning Show"."""
    words = re.findall(r"[\w’']+", text)
    small = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "at"}
    return 0 < len(words) <= 8 and all(w[0].isupper() or w in small or w[0].isdigit() for w in words)


def find_quotes(body: str) -> list[Quote]:
    quotes: list[Quote] = []
    for span in quoted_spans(body):
        previous = quotes[-1] if quotes else None
        if previous and _interruption(body, previous, span):
            quotes[-1] = Quote(previous.fragments + (span,))
        else:
            quotes.append(Quote((span,)))
    return quotes


def _paragraph(body: str, start: int, end: int) -> tuple[int, int]:
    paragraph_end = body.find("\n", end)
    return body.rfind("\n", 0, start) + 1, len(body) if paragraph_end < 0 else paragraph_end


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    para_start, para_end = _paragraph(body, start, end)
    before = list(_SENTENCE_END.finditer(body, para_start, max(para_start, start - 1)))
    sentence_start = before[-1].end() if before else para_start
    after = _SENTENCE_END.search(body, end + 1, para_end)
    return sentence_start + len(body[sentence_start:start]) - len(body[sentence_start:start].lstrip()), (
        after.end() if after else para_end)


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


def speaker_span(body: str, quote: Quote) -> tuple[int, int] | None:
    for (_, end), (start, _) in zip(quote.fragments, quote.fragments[1:]):
        found = _search(AFTER, body[end + 1:start], end + 1, anchored=True)
        if found:
            return found
    para_start, para_end = _paragraph(body, quote.start, quote.end)
    found = _search(AFTER, body[quote.end + 1:para_end][:120], quote.end + 1, anchored=True)
    if found:
        return found
    before_start = max(para_start, quote.start - 1 - BEFORE_CHARS)
    if body[para_start:quote.start - 1].strip() == "" and para_start > 1:
        before_start = body.rfind("\n", 0, para_start - 1) + 1  # "X said:" closing the paragraph before
        if not body[before_start:para_start].rstrip().endswith(":"):
            return None
    before = body[before_start:quote.start - 1].rstrip("\n")
    patterns = BEFORE if before.rstrip()[-1:] in (":", ",") else BEFORE[4:]  # skip what cannot match
    return _search(patterns, before, before_start, anchored=False)


def reported_clause(body: str, quote: Quote) -> tuple[int, int] | None:
    """The reported-speech clause around a quote that is only part of its sentence."""
    start, end = _sentence(body, quote.start - 1, quote.end)
    cues = list(_CUE.finditer(body, start, quote.start - 1))
    if cues:
        start = cues[-1].end()
    lead = body[start:quote.start - 1].rstrip()
    if not lead or lead.endswith(":"):
        return None  # the quote opens the clause or follows "X said:": it is the whole content
    if _CUE.search(body, quote.end, end):
        end = quote.end + 1  # ", he said." after the quote is not content
    boundary = _CLAUSE_END.search(body, quote.end + 1, end)
    return start, boundary.start() if boundary else end


def _quoted_text(body: str, quote: Quote) -> str:
    """The quoted words: fragments joined by a space, continuation paragraphs without their mark."""
    text = " ".join(body[s:e].strip() for s, e in quote.fragments)
    return re.sub(r"(\n+)[“\"]", r"\1", text)


def _entity_at(start: int, end: int, people: list[Person]) -> Person | None:
    inside = [p for p in people if start <= p.start and p.end <= end]
    inside.sort(key=lambda p: (p.type != "PERSON", p.start))
    return inside[0] if inside else None


def _last_person_before(offset: int, people: list[Person]) -> Person | None:
    before = [p for p in people if p.type == "PERSON" and p.end <= offset]
    return before[-1] if before else None


def _speaker(body: str, span: tuple[int, int] | None, people: list[Person],
             quote: Quote) -> tuple[str | None, str | None]:
    if span is None:
        return None, None
    speaker = body[span[0]:span[1]].strip()
    if speaker.lower() in PRONOUNS:
        person = _last_person_before(min(span[0], quote.start), people)
        return (person.name, person.name) if person else (speaker, None)
    entity = _entity_at(span[0], span[1], people)
    return speaker, entity.name if entity else None


def _is_speech(body: str, quote: Quote, text: str, reported: tuple[int, int] | None, attributed: bool) -> bool:
    if _is_title(text) and not attributed:
        return False
    if len(text.split()) >= MIN_WORDS:
        return True
    cued = reported and _CUE.search(body, max(0, reported[0] - 40), quote.start)
    return bool(cued) and len(text.split()) >= MIN_REPORTED_WORDS


def extract(body: str, people: list[Person]) -> list[dict]:
    """Quote dicts in text order; `people` are the entity mentions in the body, in text order."""
    results, last = [], None
    for quote in find_quotes(body):
        reported = reported_clause(body, quote)
        text = _quoted_text(body, quote)
        span = speaker_span(body, quote)
        if not _is_speech(body, quote, text, reported, span is not None):
            continue
        speaker, entity = _speaker(body, span, people, quote)
        if span is None and last and (_same_paragraph(body, last, quote) or _follows(body, last, quote)):
            speaker, entity = last["speaker"], last["speaker_entity"]
        result = {"text": text, "speaker": speaker, "speaker_entity": entity,
                  "start": quote.start, "end": quote.end}
        if reported:
            result["reported"] = {"start": reported[0], "end": reported[1], "text": body[reported[0]:reported[1]]}
        results.append(result)
        last = result
    return results


def _same_paragraph(body: str, previous: dict, quote: Quote) -> bool:
    return "\n" not in body[previous["end"]:quote.start]


def _follows(body: str, previous: dict, quote: Quote) -> bool:
    """The quote opens the paragraph right after the one where the previous quote ended."""
    gap = body[previous["end"]:quote.start - 1]
    return gap.count("\n") and len(gap.split()) <= 8 and body[_paragraph(body, quote.start, quote.end)[0]] in OPENING
