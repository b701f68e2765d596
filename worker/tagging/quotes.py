"""Direct quotations in the body and who said them.

Quotes are text between double quotation marks (curly, straight or typed as two apostrophes, see
`typed_marks`); a quote inside a quote does not close it. A paragraph left open goes on when the
next paragraph opens with a quotation mark (multi-paragraph quotes), and a quote interrupted by its
attribution ("“A,” she said, “B.”", "“A” of the plan, she said. “B.”") is one quote, but not when
the attribution introduces the second part ("“A.” She adds, “B.”") or the second part has an
attribution of its own ("“A,” said Ann. “B,” added Tom."). The speaker comes from
`speakers` (an attribution closing the sentence first), else from the quote just before in the same
paragraph or the one before when no one else is named in between, else from the sentence around it
(the subject of its speech cue, the attribution closing it, its first person) or the sentence
before, also when that closes the paragraph before. Transcript turns ("PENCE: ...")
are quotes of their own. A quote that is only part of a sentence of reported speech ("she called
him a “con artist”") also gets that clause as `reported` (see `clauses`); titles (also the ones set
before the word for their work: the “Keepin' On” radio show), nicknames and scare quotes outside
reported speech are left out, and so is a short phrase quoted in the writer's own sentence with no
speech cue, no noun of saying and no one found to say it."""

from __future__ import annotations

import re
from typing import NamedTuple

from worker.tagging import speakers
from worker.tagging.clauses import characterized, in_paraphrase, marks_of, reported_clause, sentence
from worker.tagging.referents import People, Person, resolve, subject
from worker.tagging.speakers import VERBS, paragraph
from worker.tagging.typed_marks import Rewritten, has_typed_marks

__all__ = ["Person", "extract", "find_quotes"]

MIN_WORDS = 3  # shorter quoted text outside reported speech is a scare quote or a title
SCARE_MAX_WORDS = 6  # a quoted phrase this short, with no cue and no speaker in its sentence, is a scare quote
MAX_ATTRIBUTION_WORDS = 30
MAX_ATTRIBUTION_CHARS = 250
CLOSING_COMMAS = 3  # commas tried from the end of a sentence for the attribution closing it
OPENING = "“”\""
# Verbs that attribute a quote opening the next paragraph, beside the speech cues: "Ann Lee confirmed
# the plan." and then the quote
_ATTRIBUTING_CUE = re.compile(rf"\b(?:{speakers.ATTRIBUTING})\b")
PAIRS = {"“": "”", '"': '"', "”": "”"}
_MARKS = re.compile(r'[“”"]|\n+')
# "on CBS's “Face the Nation,”", "an episode of “Shark Tank”": a title, whoever speaks after it
_NAMES_A_WORK = re.compile(r"(?:['’]s|\b(?:of|on|in|at|during|by|from|with|about|the|a|an))\s+[“\"”]$", re.IGNORECASE)
# "his 2002 book, “Make Your Kid a Millionaire,”", "an account named “Mossad Commentary”": a title
# after the word for its work
_WORK = re.compile(r"\b(?:book|film|movie|show|song|album|novel|documentary|series|episode|play|memoir|column|"
                   r"program|programme|podcast|article|essay|poem|video|bill|act|initiative|project|exhibition|"
                   r"account|hashtag|app|website|blog|newsletter|magazine|newspaper|anthem|hymn|ballad|slogan|motto|"
                   r"titled|entitled|named),?\s+[“\"”]$", re.IGNORECASE)
# “Keepin' It Real” radio program, “Commander in Chief” forum: a title before the word for its work
_WORK_AFTER = re.compile(r"[”\"]?\s+(?:[a-z]+\s+)?(?:show|program|programme|podcast|series|segment|forum|event|"
                         r"book|film|movie|song|album|documentary|column|campaign|tour|rally|hashtag|newsletter)\b")
# “B” to drive up the price: the quoted words run on into the writer's own sentence
_RUNS_ON = re.compile(r"[”\"]\s+[a-z]")
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
# Between two quotes said together: called her “A” and “B”
_COORDINATED = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?")
# A noun of saying that opens the content a short quote sits in: "her warning that it would “backfire”"
_SAYING_NOUN = re.compile(r"\b(?:claim|assertion|argument|promise|pledge|prediction|warning|statement|remarks?|"
                          r"comments?|accusation|allegation|insistence|boast|vow|complaint|contention)s?\s+that\b")
