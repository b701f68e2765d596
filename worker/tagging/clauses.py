"""Sentences and clauses around a quote, and the reported-speech clause it sits in.

Sentence ends, speech cues and clause boundaries are found once per body (one regex pass each)
and asked by bisection, so many quotes in one long paragraph stay cheap. A quote is given by the
offsets of its quoted text (`start`, `end`), without the quotation marks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from worker.tagging.speakers import SOURCE_CHARS, TITLES, VERBS, attribution_at, paragraph

SHORT_QUOTE_WORDS = 4
CUE_REACH = 25  # how close after "when" a speech cue makes it part of the reported content  # a quote this short right after its cue may only open the content

MAX_CUE_TO_THAT_WORDS = 6  # "told reporters on Thursday that": further on, "that" is a relative pronoun
MIN_LEAD_WORDS = 5  # "she said she has the quality for the job: “...”" is content before a colon
SENTENCE_CHARS = 600  # how far a sentence around a quote may reach either side
MAX_TAIL_WORDS = 12  # ", according to the ministry's latest figures." closing a sentence
TAIL_CHARS = 150

# (a participle set off by a comma closes the clause: "... if they did not vote, implicitly putting
# his name on the line"; prepositions ending in -ing do not: "..., including children")
_CLAUSE_END = re.compile(r";|,\s+(?=[A-Z][a-z])|,\s+(?=(?:[a-z]+ly\s+)?(?!(?:accord|includ|regard|concern|follow|dur)ing\b)[a-z]+ing\s)|,\s+but\b|\s(?:[―—–]|--?)(?=\s)|\sand(?=\s+[a-z]+ed\s)|,?\s(?:and|but)(?=\s+(?:he|she|they|we|I)\s)")
# Where a new clause of the same sentence opens: "..., and encouraged Americans to “...”"
_CLAUSE_OPEN = re.compile(r";\s|\s[—–]\s|\sand\s(?=[a-z]+ed\s)")
# A dot after a title or an initial ("Mr. Obama", "Lawrence B. Cummings") ends no sentence.
_TITLES = (*TITLES, "St", "Del", "Sens", "Reps", "Sec", "Adm", "Atty", "Amb")
# (The dot is matched before the look-behinds: tried at every character they cost ~30x more.)
_DOT_NOT_AFTER_TITLE = r"\." + "".join(rf"(?<!\b{title}\.)" for title in _TITLES) + r"(?<!\b[A-Z]\.)"
# "greeted with chants of “Bobby!” at a conference": a mark closing a quote inside a sentence ends nothing
_SENTENCE_END = re.compile(rf"(?:[!?]|{_DOT_NOT_AFTER_TITLE})[”\"’')\]]*(?=\s|$)(?!\s+[a-z])")
_CUE_WORD = re.compile(rf"(?<![-\w])(?:{VERBS}|according to)\b", re.IGNORECASE)  # not "so-called"
_CUE_TAIL = re.compile(r"(?:\s+that\b)?[\s,:]*")
# The clause goes on after a quote: “budget reforms” and the collection of taxes ...
_GOES_ON = re.compile(r"\s+(?:and\s+)?[a-z]")
# "While he acknowledged ..., Ham also noted “...”": a main clause after a subordinate one
_MAIN_CLAUSE = re.compile(r",\s+(?=[A-Z][a-z])")
# A clause put before the speaker belongs to what is reported: "When the deal came, X said, “...”"
_FRONTED = re.compile(r"(?:(?:So|But|And|Yet)\s+)?(?:when|if|after|because|while|although|before|since|until|once|unless)\b"
                      r"[^,;:!?“”\"]+,\s[^,;:!?“”\"]+$", re.IGNORECASE)
# A phrase opening the sentence that holds the content, closed by the comma after the quote:
# "Despite her promise that taxes would “never rise,” the council ..."
_FRONTED_PHRASE = re.compile(r"(?:Contrary to|Despite|In spite of|Unlike|Like|Given|Amid|Beyond|Besides|Apart from|"
                             r"Because of|After|Before|Since|Following|For all)\b[^,;:“”\"]*$")
_SUBORDINATE = re.compile(r"\s+(?:when|after|while|because|before|since|as)\b")
# A quote ending with a comma closes its clause when a new clause follows: “jobs, jobs,” but ...
_NEXT_CLAUSE = re.compile(r"\s+(?:but|which|who|while|and)\b|\s+[A-Z][a-z]")
# The comma before an attribution closing a sentence, inside a quote or after it: “...,” X said.
_TAIL_COMMA = re.compile(r",[”\"]?\s")
# ", as the memo put it.": a comment on the clause before it, not an attribution of the whole sentence
_AS_PUT = re.compile(r",[”\"]?\s+as\b")
ACCORDING_SOURCE_CHARS = SOURCE_CHARS  # as long as a speaker after "according to" before a quote
_TOLD = re.compile(r"told|tells|telling|assured|reminded|warned|warning", re.IGNORECASE)
_ADDRESSEE = re.compile(r"(?:[\w’'.-]+\s+){1,4}?(?=(?:he|she|they|it|we|I)\s)")
INTRODUCTION_WORDS = 3  # "said," "asking her," "told the crowd,"
_ADVERBIAL = re.compile(r"(?:in|on|at|during|after|before|last|earlier|later|while|when)\b[^,;:“”\"]{1,80},\s+")
_FREE_RELATIVE = re.compile(r"\bwhat\s+(?:[\w’'-]+\s+){1,3}$")
# A name characterized in someone's words: "pounding Trump as a “con artist”"
_CHARACTERIZED = re.compile(r"(?:\b[A-Z][\w’'.-]*\s+)+as\s+an?\s+$")
CHARACTERIZED_REACH = 80


class Marks:
    """Sentence ends, speech cues and clause boundaries of a body, found in one pass each."""

    def __init__(self, body: str):
        ends = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(body)]
        self.end_starts, self.end_ends = [s for s, _ in ends], [e for _, e in ends]
        cues = [(m.start(), m.end()) for m in _CUE_WORD.finditer(body)]
        self.cue_starts, self.cue_ends = [s for s, _ in cues], [e for _, e in cues]
        # "was “absolutely right” when he said that ...": a clause that reports more speech goes on
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(body)
                            if not (m.group()[-1].isalpha() and self.has_cue(m.end(), m.end() + CUE_REACH))]
        self.clause_opens = [m.end() for m in _CLAUSE_OPEN.finditer(body)]
        self.main_starts = [m.end() for m in _MAIN_CLAUSE.finditer(body)]

    def sentence_start(self, lo: int, hi: int) -> int | None:
        """End of the last sentence end inside [lo, hi)."""
        i = bisect_right(self.end_ends, hi) - 1
        return self.end_ends[i] if i >= 0 and self.end_starts[i] >= lo else None

    def sentence_end(self, lo: int, hi: int) -> int | None:
        """End of the first sentence end inside [lo, hi)."""
        i = bisect_left(self.end_starts, lo)
        return self.end_ends[i] if i < len(self.end_starts) and self.end_ends[i] <= hi else None

    def first_cue(self, lo: int, hi: int) -> tuple[int, int] | None:
        """(start, end) of the cue word of the first speech cue inside [lo, hi)."""
        i = bisect_left(self.cue_starts, lo)
        return (self.cue_starts[i], self.cue_ends[i]) if i < len(self.cue_starts) and self.cue_ends[i] <= hi else None

    def clause_end(self, lo: int, hi: int) -> int | None:
        """Start of the first clause boundary inside [lo, hi)."""
        i = bisect_left(self.clause_ends, lo)
        return self.clause_ends[i] if i < len(self.clause_ends) and self.clause_ends[i] < hi else None

    def main_clause(self, lo: int, hi: int) -> int | None:
        """Start of the last main clause opening inside [lo, hi)."""
        i = bisect_left(self.main_starts, hi) - 1
        return self.main_starts[i] if i >= 0 and self.main_starts[i] >= lo else None

    def last_cue(self, lo: int, hi: int) -> tuple[int, int] | None:
        """(start, end) of the cue word of the last speech cue inside [lo, hi)."""
        i = bisect_right(self.cue_ends, hi) - 1
        return (self.cue_starts[i], self.cue_ends[i]) if i >= 0 and self.cue_starts[i] >= lo else None

    def clause_open(self, lo: int, hi: int) -> int | None:
        """Where the last clause opening inside (lo, hi] starts."""
        i = bisect_right(self.clause_opens, hi) - 1
        return self.clause_opens[i] if i >= 0 and self.clause_opens[i] > lo else None

    def has_cue(self, lo: int, hi: int) -> bool:
        i = bisect_left(self.cue_starts, lo)
        return i < len(self.cue_starts) and self.cue_ends[i] <= hi


@lru_cache(maxsize=4)
def marks_of(body: str) -> Marks:
    return Marks(body)


def sentence(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around body[start:end], reaching at most SENTENCE_CHARS either side."""
    para_start, para_end = paragraph(body, start, end)
    para_start = max(para_start, start - SENTENCE_CHARS)
    para_end = min(para_end, end + SENTENCE_CHARS)
    marks = marks_of(body)
    sentence_start = marks.sentence_start(para_start, max(para_start, start - 1)) or para_start
    after = marks.sentence_end(end - 1, para_end)  # "... “super predators.” All" ends at the mark
    return sentence_start + len(body[sentence_start:start]) - len(body[sentence_start:start].lstrip()), (
        after or para_end)


