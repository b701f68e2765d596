"""Features of text units (lines, paragraphs, glued segments) for the learned boilerplate model.

A unit is described by its words (those of its start and of its end, and its first and last
words; no word pairs, which mostly name topics), its shape (length, punctuation, case, links), its
neighbours' shape and the density of sentences around it, and how much of its vocabulary the rest
of the text shares; in article text, also how many of its words the rest of the text and the units
next to it use, and whether it carries a caption's date (_sentence_context); in text as it comes,
whether it names the article's publisher (publisher_names). Each feature is a name
(present or not); a linear pass is a weight per name. The trees of the article model's second stage
read numbers instead (unit_numbers, rescoring_rows). Every function here is linear in the size of
its input.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

_WORD = re.compile(r"\w+")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")")
_LINK = re.compile(r"https?:|www\.|\.com\b|\.co\.uk\b|\.org\b|@\w")
_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, (?:19|20)\d\d\b")
_SENTENCE_WORDS = 8  # a shorter line is a label or a headline, whatever its last mark
_HEAD_WORDS = 16   # n-grams of the first words and of the last ones describe a unit well
_TAIL_WORDS = 6
STOPWORDS = frozenset(
    "the a an and or but of to in on at for with from by as is are was were be been it its this that "
    "these those he she they we you i his her their our your my me him them us not no so if than then "
    "there here has have had will would can could should may might do does did said says about into "
    "over after before more most also just who which what when where how all any some one two new".split())


@dataclass(frozen=True)
class Unit:
    text: str
    glue: str = ""  # "", "first" or "last": its place in a line glued at one point (units.py)


def _bucket(value: float, edges: tuple) -> int:
    return bisect_right(edges, value)


_WORD_EDGES = (1, 2, 3, 4, 6, 9, 13, 21, 36, 61, 120)
_FRACTION_EDGES = (0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def is_sentence_like(text: str, words: int) -> bool:
    return words >= _SENTENCE_WORDS and text.endswith(_SENTENCE_END)


def _ngrams(tokens: list[str], features: set) -> None:
    head = tokens[:_HEAD_WORDS]
    tail = tokens[-_TAIL_WORDS:] if len(tokens) > _HEAD_WORDS + _TAIL_WORDS else tokens[_HEAD_WORDS:]
    features.update(map("w:".__add__, head))
    features.update(map("w:".__add__, tail))
    if tokens:
        features.add("first:" + tokens[0])
        features.add("last:" + tokens[-1])
        if len(tokens) > 1:
            features.add("first2:" + tokens[0] + "_" + tokens[1])


def _shape(text: str, raw_words: list[str], features: set) -> None:
    n = len(raw_words)
    features.add(_LEN[_bucket(n, _WORD_EDGES)])
    features.add(_CHARS[_bucket(len(text), _CHAR_EDGES)])
    end = text[-1]
    features.add(_END.get(end) or ("end:digit" if end.isdigit() else "end:other"))
    start = text[0]
    features.add("start:upper" if start.isupper() else "start:lower" if start.islower() else "start:digit"
                 if start.isdigit() else "start:quote" if start in "\"“‘'" else "start:other")
    if n:
        sample = raw_words[:_HEAD_WORDS]
        features.add(_CAPS[_bucket(sum(map(str.istitle, sample)) / len(sample), _FRACTION_EDGES)])
        features.add(_DIGITS[_bucket(sum(map(str.isdigit, sample)) / len(sample), _FRACTION_EDGES)])
    if text.isupper():
        features.add("allcaps")
    if _LINK.search(text):
        features.add("link")
    for mark, name in _MARKS:
        if mark in text:
            features.add(name)
    if n and len(text) / n > 12:
        features.add("long_tokens")


# Feature names built once, not per unit: "len:{bucket}", "chars:{bucket}", "end:{mark}", ...
_CHAR_EDGES = (10, 30, 60, 120, 250, 500, 1000)
_LEN = tuple(f"len:{b}" for b in range(len(_WORD_EDGES) + 1))
_CHARS = tuple(f"chars:{b}" for b in range(len(_CHAR_EDGES) + 1))
_CAPS = tuple(f"caps:{b}" for b in range(len(_FRACTION_EDGES) + 1))
_DIGITS = tuple(f"digits:{b}" for b in range(len(_FRACTION_EDGES) + 1))
_END = {mark: "end:" + mark for mark in ".!?:;,\"”’)|…-"}
_MARKS = (("|", "has:pipe"), ("©", "has:copy"), ("“", "has:quote"), ('"', "has:quote"), ("?", "has:question"),
          (":", "has:colon"), ("•", "has:bullet"), ("·", "has:bullet"))


@dataclass(frozen=True)
class TextFacts:
    """What every unit's features need to know about the whole text."""
    words: list[list[str]]       # lower-cased words per unit
    content: list[set[str]]      # content words per unit (their stems)
    raw_words: list[list[str]]   # words as written per unit
    sentence_like: list[bool]
    repeated: frozenset          # content words found in more than one unit
    names: list[set[str]]        # capitalised words inside each unit (names, mostly), lower-cased
    known_names: frozenset       # names found in more than one unit, or in the title
    title_words: frozenset       # stems of the title's content words
    kind: int                    # bucket of the share of sentence-like units
    publisher: list[bool]        # whether each unit names the article's publisher
    overlaps: list["Overlap"]    # what each unit's content words share with the rest of the text


