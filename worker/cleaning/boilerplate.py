"""Paragraph-level boilerplate detection: which paragraphs (or glued segments) are not journalism.

Each paragraph gets a kind or None from its own text (line patterns, cue phrases, shape), then
rules over neighbours refine it: text between two parts of an appeal is part of it, a short
label above a photo credit is a caption, a block of short teasers under a "Related" heading at the
end is related links, and a paragraph seen earlier in the article is a repeat. A paragraph can also
be read sentence by sentence for the ones its cue phrases name (cue_sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from worker.cleaning import glue
from worker.cleaning.features import publisher_names
from worker.cleaning.rules import Rules

EXCERPT_CHARS = 120
_LINE_RULE_MAX_CHARS = 400   # line patterns describe short furniture, not body paragraphs
_CUE_MAX_CHARS = 5000        # nor are boxes of appeals or sign-up prompts this long
_APPEAL_GAP = 2              # paragraphs an appeal box may hold without a cue of its own
_TEASER_MAX_WORDS = 50
_TAIL_FROM = 0.5             # teaser blocks start in the second half of the text
_CAPS_TEASER_MIN_WORDS = 8   # shorter lines in capitals are usually cross-heads
_REPEAT_MIN_WORDS = 10
_SENTENCE_END = ('.', '!', '?', '"', '”', '’', ':', ';', ')')
_CLOSING_QUOTES = '"”’'
_CREDIT = re.compile(r"(credit|photo|photograph|image|picture|pictured)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def source_key(raw: dict) -> str:
    """Publisher name and URL host of a raw article, case-folded: what publisher-specific rules
    and the model's publisher names are read from."""
    url = raw.get("url") if isinstance(raw.get("url"), str) else ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return f"{raw.get('source') or ''} {host}".casefold()


@dataclass(frozen=True)
class Context:
    rules: Rules
    source: str = ""  # publisher name and URL host, case-folded
    author: str | None = None

    @cached_property
    def line_rules(self) -> "LineRules":
        return LineRules.of(self.rules.lines_for(self.source))

    @cached_property
    def publisher_names(self) -> frozenset:
        """How the article may name its publisher (features.publisher_names), for the model."""
        return publisher_names(self.source)


# The mark an extractor or a page puts before a list item ("- Advertisement", "• Read more: ...")
# is not part of what the item says.
_LIST_MARK = "(?:[-•·▪*] )?"