def reported_clause(body: str, quote_start: int, quote_end: int) -> tuple[int, int] | None:
    """The reported-speech clause around the quote body[quote_start:quote_end] when it is only
    part of its sentence."""
    sentence_start, end = sentence(body, quote_start - 1, quote_end)
    start, cue = _content_start(body, quote_start, sentence_start)
    lead = body[start:quote_start - 1].rstrip()
    if (not lead and cue is not None and _FRONTED.match(body, sentence_start, cue[0])
            and "," in body[cue[1]:quote_start]):  # not "Although ..., it cited “A” in ...": an object
        start = sentence_start  # "So when the deal came, Mr. Barrett said, “we were floored.”"
        lead = body[start:quote_start - 1].rstrip()
    named = characterized(body, quote_start)
    if named is not None and named >= sentence_start:
        return named, quote_end + 1  # the characterization ends with the quoted words
    if lead.endswith(":") and cue is not None:  # "... and said she has the quality: “...”": the last cue
        last = marks_of(body).last_cue(cue[1], quote_start - 1)
        start = _CUE_TAIL.match(body, last[1], quote_start - 1).end() if last else start
        lead = body[start:quote_start - 1].rstrip()
    if not lead and cue is not None and _continues(body, quote_start, quote_end):
        start = quote_start - 1  # said “budget reforms” and the unpaid taxes would pay: the clause goes on
    elif (not lead or (lead.endswith(":") and (cue is None or len(lead.split()) < MIN_LEAD_WORDS))
          or _introduced(body, cue, quote_start)):
        return None  # the quote opens the clause or follows "X said:": it is the whole content
    marks = marks_of(body)
    attributed = marks.has_cue(quote_end, end) and not _SUBORDINATE.match(body, quote_end + 1)
    tail = closing_attribution(body, quote_end, end)
    if cue is None and tail is not None and not _AS_PUT.match(body, tail):
        start = sentence_start  # no cue before the quote, an attribution after: the sentence is said
    if tail is not None and body[quote_end + 1:tail].strip():
        end = tail  # "... “The Apprentice,” Trump demeaned women, according to insiders."
    elif attributed or (body[quote_end - 1] == "," and (_NEXT_CLAUSE.match(body, quote_end + 1)
                                                        or _FRONTED_PHRASE.match(body, sentence_start, start))):
        end = quote_end + 1  # ", he said." after the quote is not content, nor the main clause after a fronted phrase
    boundary = marks.clause_end(quote_end + 1, end)
    return start, end if boundary is None else boundary