class Overlap(NamedTuple):
    """What a unit's words share with the rest of the text, counted once for the first pass's
    features (_cohesion, _sentence_context) and the trees' numbers (unit_numbers)."""
    repeated: int    # found in another unit too
    in_title: int    # in the title
    near: int        # in the unit before or the one after
    neighbours: bool  # the unit before or the one after has content words
    bridged: bool    # the units before and after share a content word
    names: int       # its capitalised words that are known names


_STEM = 5  # content words compared by their first letters: "council" and "councillors" agree


def _content(words: list[str]) -> set[str]:
    return {w[:_STEM] for w in words if len(w) > 3 and w not in STOPWORDS}


def content_words(text: str) -> set[str]:
    """The text's content words, as units compare them (their first _STEM letters)."""
    return _content(words_of(text))


def text_facts(units: list[Unit], title: str = "", publisher: frozenset = frozenset()) -> TextFacts:
    """`publisher`: publisher_names of the article's source."""
    raw = [_WORD.findall(u.text) for u in units]
    joined = [" ".join(ws).lower() for ws in raw]
    lowered = [text.split() for text in joined]
    sentence_like = [is_sentence_like(u.text, len(ws)) for u, ws in zip(units, raw)]
    content = [_content(ws) for ws in lowered]
    counts = Counter(itertools.chain.from_iterable(content))
    names = [{w.lower() for w in ws[1:] if w.istitle()} for ws in raw]
    name_counts = Counter(itertools.chain.from_iterable(names))
    title = words_of(title)
    title_names = frozenset(w for w in title if len(w) > 3 and w not in STOPWORDS)
    share = sum(sentence_like) / len(units) if units else 0.0
    repeated = _more_than_once(counts)
    known_names = _more_than_once(name_counts) | title_names
    title_words = frozenset(_content(title))
    return TextFacts(lowered, content, raw, sentence_like, repeated, names, known_names, title_words,
                     _bucket(share, (0.2, 0.4, 0.6, 0.8)), _naming_publisher(units, raw, joined, publisher),
                     _overlaps(content, names, repeated, known_names, title_words))


_NONE: frozenset = frozenset()


def _overlaps(content: list[set[str]], names: list[set[str]], repeated: frozenset, known_names: frozenset,
              title_words: frozenset) -> list[Overlap]:
    n, rows = len(content), []
    for i, own in enumerate(content):
        before = content[i - 1] if i else _NONE
        after = content[i + 1] if i + 1 < n else _NONE
        rows.append(Overlap(len(own & repeated), len(own & title_words), len(own & (before | after)) if own else 0,
                            bool(before or after), bool(before & after), len(names[i] & known_names)))
    return rows


def _naming_publisher(units: list[Unit], raw: list[list[str]], joined: list[str], publisher: frozenset) -> list[bool]:
    tails = {name[-_NAME_TAIL:] for name in publisher}
    everything = "\n".join(joined)  # joined once: one search per name says so for most texts
    if not any(tail in everything for tail in tails):
        return [False] * len(units)
    return [_may_name(u.text, text, tails, publisher) and _names_publisher(_words_outside_datelines(u.text, ws), publisher)
            for u, ws, text in zip(units, raw, joined)]


def _may_name(text: str, lowered: str, tails: set[str], publisher: frozenset) -> bool:
    """Whether a unit is worth reading word by word for the publisher's name: its lower-cased
    words hold the last letters of a name (of its last word, when that has _NAME_TAIL letters or
    more: "the sun" for "thesun"), and run together they hold a whole name, as a run of them that
    names the publisher does; a unit with a dateline is read on the letters alone (dropping the
    dateline brings two words together)."""
    if not any(tail in lowered for tail in tails):
        return False
    if "(" in text:
        return True
    squeezed = lowered.replace(" ", "")
    return any(name in squeezed for name in publisher)