SAYING_NOUN_REACH = 80
_VERB = re.compile(rf"\b(?:{VERBS})\b")
_PARTICIPLE = re.compile(r"(?!according\b)[a-z]+ing\b")
# A nickname between the names of a person: Marcia "Cia" Price
_NAME_BEFORE = re.compile(r"\b[A-Z][\w.'’-]* $")
_NICKNAME = re.compile(r"[A-Z][\w.'’-]*[”\"] [A-Z]")


class Quote(NamedTuple):
    fragments: tuple[tuple[int, int], ...]  # quoted character ranges in the body

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def _opens(text: str, i: int) -> bool:
    if text[i] == "“":
        return True
    at_start = i == 0 or text[i - 1].isspace() or text[i - 1] in "(—–-["
    if text[i] == "”":  # a closing mark typed at the start of a paragraph: ”Fear. I am ...
        return (i == 0 or text[i - 1] == "\n") and bool(text[i + 1:i + 4].strip())
    return at_start and i + 1 < len(text) and not text[i + 1].isspace()


def _closes(text: str, i: int, opener: str) -> bool:
    """A mark closes the open quote: its pair, or a straight mark that ends a word after a curly
    opening (“... FBI," mixes them)."""
    if text[i] == PAIRS[opener] or (opener == '"' and text[i] == "”"):
        return True
    return opener != '"' and text[i] == '"' and (i + 1 == len(text) or not text[i + 1].isalnum())


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks (a curly “ closes with ”)."""
    spans, start, opener, nested = [], None, "", False
    for mark in _MARKS.finditer(body):
        i, char = mark.start(), mark.group()
        if char[0] == "\n" and start is not None:
            following = mark.end()
            nested = False
            if following < len(body) and body[following] == body[start - 1] and not speakers.LABEL.match(body, following + 1):
                continue  # the quote goes on in the next paragraph, unless a new speaker takes over
            spans.append((start, i))
            start = None
        elif start is None and char[0] != "\n" and _opens(body, i):
            start, opener = i + 1, char
        elif start is not None and (char == "“" and (opener == '"' or i > start and body[i - 1] in " (")
                                    or nested and char == "”"):
            nested = char == "“"  # "PENCE: ... an episode of “Shark Tank.” But ...": a quote inside a quote
        elif start is not None and char[0] != "\n" and i > start and body[i - 1] != "\n" and _closes(body, i, opener):
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _interruption(body: str, previous: Quote, span: tuple[int, int]) -> bool:
    """Only the attribution stands between two quoted fragments: “A,” she said, “B.”"""
    if span[0] - previous.end > MAX_ATTRIBUTION_CHARS:
        return False
    gap = re.sub(r'[“”"]', "", body[previous.end + 1:span[0] - 1])  # a title may sit in it: on “Meet the Press.”
    last = _last_char(body, previous.end)
    ends_clause = last in ",.!?—–-"
    runs_on = not ends_clause and _runs_on_to_attribution(gap)
    # “A.” She adds, “B.”: after a full stop, an attribution ending with a comma opens a new quote
    introduces = last in ".!?" and gap.rstrip()[-1:] in (",", ":")
    # X scolded him: “A,” she said. “B.”: the first part has its attribution before it; the second
    # is a quote of its own
    introduces = introduces or (len(previous.fragments) == 1 and gap.rstrip()[-1:] == "."
                                and body[max(0, previous.start - 4):previous.start - 1].rstrip().endswith(":"))
    # “A,” said Ann Lee. “B,” added Tom Reyes.: the second part has an attribution of its own
    introduces = introduces or (last == "," and gap.rstrip()[-1:] == "." and _attributed_after(body, span))
    return ((ends_clause or runs_on) and not introduces and "\n" not in gap and len(gap.split()) <= MAX_ATTRIBUTION_WORDS
            and (gap.rstrip()[-1:] in (",", ".", ":", "—") or gap.rstrip().endswith((" and", " but")))
            and _speech_verbs(gap) == 1
            and not _runs_on(body, span)
            and (runs_on or speakers.is_attribution(gap)))


def _attributed_after(body: str, span: tuple[int, int]) -> bool:
    """The quoted fragment ends with a comma and an attribution follows it: “B,” added Tom Reyes."""
    return (body[span[1] - 1] == "," and span[1] < len(body)
            and speakers.is_attribution(body[span[1] + 1:span[1] + 1 + speakers.AFTER_CHARS]))


def _speech_verbs(gap: str) -> int:
    """How many speech verbs the gap holds; a participle counts only when it introduces what follows
    (“A,” she said, adding, “B.”), not in a sentence of its own (“A,” she said, stressing why it
    matters. “B.”)."""
    verbs = _VERB.findall(gap)
    if gap.rstrip().endswith("."):
        return sum(not verb.endswith("ing") for verb in verbs)
    return len(verbs)


def _last_char(body: str, end: int) -> str:
    """The last character of a quoted fragment, past a quote inside it closing with it:
    “He told me, ‘Go home,’” she said: the comma."""
    i = end - 1
    while i > end - 3 and body[i] in "'’":
        i -= 1
    return body[i]


def _runs_on_to_attribution(gap: str) -> bool:
    """“A” of the proposals, Mr. Holtz-Eakin said. “B”: the first fragment runs on, then the attribution."""
    comma = gap.find(", ")
    return gap[:2].strip()[:1].islower() and comma > 0 and speakers.is_attribution(gap[comma:])


def _runs_on(body: str, span: tuple[int, int]) -> bool:
    """A quoted phrase of one sentence runs on into the writer's sentence: “You squeezed employees”
    to drive up the price. (A fragment of several sentences stays a fragment of the quote.)"""
    return (body[span[1] - 1].isalnum() and bool(_RUNS_ON.match(body, span[1]))
            and not _INNER_SENTENCE_END.search(body, span[0], span[1]))


def _is_title(text: str) -> bool:
    """Quoted names of shows, books, films: "Face the Nation", "The Steve Harvey Morning Show"."""
    words = re.findall(r"[\w’']+", text)
    small = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "at", "with", "from", "by"}
    return 0 < len(words) <= 8 and all(w[0].isupper() or w in small or w[0].isdigit() for w in words)


def _is_nickname(body: str, quote: Quote) -> bool:
    return (bool(_NICKNAME.fullmatch(body, quote.start, quote.end + 3))
            and bool(_NAME_BEFORE.search(body, max(0, quote.start - 30), quote.start - 1)))


def find_quotes(body: str) -> list[Quote]:
    quotes: list[Quote] = []
    for span in quoted_spans(body):
        if len(quotes) >= 2 and _names_a_work(body, quotes[-1]) and _interruption(body, quotes[-2], span):
            quotes.pop()  # “A,” he said on Fox News’s “Fox and Friends.” “B.”: the title is part of the attribution
        previous = quotes[-1] if quotes else None
        if previous and _interruption(body, previous, span) and not (
                len(previous.fragments) == 1 and _names_its_work(body, previous)):  # the anthem “A,” she added, “B.”
            quotes[-1] = Quote(previous.fragments + (span,))
        else:
            quotes.append(Quote((span,)))
    return quotes


def _names_a_work(body: str, quote: Quote) -> bool:
    return (len(quote.fragments) == 1 and _is_title(body[quote.start:quote.end])
            and bool(_NAMES_A_WORK.search(body, max(0, quote.start - 12), quote.start)))


def _quoted_text(body: str, quote: Quote) -> str:
    """The quoted words: fragments joined by a space, continuation paragraphs without their mark."""
    text = " ".join(body[s:e].strip() for s, e in quote.fragments)
    return re.sub(r"(\n+)[“\"]", r"\1", text)


def _names_its_work(body: str, quote: Quote) -> bool:
    """The quoted words are a title set beside the word for its work: his 2002 book, “Make Your Kid
    a Millionaire,”; the “Keepin' It Real” radio program."""
    return (_is_title(body[quote.start:quote.end])
            and bool(_WORK.search(body, max(0, quote.start - 16), quote.start)
                     or _WORK_AFTER.match(body, quote.end, quote.end + 30)))