@dataclass(frozen=True)
class LineRules:
    """All line rules of an article in one pattern, tried in order: the first alternative that
    matches the whole text (after a list item's mark) wins, as when trying them one by one."""
    pattern: re.Pattern | None
    kinds: tuple[str, ...]

    @classmethod
    def of(cls, pairs: tuple[tuple[str, re.Pattern], ...]) -> "LineRules":
        if not pairs:
            return cls(None, ())
        alternatives = "|".join(f"(?P<k{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(pairs))
        return cls(re.compile(f"{_LIST_MARK}(?:{alternatives})", re.IGNORECASE), tuple(kind for kind, _ in pairs))

    def kind_of(self, text: str) -> str | None:
        match = self.pattern.fullmatch(text) if self.pattern is not None else None
        return self.kinds[int(match.lastgroup[1:])] if match else None


def removal(kind: str, text: str) -> dict:
    """The audit record of one removed span."""
    excerpt = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"
    return {"kind": kind, "chars": len(text), "excerpt": excerpt}


def _caps_teaser(text: str, words: int) -> bool:
    """A headline-like line in capitals: an inline link to another story."""
    if words < _CAPS_TEASER_MIN_WORDS or _is_sentence(text):
        return False
    return text == text.upper() and text != text.lower()


def _author_bio(text: str, words: int, ctx: Context) -> bool:
    if words > ctx.rules.bio_max_words:
        return False
    if ctx.author and text.startswith((ctx.author + " is ", ctx.author + " was ")):
        return True
    return ctx.rules.author_bio.match(text) is not None


def _cue_threshold(lowered: str, words: int, rules: Rules) -> int:
    """Reported speech borrows an appeal's words ("thank you for your support", she said), so
    it needs more evidence."""
    threshold = rules.cue_threshold_short if words <= rules.short_words else rules.cue_threshold
    if '"' in lowered or "“" in lowered or rules.reported_speech.search(lowered):
        threshold += rules.quoted_extra
    return threshold * 2 if words > rules.long_words else threshold


def _cue_kind(text: str, words: int, rules: Rules, kinds: frozenset | None = None) -> str | None:
    """The kind whose cues score highest in the text (the first on a tie), if that reaches the
    threshold; `kinds`: the cue kinds the text may hold (None: any)."""
    lowered = text.lower()
    candidates = [(kind, cues) for kind, cues in rules.cues.items() if kinds is None or kind in kinds]
    if len(candidates) > 1 and not rules.has_cue(lowered):  # of one kind, its own search (in score) says
        return None
    best, best_score = None, 0
    for kind, cues in candidates:
        score = cues.score(lowered)
        if score > best_score:
            best, best_score = kind, score
    return best if best_score and best_score >= _cue_threshold(lowered, words, rules) else None


def classify(text: str, ctx: Context, line_rules: LineRules, at_edge: bool = False,
             cue_kinds: frozenset | None = None) -> str | None:
    """The boilerplate kind of one paragraph judged alone, or None for journalism; `cue_kinds`: the
    kinds of cue phrase the paragraph may hold, when known (None: any)."""
    words = len(text.split())
    if len(text) <= _LINE_RULE_MAX_CHARS:
        kind = line_rules.kind_of(text)
        if kind:
            return kind
    if _caps_teaser(text, words):
        return "related"
    if at_edge and _author_bio(text, words, ctx):
        return "author_bio"
    if cue_kinds == frozenset() or len(text) > _CUE_MAX_CHARS:
        return None
    return _cue_kind(text, words, ctx.rules, cue_kinds)


def _fill_appeal_gaps(kinds: list[str | None]) -> None:
    """Paragraphs between two appeal paragraphs belong to the same appeal box."""
    marks = [i for i, kind in enumerate(kinds) if kind == "appeal"]
    for left, right in zip(marks, marks[1:]):
        if 1 < right - left <= _APPEAL_GAP + 1 and all(k is None for k in kinds[left + 1:right]):
            kinds[left + 1:right] = ["appeal"] * (right - left - 1)


def _captions_above_credits(paragraphs: list[str], kinds: list[str | None]) -> None:
    for i in range(len(paragraphs) - 1):
        text = paragraphs[i]
        if (kinds[i] is None and kinds[i + 1] == "caption" and _CREDIT.match(paragraphs[i + 1])
                and len(text.split()) <= 25 and not text.endswith(_SENTENCE_END)):
            kinds[i] = "caption"


def _is_sentence(text: str) -> bool:
    """Ends like a sentence: a closing quote counts when a mark stands before it ('said.”'), not
    after a word (a headline ending in a quoted phrase: 'a “War on Terror”')."""
    return text.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)


def _teasers_after(paragraphs: list[str], kinds: list[str | None]) -> list[bool]:
    """For each paragraph, whether the ones after it that no rule names read like story teasers:
    short, opening with a headline (no sentence end), and headlines make up a good share of them.
    One backward pass: a text of many headings costs no more than any other."""
    after = [False] * len(paragraphs)
    count = headlines = 0
    too_long, opens_with_sentence = False, True
    for i in range(len(paragraphs) - 1, -1, -1):
        after[i] = count > 0 and not opens_with_sentence and not too_long and headlines >= 0.4 * count
        if kinds[i] is None:
            text = paragraphs[i]
            opens_with_sentence = _is_sentence(text)
            count += 1
            headlines += not opens_with_sentence
            too_long = too_long or len(text.split()) > _TEASER_MAX_WORDS
    return after


def related_heading(text: str, rules: Rules) -> bool:
    """A "Related" / "More from ..." heading over links to other stories."""
    return len(text) <= 80 and rules.headings.fullmatch(text) is not None


def _teaser_tail(paragraphs: list[str], kinds: list[str | None], rules: Rules) -> None:
    """A "Related" / "More from ..." heading in the second half followed only by teasers: the
    heading and everything after it are links to other stories. A heading alone is dropped."""
    total = sum(len(p) for p in paragraphs) or 1
    teasers_after: list[bool] = []  # found at the first heading: most texts have none
    seen = 0
    for i, text in enumerate(paragraphs):
        if seen / total >= _TAIL_FROM and related_heading(text, rules):
            teasers_after = teasers_after or _teasers_after(paragraphs, kinds)
            if teasers_after[i]:
                for j in range(i, len(paragraphs)):
                    kinds[j] = kinds[j] or "related"
                return
            kinds[i] = kinds[i] or "related"
        seen += len(text)


def _repeats(paragraphs: list[str], kinds: list[str | None]) -> None:
    seen = set()
    for i, text in enumerate(paragraphs):
        if kinds[i] is not None or len(text.split()) < _REPEAT_MIN_WORDS:
            continue
        key = " ".join(_WORD.findall(text.casefold()))
        if key in seen:
            kinds[i] = "repeated"
        seen.add(key)