# labels of a URL host that do not name its site
_HOST_NOISE = frozenset("www m amp edition news com co uk org net us au ca in ie nz za".split())
_NAME_WORDS = 4  # the longest run of capitalised words compared with a publisher name
_NAME_TAIL = 3


def publisher_names(source: str) -> frozenset:
    """How an article may name its publisher, from boilerplate.source_key ("theguardian
    www.theguardian.com"): the publisher's name and its site's label in the URL host, each also
    without a leading "the" and a trailing "news", as joined lower-case words ("guardian",
    "theguardian"; "apnews.com" gives "apnews" and "ap"). Publishers name themselves in their page
    furniture (sign-up prompts, self-descriptions, comment rules, copyright lines) far more often
    than in their articles."""
    words = source.split()
    hosts = [w.split(".") for w in words if "." in w]
    bases = {"".join(filter(str.isalnum, "".join(w for w in words if "." not in w)))}
    bases.update(labels[-1] for labels in ([x for x in host if x not in _HOST_NOISE] for host in hosts) if labels)
    names = set()
    for base in bases:
        plain = base[3:] if base.startswith("the") and len(base) > 5 else base
        for name in (base, plain):
            names.add(name)
            if name.endswith("news") and len(name) > 5:
                names.add(name[:-4])
    return frozenset(name for name in names if len(name) >= 2)


# an agency's dateline credit, "LONDON (Reuters) -": the article's own first line, not furniture
_DATELINE = re.compile(r"\([^()]{1,40}\)\s*[-—–]")


def _words_outside_datelines(text: str, raw_words: list[str]) -> list[str]:
    return _WORD.findall(_DATELINE.sub(" ", text)) if "(" in text else raw_words


def _names_publisher(raw_words: list[str], publisher: frozenset) -> bool:
    """Whether a run of capitalised words joins into one of the publisher's names ("The
    Guardian", "the Guardian", "AP"). Linear: each word starts at most _NAME_WORDS runs."""
    for i in range(len(raw_words)):
        joined = ""
        for word in raw_words[i:i + _NAME_WORDS]:
            if not word[:1].isupper():
                break
            joined += word.lower()
            if joined in publisher:
                return True
    return False


def _more_than_once(counts: Counter) -> frozenset:
    return frozenset(w for w, count in counts.items() if count > 1)


def _window_share(flags: list[bool], prefix: list[int], i: int, radius: int) -> float:
    lo, hi = max(0, i - radius), min(len(flags), i + radius + 1)
    others = hi - lo - 1
    return (prefix[hi] - prefix[lo] - flags[i]) / others if others > 0 else 0.0


def _cohesion(doc: TextFacts, i: int, features: set) -> None:
    size = len(doc.content[i])
    if not size:
        features.add("cohesion:none")
        return
    overlap = doc.overlaps[i]
    features.add(f"cohesion:{_bucket(overlap.repeated / size, _FRACTION_EDGES)}")
    names = len(doc.names[i])
    if names:
        features.add(f"names:{_bucket(overlap.names / names, _FRACTION_EDGES)}")
    if doc.title_words:
        features.add(f"title:{_bucket(overlap.in_title / size, (0.01, 0.1, 0.3, 0.6))}")


_SIZE_EDGES = (4, 8, 14)  # content words in a unit
_SHARE_EDGES = (0.01, 0.1, 0.25, 0.5)


def _sentence_context(doc: TextFacts, text: str, i: int, features: set) -> None:
    """What tells a sentence put into an article from the article's own: a caption's date, how
    many of its words the rest of the text uses (a share says less of a short unit than of a long
    one), and how much it shares with the units next to it (a teaser, a caption or an appeal put
    between two paragraphs is about something else than both, while they share words)."""
    if (", 20" in text or ", 19" in text) and _DATE.search(text):  # most units have no date: skip the scan
        features.add("ends:date" if _DATE.search(text[-40:]) else "has:date")  # "..., Feb. 27, 2024."
    words = len(doc.content[i])
    if not words:
        return
    overlap, size = doc.overlaps[i], _bucket(words, _SIZE_EDGES)
    features.add(_SIZED["cohesion", _bucket(overlap.repeated / words, _FRACTION_EDGES), size])
    features.add(_SIZED["common", _bucket(overlap.repeated, _COUNT_EDGES), size])
    if doc.title_words:
        features.add(_SIZED["title", _bucket(overlap.in_title / words, _SHARE_EDGES), size])
    if overlap.neighbours:
        near = _bucket(overlap.near / words, _SHARE_EDGES)
        features.update(_AROUND[near, overlap.bridged, doc.sentence_like[i]])