def _is_speech(body: str, quote: Quote, text: str, reported: tuple[int, int] | None, attributed: bool) -> bool:
    if (len(quote.fragments) == 1 and _names_its_work(body, quote)) or _is_nickname(body, quote):
        return False
    if reported is not None and in_paraphrase(body, quote.start, quote.end):
        return True  # a title or a scare quote inside reported content
    if _is_title(text) and (not attributed or _NAMES_A_WORK.search(body, max(0, quote.start - 12), quote.start)):
        return False
    if len(text.split()) >= MIN_WORDS:
        return True
    # A shorter quote counts when a speech cue comes before it in its sentence, or a noun of saying
    # right before its clause ("his claim that people would “learn nothing”").
    start, _ = sentence(body, quote.start - 1, quote.end)
    return (marks_of(body).has_cue(start, quote.start) or characterized(body, quote.start) is not None
            or _saying_noun_before(body, start, quote.start))


def extract(body: str, people: list[Person]) -> list[dict]:
    """Quote dicts in text order; `people` are the entity mentions in the body, in text order."""
    if not has_typed_marks(body):
        return _extract(body, people)
    rewritten = Rewritten(body)
    moved = [p._replace(start=rewritten.to_text(p.start), end=rewritten.to_text(p.end)) for p in people]
    return [_to_body(body, rewritten, quote) for quote in _extract(rewritten.text, moved)]