def closing_attribution(body: str, quote_end: int, end: int) -> int | None:
    """Where ", X said." or ", according to X." closing the sentence after a quote starts."""
    commas = list(_TAIL_COMMA.finditer(body, max(quote_end - 1, end - TAIL_CHARS), end))
    if not commas or len(body[commas[-1].start():end].split()) > MAX_TAIL_WORDS:
        return None
    after = commas[-1].end() - 1
    cue = _CUE_WORD.search(body, after, end)
    if cue is None or not (cue.start() == after + 1 or attribution_at(body, after, end)):
        return None
    # "..., Gov. Mike Pence said he would not attend": the attribution opens the content, not closes it
    return commas[-1].start() if cue.start() == after + 1 or len(body[cue.end():end].split()) <= 3 else None


def in_paraphrase(body: str, quote_start: int, quote_end: int) -> bool:
    """The quote is part of a sentence attributed at its end: Voters want a “fresh start,” X said."""
    _, end = sentence(body, quote_start - 1, quote_end)
    return closing_attribution(body, quote_end, end) is not None


def characterized(body: str, quote_start: int) -> int | None:
    """Where "Name as a" starts when it stands right before the quote's opening mark."""
    lo = max(0, quote_start - 1 - CHARACTERIZED_REACH)
    match = _CHARACTERIZED.search(body[lo:quote_start - 1])
    return lo + match.start() if match else None