_COUNT_EDGES = (1, 2, 3, 5, 8)
# feature names built once: "{name}:{bucket}|size:{size}" and "around:{share}" with its
# "|bridged:{0 or 1}|sentence:{0 or 1}"
_SIZED = {(name, bucket, size): f"{name}:{bucket}|size:{size}"
          for name, edges in (("cohesion", _FRACTION_EDGES), ("common", _COUNT_EDGES), ("title", _SHARE_EDGES))
          for bucket in range(len(edges) + 1) for size in range(len(_SIZE_EDGES) + 1)}
_AROUND = {(near, bridged, sentence): (f"around:{near}",
                                        f"around:{near}|bridged:{int(bridged)}|sentence:{int(sentence)}")
           for near in range(len(_SHARE_EDGES) + 1) for bridged in (False, True) for sentence in (False, True)}


_RADII = (2, 6, 15)
# "near{radius}:{share}" and the same "|sentence:{0 or 1}", for every radius, share and flag
_NEAR = {(radius, share, sentence): (f"near{radius}:{share}", f"near{radius}:{share}|sentence:{sentence}")
         for radius in _RADII for share in range(len(_FRACTION_EDGES) + 1) for sentence in (0, 1)}


def _neighbours(tags: list["_Tag"], i: int, features: set) -> None:
    n = len(tags)  # a text's edges say nothing: position is not evidence of boilerplate
    if i >= 1:
        features.add(tags[i - 1].before1)
    if i >= 2:
        features.add(tags[i - 2].before2)
    if i + 1 < n:
        features.add(tags[i + 1].after1)
    if i + 2 < n:
        features.add(tags[i + 2].after2)


class _Tag(NamedTuple):
    """A unit's tag (its length bucket and whether it reads like a sentence) and the feature names
    its neighbours get from it, built once."""
    name: str     # "{size}/{0 or 1}"
    before1: str  # "p1:{name}": the unit before
    before2: str  # "p2:{name}"
    after1: str   # "n1:{name}": the unit after
    after2: str   # "n2:{name}"


_TAGS = {(size, sentence): _Tag(f"{size}/{int(sentence)}",
                                *(f"{place}:{size}/{int(sentence)}" for place in ("p1", "p2", "n1", "n2")))
         for size in range(len(_WORD_EDGES) + 1) for sentence in (False, True)}


def unit_features(units: list[Unit], title: str = "", article: bool = False,
                  facts: TextFacts | None = None) -> list[set]:
    """The feature names of each unit; with `article`, also those of _sentence_context (for
    article text: in a page's text, a unit's neighbours are menu items as often as not). `facts`:
    text_facts of the units, when already known (with the publisher's names, in text as it comes)."""
    doc = facts or text_facts(units, title)
    prefix = [0]
    for flag in doc.sentence_like:
        prefix.append(prefix[-1] + flag)
    seen: Counter = Counter(u.text for u in units)
    tags = [_TAGS[_bucket(len(ws), _WORD_EDGES), s] for ws, s in zip(doc.raw_words, doc.sentence_like)]
    kind = f"doc:{doc.kind}"
    kind_tags = {tag: f"{kind}|tag:{tag.name}" for tag in set(tags)}
    rows = []
    for i, unit in enumerate(units):
        features = {"bias", kind, kind_tags[tags[i]]}
        _ngrams(doc.words[i], features)
        _shape(unit.text, doc.raw_words[i], features)
        sentence = int(doc.sentence_like[i])
        for radius in _RADII:
            share = _bucket(_window_share(doc.sentence_like, prefix, i, radius), _FRACTION_EDGES)
            features.update(_NEAR[radius, share, sentence])
        _neighbours(tags, i, features)
        _cohesion(doc, i, features)
        if unit.glue:
            features.add("glue:" + unit.glue)
        if seen[unit.text] > 1:
            features.add("repeated")
        if doc.publisher[i]:
            features.add("names:publisher")
        if article:
            _sentence_context(doc, unit.text, i, features)
        rows.append(features)
    return rows