def _to_body(body: str, rewritten: Rewritten, quote: dict) -> dict:
    """A quote found in the rewritten text, with offsets (and the reported clause) in the body."""
    moved = dict(quote, start=rewritten.to_body(quote["start"]), end=rewritten.to_body(quote["end"]))
    if "reported" in quote:
        start, end = rewritten.to_body(quote["reported"]["start"]), rewritten.to_body(quote["reported"]["end"])
        moved["reported"] = {"start": start, "end": end, "text": body[start:end]}
    return moved


def _extract(body: str, people: list[Person]) -> list[dict]:
    results, last, index = [], None, People(people, body)
    for quote in find_quotes(body):
        reported = reported_clause(body, quote.start, quote.end)
        text = _quoted_text(body, quote)
        span = speakers.speaker_span(body, quote.fragments)
        span = _closing_speaker(body, quote, span)
        joined = False
        if not _is_speech(body, quote, text, reported, span is not None):
            joined = _coordinated(body, last, quote)  # said it was “A” and “B”: B is said too
            if not joined:
                continue
        opening = sentence(body, span[0], span[1])[0] if span else None
        speaker, entity = resolve(body, span, index, quote.start, opening)
        if (span is None and not joined and reported is not None and _scare_quote(body, quote, text)
                and _unattributed(body, quote, index, partial=True)[0] is None):
            continue
        goes_on = last and (_sameparagraph(body, last, quote) or _follows(body, last, quote, index))
        if (span is None or joined) and goes_on:
            closing = None if joined else _attribution_between(body, last, quote, index)
            speaker, entity = closing or (last["speaker"], last["speaker_entity"])
        elif span is None:
            speaker, entity = _unattributed(body, quote, index, reported is not None)
        result = {"text": text, "speaker": speaker, "speaker_entity": entity,
                  "start": quote.start, "end": quote.end}
        if reported:
            result["reported"] = {"start": reported[0], "end": reported[1], "text": body[reported[0]:reported[1]]}
        results.append(result)
        last = result
    return results


def _unattributed(body: str, quote: Quote, people: People, partial: bool) -> tuple[str | None, str | None]:
    """Who speaks a quote without an attribution beside it: the subject of the speech cue before it
    in its sentence, else the attribution closing the sentence ("A cashier who “steals” is held
    accountable, Warren said."), else, for a quote inside a clause or after a colon, the first person
    named before it in the sentence ("Reid has gone after Trump as a “human leech”")."""
    start, end = sentence(body, quote.start - 1, quote.end)
    cue = marks_of(body).first_cue(start, quote.start - 1)
    found = subject(body, start, cue[0], people) if cue else None
    if found is None:
        span = _sentence_attribution(body, quote, end)
        found = resolve(body, span, people, quote.start) if span else None
    introduced = body[start:quote.start - 1].rstrip().endswith(":")  # "Neil shares his predictions: “...”"
    if found is None and (partial or introduced):
        found = _first_person(body, start, quote.start - 1, people, main_clause=introduced)
    if found is None and not partial:
        found = _sentence_before(body, quote, start, people)
    return found or (None, None)


def _attribution_between(body: str, previous: dict, quote: Quote, people: People) -> tuple[str | None, str | None] | None:
    """The speaker of an attribution closing the sentence right before the quote, after the quote
    before it: “A,” Ann Lee said. The plan costs less, said Tom Reyes. “B.”: B is Tom Reyes's."""
    start = sentence(body, quote.start - 1, quote.end)[0]
    end = start
    while end > previous["end"] + 1 and body[end - 1].isspace():
        end -= 1
    if end <= previous["end"] + 1 or body[end - 1] != "." or "\n" in body[end:quote.start]:
        return None
    before = max(sentence(body, end - 1, end)[0], previous["end"] + 1, end - MAX_ATTRIBUTION_CHARS)
    tail = body.rfind(", ", before, end)
    span = speakers.attribution_at(body, tail, end) if tail >= 0 else None
    return resolve(body, span, people, quote.start) if span else None


def _scare_quote(body: str, quote: Quote, text: str) -> bool:
    """A short phrase quoted inside the writer's own sentence, with no speech cue in the sentence and
    no one to say it: sent its “national enterprise reporter” to the town."""
    if len(quote.fragments) > 1 or len(text.split()) > SCARE_MAX_WORDS or text[:1].isupper():
        return False
    start, end = sentence(body, quote.start - 1, quote.end)
    return (not marks_of(body).has_cue(start, end) and characterized(body, quote.start) is None
            and not _saying_noun_before(body, start, quote.start))