def _content_start(body: str, quote_start: int, start: int) -> tuple[int, tuple[int, int] | None]:
    """Where the reported content before a quote starts, and the speech cue that opens it."""
    marks = marks_of(body)
    # the outermost attribution holds the others, in the main clause the quote sits in, unless a cue
    # follows an earlier quote: a call for “A” and softer language calling for “B”
    earlier = max(body.rfind(mark, start, quote_start - 1) for mark in '“”"')
    main = marks.main_clause(start, quote_start - 1)
    cue = next((c for c in (marks.first_cue(lo, quote_start - 1) for lo in (earlier, main, start)
                            if lo is not None and lo >= 0) if c), None)
    if cue is not None and _FREE_RELATIVE.search(body, max(start, cue[0] - 30), cue[0]):
        cue = None  # "with what they call X's “selfish message”": the term is quoted inside other content
    if cue is not None:
        cue = _by_saying(body, marks, cue, quote_start) or cue
        start = _content_after(body, cue, quote_start)
    that = body.find(" that ", max(0, start - 1), quote_start - 1)  # (-1 would search from the end)
    if that >= 0 and (cue is None or len(body[start:that].split()) <= MAX_CUE_TO_THAT_WORDS):
        start = that + 1  # "tweeted in the early hours that X was “...”": the content starts at "that"
    opens = marks.clause_open(start, quote_start - 1)
    if opens is not None:  # "that X was “disgusting” and encouraged Americans to “check out” ..."
        start = opens + len(body[opens:quote_start]) - len(body[opens:quote_start].lstrip())
    if cue is None:
        comma = body.rfind(", ", start, quote_start - 1)
        if comma >= 0 and len(body[start:comma].split()) >= 6:
            start = comma + 2  # no speech cue: the clause the quote sits in starts at the last comma
    return start, cue


def _by_saying(body: str, marks: Marks, cue: tuple[int, int], quote_start: int) -> tuple[int, int] | None:
    """"responded to a mother by saying his refusal was a “manufactured” issue": the content
    follows "by saying", not the first cue."""
    later = marks.last_cue(cue[1], quote_start - 1)
    by_saying = later and body[max(0, later[0] - 3):later[1]].lower() == "by saying"
    return later if by_saying else None


def _introduced(body: str, cue: tuple[int, int] | None, quote_start: int) -> bool:
    """A sentence quoted after its cue and a comma: "..., asking her, “I just want to know.”"."""
    if cue is None or not body[quote_start:quote_start + 1].isupper() or body[quote_start - 3:quote_start - 1] != ", ":
        return False
    last = marks_of(body).last_cue(cue[0], quote_start - 1)
    return len(body[last[1]:quote_start].split()) <= INTRODUCTION_WORDS


def _content_after(body: str, cue: tuple[int, int], quote_start: int) -> int:
    """Where the content starts after a cue: past "that", a phrase of where or when set off by a
    comma, and the source of "according to X,"."""
    start = _CUE_TAIL.match(body, cue[1], quote_start - 1).end()
    addressee = _ADDRESSEE.match(body, start, quote_start - 1) if _TOLD.fullmatch(body, cue[0], cue[1]) else None
    start = addressee.end() if addressee else start  # "told the forum he was “...”": the content is his
    adverbial = _ADVERBIAL.match(body, start, quote_start - 1)
    if adverbial:  # "said in a statement to a colleague in July, RT is “...”"
        return adverbial.end()
    if body[cue[0]:cue[1]].lower() == "according to":
        comma = body.find(", ", start, min(quote_start - 1, start + ACCORDING_SOURCE_CHARS))
        start = comma + 2 if comma >= 0 else start
    return start


def _continues(body: str, quote_start: int, quote_end: int) -> bool:
    """A short quote right after its cue is only the start of the content: said “budget reforms” and ..."""
    text = body[quote_start:quote_end].rstrip()
    return (len(text.split()) <= SHORT_QUOTE_WORDS and text[-1:].isalnum()
            and bool(_GOES_ON.match(body, quote_end + 1)))