def context_features(probabilities: list[float]) -> list[set]:
    """Second-pass features: the first pass's belief about each unit and its neighbours."""
    n = len(probabilities)
    prefix = [0.0]
    for p in probabilities:
        prefix.append(prefix[-1] + p)
    rows = []
    for i, p in enumerate(probabilities):
        features = {"bias", f"self:{_bucket(p, _PROB_EDGES)}"}
        for offset, name in ((-1, "p1"), (1, "n1"), (-2, "p2"), (2, "n2")):
            j = i + offset
            if 0 <= j < n:
                features.add(f"{name}:{_bucket(probabilities[j], _PROB_EDGES)}")
        for radius in (3, 8, 20):
            lo, hi = max(0, i - radius), min(n, i + radius + 1)
            others = hi - lo - 1
            mean = (prefix[hi] - prefix[lo] - p) / others if others else 0.0
            features.add(f"mean{radius}:{_bucket(mean, _PROB_EDGES)}")
            features.add(f"mean{radius}:{_bucket(mean, _PROB_EDGES)}|self:{_bucket(p, _PROB_EDGES)}")
        place = _bucket(i / n, _PLACE_EDGES)  # a page's article seldom starts near its end
        features.add(f"place:{place}")
        features.add(f"place:{place}|self:{_bucket(p, _PROB_EDGES)}")
        if i:
            features.add(f"before:{_bucket(prefix[i] / i, _PROB_EDGES)}")
        if n - i - 1:
            features.add(f"after:{_bucket((prefix[n] - prefix[i + 1]) / (n - i - 1), _PROB_EDGES)}")
        rows.append(features)
    return rows


_PROB_EDGES = (0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95)
_PLACE_EDGES = (0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9)
_GLUE = {"": 0.0, "first": 1.0, "last": 2.0}
_NO_SHARE = -1.0  # a share of nothing (shares are 0 to 1)
_NO_NEIGHBOUR = -20.0  # the log-odds of a unit that is not there (beliefs' log-odds lie within +-14)


def unit_numbers(units: list[Unit], facts: TextFacts) -> list[list[float]]:
    """Numbers that describe each unit of article text for the trees of the second stage: its
    size and shape, how many of its words the rest of the text, its neighbours and the title use,
    whether it names the publisher, and the text's own size and share of sentences."""
    doc, n = facts, len(units)
    share = sum(doc.sentence_like) / n if n else 0.0
    rows = []
    for i, unit in enumerate(units):
        raw, overlap, names, text = doc.raw_words[i], doc.overlaps[i], len(doc.names[i]), unit.text
        size, words, shared = len(doc.content[i]), len(raw), overlap.repeated
        rows.append([
            float(words), float(size), float(doc.sentence_like[i]),
            shared / size if size else _NO_SHARE,
            overlap.near / size if size and overlap.neighbours else _NO_SHARE,
            overlap.in_title / size if size and doc.title_words else _NO_SHARE,
            overlap.names / names if names else _NO_SHARE,
            sum(map(str.istitle, raw)) / words if words else 0.0,
            len(text) / max(1, words), float(n), share, _GLUE[unit.glue],
            float(text.endswith("?")), float("“" in text or '"' in text), float(bool(_LINK.search(text))),
            float(shared), float(overlap.bridged), float(doc.publisher[i]),
        ])
    return rows


def rescoring_rows(beliefs: list[float], numbers: list[list[float]]) -> list[list[float]]:
    """The trees' input for each unit: the first pass's belief about it and its neighbours (as
    log-odds), the text's lowest and mean belief, and the unit's numbers."""
    z = [log_odds(p) for p in beliefs]
    lowest, mean = (min(z), sum(z) / len(z)) if z else (0.0, 0.0)
    n = len(z)
    return [[z[i], z[i - 1] if i else _NO_NEIGHBOUR, z[i + 1] if i + 1 < n else _NO_NEIGHBOUR, lowest, mean]
            + numbers[i] for i in range(n)]


def log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


PAGE_BELOW_SHARE = 0.5  # a page's whole text: mostly units that are not sentences (menus, links)
PAGE_MIN_UNITS = 20


def looks_like_page(units: list[Unit]) -> bool:
    """Whether the units are a whole page's text rather than an article's."""
    return len(units) >= PAGE_MIN_UNITS and sentence_share(units) < PAGE_BELOW_SHARE


def sentence_share(units: list[Unit]) -> float:
    """The share of units that read like sentences (low in a page's whole text)."""
    if not units:
        return 0.0
    return sum(u.text.endswith(_SENTENCE_END) and _has_words(u.text, _SENTENCE_WORDS) for u in units) / len(units)


def _has_words(text: str, count: int) -> bool:
    """Whether the text has `count` words or more, reading no further than the last of them."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), count)) == count