def _saying_noun_before(body: str, sentence_start: int, quote_start: int) -> bool:
    """A noun of saying opens the clause the quote sits in: "his claim that people would “learn nothing”"."""
    return bool(_SAYING_NOUN.search(body, max(sentence_start, quote_start - SAYING_NOUN_REACH), quote_start))


def _sentence_before(body: str, quote: Quote, start: int, people: People) -> tuple[str, str | None] | None:
    """The speaker the sentence before names, in the same paragraph or closing the paragraph before
    when the quote opens its own: its closing attribution ("The plan fails the poor, Ann Lee said.
    “It is cruel.”") or the subject of its cue ("X called him a master. “He showed ...”")."""
    para_start = paragraph(body, start, start)[0]
    end = start if start > para_start + 1 else para_start - 1  # the end of the paragraph before
    if end <= 0 or (start <= para_start + 1 and body[para_start] not in OPENING):
        return None
    while end > 0 and body[end - 1].isspace():
        end -= 1
    before, _ = sentence(body, end - 1, end)
    tail = body.rfind(", ", before, end)
    span = speakers.attribution_at(body, tail, end) if tail >= 0 else None
    if span:
        return resolve(body, span, people, quote.start)
    cue = marks_of(body).first_cue(before, end)
    if cue is None and start <= para_start + 1:  # "X confirmed that ..." closing the paragraph before
        found = _ATTRIBUTING_CUE.search(body, before, end)
        cue = found.span() if found else None
    if cue:
        return subject(body, before, cue[0], people)
    if body[end - 1] == ":" and start <= para_start + 1:  # "Ann Lee made the following comment:" closing the paragraph before
        return _first_person(body, before, end, people, main_clause=True)
    return None


def _first_person(body: str, start: int, end: int, people: People, main_clause: bool) -> tuple[str, str | None] | None:
    """The first person named in body[start:end]; with `main_clause`, in the main clause when one
    follows a phrase set off by a comma ("Worried about Ann Lee's poll numbers, Tom Reyes tried a new
    message:")."""
    lo = (marks_of(body).main_clause(start, end) or start) if main_clause else start
    person = next((p for p in people.inside(lo, end) if p.type == "PERSON"), None)
    if person is None and lo > start:
        person = next((p for p in people.inside(start, end) if p.type == "PERSON"), None)
    return (body[person.start:person.end], person.name) if person else None


def _closing_speaker(body: str, quote: Quote, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """An attribution closing the quote's sentence ("... is a “measure of disaffection” with Biden,
    DiCamillo said.") speaks for it before a speaker found in the text before the quote, which may
    be a subject inside the reported content ("voters who say")."""
    if span is None or span[1] > quote.start:
        return span
    return _sentence_attribution(body, quote, sentence(body, quote.start - 1, quote.end)[1]) or span


def _sentence_attribution(body: str, quote: Quote, end: int) -> tuple[int, int] | None:
    """The speaker of ", X said." closing the sentence that ends at `end`, after the quote (not a
    participle: ", citing her work")."""
    tail = body.rfind(", ", quote.end, end)
    for _ in range(CLOSING_COMMAS):  # ", says Ann Lee, an analyst at the Centre, a think tank in Oslo."
        if tail < 0 or _PARTICIPLE.match(body, tail + 2):
            return None
        found = speakers.attribution_at(body, tail, end)
        if found:
            return found
        tail = body.rfind(", ", quote.end, tail)
    return None


def _coordinated(body: str, previous: dict | None, quote: Quote) -> bool:
    """The quote is joined to the quote before it: called her “A” and “B”."""
    return previous is not None and bool(_COORDINATED.fullmatch(body, previous["end"] + 1, quote.start - 1))


def _sameparagraph(body: str, previous: dict, quote: Quote) -> bool:
    return "\n" not in body[previous["end"]:quote.start]


def _follows(body: str, previous: dict, quote: Quote, people: People) -> bool:
    """The quote opens the paragraph right after the one where the previous quote ended, and no one
    else is named in between: a speaker goes on in a quote of its own paragraph."""
    gap = body[previous["end"]:quote.start - 1]
    para_start = paragraph(body, quote.start, quote.end)[0]
    if not gap.count("\n") or body[para_start] not in OPENING:
        return False
    if len(gap.split()) <= 8:
        return True
    others = [p for p in people.inside(previous["end"], para_start)
              if p.type == "PERSON" and p.name != previous["speaker_entity"]]
    next_paragraph = paragraph(body, previous["end"], previous["end"])[1] + 1 >= para_start - 2
    return not others and next_paragraph
