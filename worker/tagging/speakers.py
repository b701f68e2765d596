"""Who said a quote: the speaker from the text around it in the same paragraph.

"..., X said", "..., said X", "X said: ...", "X told reporters on Thursday: ...",
"according to X", "per X", "as X put it", "X: ...", "“...” ― X", "described by X as “...”", appositions
("X, the foreign minister, said"), a colon closing the previous paragraph and a transcript turn
opening with a name in capitals ("“PENCE: ..."); a name and a verb after a quote that ends with a
full stop open the next sentence instead. The one told ("told reporters:") is no speaker, and a
speaker phrase loses the adverbs and auxiliaries around it ("the mayor also"). Who a speaker
phrase refers to is found in referents.py.

Every search is bounded: the text before a quote starts after the last quotation mark and at most
BEFORE_CHARS back and the text after it reaches AFTER_CHARS, so an article's cost is linear in its
length and number of quotes."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

BEFORE_CHARS = 300  # how far back an attribution before a quote may start
AFTER_CHARS = 120  # how far an attribution after a quote may reach


def _by_first_letter(words: str) -> str:
    """An alternation of whole words grouped by first letter: the regex engine then tries a few
    words at each position instead of all of them. Same matches, as every use of it is followed by
    a word boundary or a space, so at most one word can match at a place."""
    groups: dict[str, list[str]] = {}
    rest = []
    for word in words.split("|"):
        if word[0].isalpha():
            groups.setdefault(word[0], []).append(word[1:])
        else:  # one led by a look-behind
            rest.append(word)
    return "|".join([f"{first}(?:{'|'.join(tails)})" for first, tails in groups.items()] + rest)


# Speech verbs ("it goes without saying" reports nothing)
_VERB_WORDS = ("said|says|say|(?<!without )saying|told|tells|added|adds|adding|asked|asks|stated|explained|"
         "explains|wrote|writes|declared|declares|insisted|insists|warned|warns|argued|argues|arguing|"
         "claimed|noted|replied|replies|continued|recalled|tweeted|posted|announced|"
         "acknowledged|admitted|suggested|urged|urges|responded|concluded|joked|remarked|observed|"
         "cautioned|predicted|vowed|pledged|agreed|echoed|called|calling|described|describes|"
         "criticized|criticised|cited|citing|reported|chanted|chanting|promised|testified|asking|demanded|"
         "wondered|quipped|countered|conceded|boasted|complained|stressed|stresses|stressing|emphasized|"
         "emphasised|lamented|contended|maintained|shouted|reads|recounted|mocked|sings|sang|"
         "reports|report|states|notes|noting|likened|compared|accuse|accuses|accused|accusing|branded|"
         "condemned|lauded|"
         "dismissed|praised|exhorted|bemoaned|asserted|asserts|touted|slammed|blasted|denounced|labeled|"
         "labelled|dubbed|decried|hailed|tweeting|writing|telling|insisting|warning|scolded|commented|"
         "describing|labeling|branding|characterized|characterised|call|calls|put it|puts it|putting it|"
         "read|charged|alleged|answered|retorted|mused|reiterated|exclaimed|yelled|screamed|"
         "pleaded|interjected|explaining|shot back|fired back|pointed out|promising|promises|ask|"
         "claiming|urging|vowing|pledging|declaring|predicting|suggesting|complaining|boasting|"
         "acknowledging|admitting|conceding|recalling|responding|replying|stating|joking|praising|criticizing|"
         "concluding|remarking|cautioning|echoing|testifying|demanding|emphasizing|emphasising|lamenting|"
         "contending|maintaining|mocking|likening|condemning|dismissing|bemoaning|asserting|touting|slamming|"
         "blasting|denouncing|decrying|hailing|dubbing|commenting|characterizing|alleging|reiterating|pleading|"
         "referenced|referencing")
VERBS = _by_first_letter(_VERB_WORDS)
# Verbs that attribute the quote right before them ("“...,” admits Neil.") but are too ambiguous
# to mark reported speech elsewhere ("the ad “unmistakably” suggests")
_ATTRIBUTING_ONLY = ("admits|recalls|continues|concedes|acknowledges|suggests|complains|predicts|responds|"
                     "claims|agrees|jokes|quips|muses|proclaims|proclaimed|enthuses|enthused|gushes|gushed|confides|"
                     "confided|confirms|confirmed|laments|boasts|counters|offers|offered|sighs|sighed|laughs|laughed")
ATTRIBUTING = VERBS + "|" + _ATTRIBUTING_ONLY
# Titles written before a name with a dot ("Mr.", "Gov."): the dot ends no speaker
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Rev", "Gen", "Lt", "Col", "Sgt", "Capt", "Prof")
_ABBREVIATIONS = (*TITLES, "Jr", "Sr", "St", "Inc", "Co", "Corp", "S", "U", "D", "R", "N", "C", "A",
                  "Del", "Sens", "Reps", "Sec", "Adm", "Maj", "Atty", "Amb", "Det", "Supt",
                  # states as AP writes them in party tags: "(D-Calif.)", "R-Tenn.,"
                  "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ill", "Ind", "Kan", "Mass", "Mich",
                  "Minn", "Miss", "Mont", "Neb", "Nev", "Okla", "Ore", "Tenn", "Tex", "Wash", "Wis", "Wyo")
# A speaker: up to 80 characters without sentence punctuation (dots of "Mr." and "U.S." allowed).
_DOT = "|".join([*(rf"(?<=\b{a})\." for a in _ABBREVIATIONS), r"(?<=\b[A-Z])\.", r"(?<=\b[A-Z][a-z])\."])
_WHO = rf"(?:[^,.;:!?“”\"\n()―—–]|{_DOT}|\([^()\n]{{1,20}}\)){{1,80}}?"
# A dot that ends a speaker: not after a title before a name ("Mr.") or an initial ("Jennifer M.")
_END_DOT = r"\." + "".join(rf"(?<!\b{t}\.)" for t in TITLES) + r"(?<!\s[A-Z]\.)(?<!^[A-Z]\.)(?!\s+[a-z])"  # dot first: cheaper
_END = rf"\s*(?:[,;:!?\n]|{_END_DOT}|\((?![^()\n]{{1,20}}\))|$)"  # a long parenthesis is no party tag
# A speaker ends with no determiner: "the report says" is not "the" + the verb "report"
DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that")
# (checked on the space after the speaker, so only where a word ends)
_SPACE_NOT_AFTER_DETERMINER = r"\s" + "".join(rf"(?<!\b{d}\s)(?<!\b{d.title()}\s)" for d in DETERMINERS) + r"\s*"
# Nor is a verb that is also a noun followed by another: "the latest report notes" is not "the
# latest" + "report" (but "says states should" is "says")
_NOUN_VERB = "".join(f"(?<=\\b{word})" if not i else f"|(?<=\\b{word})" for i, word in enumerate(
    ("report", "reports", "notes", "states", "reads", "read", "call", "calls")))
_NO_VERB_NEXT = (rf"(?!(?:{_NOUN_VERB})\s+(?:says|said|notes|noted|states|stated|reads|read|adds|added|warns|warned|"
                 r"concludes|concluded)\b)")
# The end of a speaker after its verb, past a phrase saying where or when: "said X on a call with ..."
_WHERE_OR_WHEN = r"(?:on|in|at|during|after|before|while|when|as|last|this|earlier|later)\b"
_WHO_END = rf"(?:\s+{_WHERE_OR_WHEN}[^,;:!?\n“”\"]{{1,120}}?)?{_END}"
# Verbs whose object is the one spoken to
_ADDRESSING = r"(?:told|tells|telling|asked|asks|asking|urged|urges|urging|warned|warns|warning)\b"
# Where a speaker phrase may start: after a sentence end (a closing quotation mark may follow it)
# or a dash set off by spaces (typed as two hyphens in some archives).
_CLAUSE_START = r"[.!?][”\"’']?\s+|\s(?:[―—–]|--)\s+"
# A source after "according to" before a quote may be long: "According to a complaint filed by the
# commission and a second one by the state, ..."
SOURCE_CHARS = 160  # how long a source after "according to" before a quote may be
_WHO_LONG = _WHO.replace("{1,80}?", f"{{1,{SOURCE_CHARS}}}?")
MAX_SOURCE_WORDS = 30
# Whatever follows "according to" is a source, "show insiders" as much as "the ministry"
# (also "per the party's rules" right after a quote)
ACCORDING = re.compile(rf"^[\s,]*(?:according to|per(?=\s+(?:the|a|an|[A-Z])\b))\s+(?P<who>{_WHO}){_WHO_END}")
AFTER = [
    re.compile(rf"^[\s,]*(?![a-z]+ing\b)(?:{ATTRIBUTING})\s+(?P<who>{_WHO}){_WHO_END}"),  # not ", citing X"
    re.compile(rf"^\s*[―—–]\s*(?P<who>{_WHO}){_END}"),  # “...” ― Name
    ACCORDING,
    re.compile(rf"^[\s,—–-]*(?P<who>{_WHO}){_SPACE_NOT_AFTER_DETERMINER}(?:{VERBS})\b{_NO_VERB_NEXT}"),
    # with an apposition: "..., Flynn, a top Trump surrogate, said"
    APPOSITION_AFTER := re.compile(rf"^[\s,—–-]*(?P<who>{_WHO}),(?:[^.!?“”\"]|{_DOT}){{1,120}},\s+(?:{VERBS})\b"),
]
# Patterns for the text before a quote: these need it to end with ":" or ",", the rest do not.
_BEFORE_PUNCTUATED = [
    # the cue nearest the colon introduces the quote: "Ann said she was there when doctors told the
    # family: “...”" (the doctors said it; a bare plural of people may be the speaker there)
    NEAREST_CUE := re.compile(rf"\b(?:when|after|while|because|before|since|until|as)\s+(?P<who>{_WHO}){_SPACE_NOT_AFTER_DETERMINER}(?:{VERBS})\b{_NO_VERB_NEXT}[^.“”\"]{{0,60}}[:,]\s*$"),
    re.compile(rf"(?:^|{_CLAUSE_START}|[,;]\s+)(?P<who>{_WHO}){_SPACE_NOT_AFTER_DETERMINER}(?:{VERBS})\b{_NO_VERB_NEXT}[^.“”\"]{{0,60}}[:,]\s*$"),
    re.compile(rf"\b(?!{_ADDRESSING})(?:{VERBS})\s+(?P<who>{_WHO})\s*[:,]\s*$"),  # not "told reporters:"
    ACCORDING_OPENING := re.compile(rf"\b[Aa]ccording to (?P<who>{_WHO_LONG})\s*[:,]\s*$"),
    re.compile(r"(?:^|[.!?]\s+)(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s*$"),
]
BEFORE = [
    *_BEFORE_PUNCTUATED,
    # the agent of a passive cue: "described by the Campaign Against Anti-Semitism as “...”"
    re.compile(rf"\b(?:{VERBS})\s+by\s+(?P<who>{_WHO})\s+as\s+(?:an?\s+|the\s+)?$"),
    # a quoted phrase inside reported speech: "X said Mr Rutte has “...”"
    re.compile(rf"(?:^|{_CLAUSE_START}|,\s+)(?P<who>{_WHO}){_SPACE_NOT_AFTER_DETERMINER}(?:{VERBS})\b{_NO_VERB_NEXT}[^.!?“”\"]*$"),
    # the same with an apposition: "X, the foreign minister of France, said ... “...”"
    APPOSITION_BEFORE := re.compile(rf"(?:^|{_CLAUSE_START})(?P<who>{_WHO}),[^.!?“”\"]{{1,120}},\s+(?:{VERBS})\b[^.!?“”\"]*$"),
    ACCORDING_BEFORE := re.compile(rf"\b[Aa]ccording to (?P<who>{_WHO_LONG})\s*,[^.!?“”\"]*$"),
]
# A pattern cannot match a text without what every match of it holds: a pattern with the verb
# alternation one of its verbs (with a word boundary on both sides), an apposition pattern a comma
# and a verb (", the chief executive, said"). One search of the text for that spares the text the
# pattern's slower tries at every position. Patterns are told by identity: a compiled pattern's
# hash reads its whole program, at every lookup.
_ANY_VERB = re.compile(rf"\b(?:{_by_first_letter(_VERB_WORDS + '|' + _ATTRIBUTING_ONLY)})\b")
_COMMA_AND_VERB = re.compile(rf",\s+(?:{VERBS})\b")
_NEEDS = {**{id(pattern): _ANY_VERB for pattern in (*AFTER, *BEFORE) if VERBS in pattern.pattern},
          id(APPOSITION_AFTER): _COMMA_AND_VERB, id(APPOSITION_BEFORE): _COMMA_AND_VERB}
_NICKNAME = re.compile(r"(?<=[A-Za-z.] )[“”\"]([A-Z][\w.'’-]*)[“”\"](?= [A-Z])")
# A speaker's name in capitals opening a turn of a transcript: "PENCE: Well, look, ..."
LABEL = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}:\s")
CUE = re.compile(rf"\b(?:{VERBS}|according to)\b(?:\s+that\b)?[\s,:]*", re.IGNORECASE)
MAX_SPEAKER_WORDS = 12
_COPULA = re.compile(r"\b(?:is|was|are|were)\b")  # a speaker is no clause
_PASSIVE = re.compile(r"\b(?:been|being|be|get|got|gets)\s*$")  # "have been urged to": the one spoken to
MAX_TRIES = 3  # matches of one pattern tried in the text before a quote
RELATIVES = {"which", "who"}
CONJUNCTIONS = {"though", "although", "but", "and", "so", "yet", "then", "as"}
SENTENCE_ADVERBS = {"however", "meanwhile", "still", "instead", "indeed", "moreover", "furthermore", "nevertheless",
                    "nonetheless", "separately", "similarly", "likewise", "additionally", "ultimately", "finally",
                    "thus", "therefore", "earlier", "later", "yesterday", "today", "also", "now"}
TRAILING_WORDS = {"also", "further", "later", "again", "then", "has", "have", "had", "was", "were", "is", "are",
                  "would", "will", "previously", "recently", "repeatedly", "often", "never", "even", "just", "still",
                  "already", "now", "once", "reportedly", "publicly", "privately", "initially", "quoted", "as",
                  "himself", "herself", "themselves", "itself", "not", "and"}
NOT_SPEAKER_STARTS = {"if", "when", "while", "because", "during", "after", "before", "following", "speaking", "to",
                      "in", "on", "at", "for", "from", "with", "by", "of", "into", "under", "amid", "despite",
                      "who", "which", "whose", "whom", "where", "asked"}
SPEAKER_STARTS = {"he", "she", "they", "we", "i", "it", "the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                  "one", "another", "some", "many", "several", "two", "three", "officials", "police"}

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


def plausible(who: str) -> bool:
    """A speaker starts with a name, a pronoun or a determiner and is not a whole clause."""
    words = who.split()
    if (not 0 < len(words) <= MAX_SPEAKER_WORDS or " that " in f" {who} " or words[0].lower() in NOT_SPEAKER_STARTS
            or words[-1] in DETERMINERS):
        return False
    if len(words) == 1 and words[0].lower() in SENTENCE_ADVERBS:
        return False  # "However, X seemed to doubt it, saying": the apposition pattern took the adverb
    # "panel Chairman Rep. Jason Chaffetz (R-Utah)": lower case first, but ending with a name
    return words[0][0].isupper() or words[0].lower() in SPEAKER_STARTS or words[-1][0] in "(ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _leading_conjunction(who: str) -> int:
    """Length of a conjunction, adverb or relative pronoun opening the speaker span: "Though she" -> 7,
    "which Apple's chief executive" -> 6."""
    words = who.split()
    if len(words) < 2 or words[0].lower() not in CONJUNCTIONS | SENTENCE_ADVERBS | RELATIVES:
        return 0
    return who.index(words[1], who.index(words[0]) + len(words[0]))


def _without_trailing_words(who: str) -> int:
    """Length of the speaker without the adverbs and auxiliaries closing it: "the mayor also",
    "the group has", "Barger was quoted as"."""
    words = [m.span() for m in re.finditer(r"\S+", who)]
    while len(words) > 1 and who[words[-1][0]:words[-1][1]].lower() in TRAILING_WORDS:
        words.pop()
    return words[-1][1] if words else len(who)


def _search(patterns, text: str, offset: int, anchored: bool) -> tuple[int, int] | None:
    holds: dict[int, bool] = {}  # by id of a _NEEDS pattern: whether the text holds it, searched once
    for pattern in patterns:
        need = _NEEDS.get(id(pattern))
        if need is not None:
            if id(need) not in holds:
                holds[id(need)] = need.search(text) is not None
            if not holds[id(need)]:
                continue
        for match in _matches(pattern, text, anchored):
            who = match.group("who")
            leading = _leading_conjunction(who)  # "as a federal memo put it"
            if _COPULA.search(who, leading, leading + _without_trailing_words(who[leading:])):
                continue  # "Perhaps it is a twist of irony, but ..., which X, the chief executive, called"
            if _PASSIVE.search(who):
                continue  # "police have been praised as doing a “sterling job”": the cue is passive
            if (plausible(who[leading:]) or (pattern is NEAREST_CUE and re.fullmatch(r"[a-z]{3,}s", who))
                    or (pattern is ACCORDING and len(who.split()) <= MAX_SPEAKER_WORDS)
                    or (pattern in (ACCORDING_OPENING, ACCORDING_BEFORE) and len(who.split()) <= MAX_SOURCE_WORDS
                        and plausible(" ".join(who.split()[:MAX_SPEAKER_WORDS])))):
                start = match.start("who") + leading
                return offset + start, offset + start + _without_trailing_words(text[start:match.end("who")])
    return None


def _matches(pattern, text: str, anchored: bool):
    """The anchored match, or the leftmost few: a clause that is no speaker ("as was true ... ―
    Trump boasted,") may come before the one that is."""
    if anchored:
        match = pattern.match(text)
        if match:
            yield match
        return
    position = 0
    for _ in range(MAX_TRIES):
        match = pattern.search(text, position)
        if not match:
            return
        yield match
        position = match.start("who") + 1


def is_attribution(text: str) -> bool:
    """The text right after a quote attributes it: ", she said," or " said the minister."""
    return _search(AFTER, text, 0, anchored=True) is not None


def attribution_at(body: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the speaker when body[start:end] is an attribution: ", Warren said."."""
    return _search(AFTER, body[start:end], start, anchored=True)


def speaker_span(body: str, fragments: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    """Offsets of the speaker of the quote made of these quoted ranges, if written nearby."""
    for (_, end), (start, _) in zip(fragments, fragments[1:]):
        comma = body.find(", ", end + 1, start)  # “A” of the proposals, X said. “B”: past the run-on words
        found = (_search(AFTER, body[end + 1:start], end + 1, anchored=True)
                 or (comma > 0 and _search(AFTER, body[comma:start], comma, anchored=True)))
        if found:
            return found
    quote_start, quote_end = fragments[0][0], fragments[-1][1]
    label = LABEL.match(body, quote_start)
    if label:
        return quote_start, label.end() - 2
    para_start, para_end = paragraph(body, quote_start, quote_end)
    # “... policy.” The network said: after a quote that ends its sentence, "X said" opens the next
    # one; only the patterns opening with the verb, a dash or "according to" still attribute it
    # (also “... club. ” with a space before the closing mark)
    tail = body[max(0, quote_end - 4):quote_end].rstrip()
    after = AFTER if tail[-1:] != "." or (tail.endswith("...") and body[quote_end - 1] != ".") else AFTER[:3]
    text_after = _unmarked_nicknames(body[quote_end + 1:min(para_end, quote_end + 1 + AFTER_CHARS)])
    found = _search(after, text_after, quote_end + 1, anchored=True)
    if found:
        return found
    before_start = max(para_start, quote_start - 1 - BEFORE_CHARS)
    if before_start == para_start and para_start > 1 and not body[para_start:quote_start - 1].strip():
        before_start = _previous_paragraph_start(body, para_start)  # "X said:" closing the paragraph before
        if before_start is None:
            return None
    # No attribution holds a quotation mark: the text before starts at the last one, so the text
    # searched around consecutive quotes never overlaps.
    window = _unmarked_nicknames(body[before_start:quote_start - 1])
    last_mark = max(window.rfind(mark) for mark in '“”"')
    before = window[last_mark + 1:].rstrip("\n")
    before_start += last_mark + 1
    patterns = BEFORE if before.rstrip()[-1:] in (":", ",") else BEFORE[len(_BEFORE_PUNCTUATED):]  # skip what cannot match
    return _search(patterns, before, before_start, anchored=False)


def _unmarked_nicknames(text: str) -> str:
    """The text with the marks around a nickname between names made spaces: Marcia "Cia" Price."""
    return _NICKNAME.sub(r" \1 ", text)


def _previous_paragraph_start(body: str, para_start: int) -> int | None:
    """Where the text to search starts when the paragraph before ends with a colon, else None."""
    previous_end = para_start
    while previous_end > 0 and body[previous_end - 1] == "\n":
        previous_end -= 1
    previous_start = max(paragraph(body, previous_end, previous_end)[0], previous_end - BEFORE_CHARS)
    return previous_start if body[previous_start:para_start].rstrip().endswith(":") else None