def _unglue(paragraphs: list[str], ctx: Context, line_rules) -> list[str]:
    """Paragraphs with boilerplate glued into them split at the glue, so that the boilerplate
    becomes a paragraph of its own and the journalism around it stays whole."""
    units = []
    for text in paragraphs:
        parts = glue.segments(text)
        if len(parts) == 1:
            units.append(text)
            continue
        body: list[str] = []
        for part in parts:
            if classify(part.strip(), ctx, line_rules):
                units.extend([glue.join(body)] if body else [])
                units.append(part.strip())
                body = []
            else:
                body.append(part)
        units.extend([glue.join(body)] if body else [])
    return units


# Between two sentences of a paragraph: a sentence mark (and a closing quote), a space, then a capital
# letter, possibly after an opening quote or bracket. Fixed-width look-arounds only: a linear scan.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?]) (?=[\"“‘(]?[A-Z])|(?<=[.!?][\"”’)]) (?=[\"“‘(]?[A-Z])")


def cue_sentences(text: str, rules: Rules) -> list[tuple[str, str | None]]:
    """A paragraph as runs of sentences, each with the kind the cue phrases give it (None: no
    kind): one run when they name all of its sentences or none. An appeal or a sign-up prompt
    written onto the end of a paragraph becomes a run of its own. A sentence is named only with a
    strong cue among its cues: weak ones ("premium", "subscribers", "privacy") are common words of
    reporting. Only a paragraph with a strong cue phrase is read sentence by sentence."""
    if len(text) > _CUE_MAX_CHARS or not rules.has_strong_cue(text.lower()):
        return [(text, None)]
    sentences = _SENTENCE_BREAK.split(text)
    kinds = [_strong_cue_kind(sentence, rules) for sentence in sentences]
    if None not in kinds or kinds.count(None) == len(kinds):
        return [(text, None)]
    runs: list[tuple[list[str], str | None]] = []  # joined once at the end: linear in the paragraph
    for sentence, kind, after in zip(sentences, kinds, ["start"] + kinds):
        if kind is None and after is None:
            runs[-1][0].append(sentence)
        else:
            runs.append(([sentence], kind))
    return [(" ".join(run), kind) for run, kind in runs]


def _strong_cue_kind(text: str, rules: Rules) -> str | None:
    kind = _cue_kind(text, len(text.split()), rules)
    return kind if kind is not None and rules.cues[kind].strong_in(text.lower()) else None


def kinds_of(units: list[str], ctx: Context, page: bool = False) -> list[str | None]:
    """The rules' boilerplate kind (or None) of each unit, judged alone and then by neighbours.
    In a page's whole text (`page`), what follows a "Related" heading is the rest of the page, not
    the article's tail: look for that tail in the article found in the page (teaser_tail)."""
    line_rules = ctx.line_rules
    n, edge = len(units), ctx.rules.bio_edge
    # most texts hold no cue phrase at all, and most of the rest cues of one kind: a search of the
    # whole text for each kind says which a paragraph may hold (its match is one in the whole text)
    whole = "\n".join(units).lower()
    cue_kinds = frozenset(kind for kind, cues in ctx.rules.cues.items()
                          if cues.present(whole)) if ctx.rules.has_cue(whole) else frozenset()
    judged: dict[tuple[str, bool], str | None] = {}  # a page repeats its furniture: each text is judged once
    kinds = []
    for i, unit in enumerate(units):
        key = (unit, i < edge or i >= n - edge)
        if key not in judged:
            judged[key] = classify(unit, ctx, line_rules, at_edge=key[1], cue_kinds=cue_kinds)
        kinds.append(judged[key])
    _fill_appeal_gaps(kinds)
    _captions_above_credits(units, kinds)
    if not page:
        _teaser_tail(units, kinds, ctx.rules)
    _repeats(units, kinds)
    return kinds


def teaser_tail(paragraphs: list[str], rules: Rules) -> list[str | None]:
    """The kind ("related" or None) of each paragraph of an article by the rule of a teaser block
    under a "Related" heading at its end."""
    kinds: list[str | None] = [None] * len(paragraphs)
    _teaser_tail(paragraphs, kinds, rules)
    return kinds


def strip(paragraphs: list[str], ctx: Context) -> tuple[list[str], list[dict]]:
    """(kept paragraphs, removal records in text order) of a list of normalised paragraphs."""
    units = _unglue(paragraphs, ctx, ctx.line_rules)
    kinds = kinds_of(units, ctx)
    kept = [u for u, kind in zip(units, kinds) if not kind]
    return kept, [removal(kind, u) for u, kind in zip(units, kinds) if kind]
