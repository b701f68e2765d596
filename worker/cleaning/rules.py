"""Boilerplate rules, compiled from boilerplate.json (or a file of the same shape)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import re2

DEFAULT_RULES = Path(__file__).with_name("boilerplate.json")
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Cues:
    """Strong and weak cue phrases of one kind, in one pattern: where both match, the strong
    one (tried first) takes the text, so an overlap is counted once. Matched against lower-cased
    text (several times faster than a case-insensitive pattern). `present` says whether any of
    them is in a text, by one RE2 search (see _has_any): most texts with a cue of some kind hold
    none of the others, and the pattern's scan is the costly part."""
    pattern: re.Pattern
    present: Callable[[str], object]

    def score(self, lowered: str) -> int:
        if not self.present(lowered):
            return 0
        return sum(2 if m.lastgroup == "strong" else 1 for m in self.pattern.finditer(lowered))

    def strong_in(self, lowered: str) -> bool:
        return any(m.lastgroup == "strong" for m in self.pattern.finditer(lowered))


@dataclass(frozen=True)
class Rules:
    lines: dict[str, re.Pattern]
    cues: dict[str, Cues]
    has_cue: Callable[[str], object]  # any cue of any kind: most paragraphs have none, and one search says so
    has_strong_cue: Callable[[str], object]  # any strong cue of any kind
    headings: re.Pattern
    author_bio: re.Pattern
    bio_edge: int
    bio_max_words: int
    cue_threshold: int
    cue_threshold_short: int
    short_words: int
    quoted_extra: int
    long_words: int
    reported_speech: re.Pattern
    publishers: dict[str, dict[str, re.Pattern]] = field(default_factory=dict)
    html_prune: tuple[str, ...] = ()
    standfirst: tuple[str, ...] = ()
    standfirst_words: tuple[int, int] = (4, 120)

    def lines_for(self, source: str) -> tuple[tuple[str, re.Pattern], ...]:
        """(kind, pattern) of the generic line rules, then of publishers whose key is in `source`."""
        pairs = tuple(self.lines.items())
        for key, rules in self.publishers.items():
            if key in source:
                pairs += tuple(rules.items())
        return pairs


def _union(patterns: list) -> re.Pattern:
    sources = [p.pattern if isinstance(p, re.Pattern) else p for p in patterns]
    return re.compile("|".join(f"(?:{s})" for s in sources), _FLAGS)


def _lines(spec: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {kind: _union(patterns) for kind, patterns in spec.items()}


def _cues(strong: list[str], weak: list[str]) -> Cues:
    def group(name: str, patterns: list[str]) -> str:
        return f"(?P<{name}>" + "|".join(f"(?:{p})" for p in patterns) + ")"

    return Cues(re.compile(r"\b(?:" + group("strong", strong) + "|" + group("weak", weak) + r")\b"),
                _has_any(strong + weak))


def _has_any(patterns: list[str]) -> Callable[[str], object]:
    """One search for all cues, by RE2: an automaton scans the text once, where `re` would try
    every alternative at every position (eight times slower here). RE2's \\b knows ASCII words
    only; as every cue starts and ends with an ASCII letter or a currency sign, it finds a
    boundary wherever `re` does, so this prefilter passes every text the cue patterns match. Only
    whether a cue is there is asked: compiled without capturing groups, as the wrapper would
    otherwise read the span of each of the cues' groups at every match (three times the cost)."""
    options = re2.Options()
    options.never_capture = True
    return partial(_search_utf8, re2.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", options))


def _search_utf8(pattern, text: str) -> object:
    # RE2 reads UTF-8: given bytes, its wrapper skips mapping byte offsets back to characters,
    # which is half the cost of a search of a paragraph
    return pattern.search(text.encode())


def from_dict(spec: dict) -> Rules:
    bio = spec["author_bio"]
    cues = spec["cues"].values()
    return Rules(
        lines=_lines(spec["lines"]),
        cues={kind: _cues(c["strong"], c["weak"]) for kind, c in spec["cues"].items()},
        has_cue=_has_any([p for c in cues for p in c["strong"] + c["weak"]]),
        has_strong_cue=_has_any([p for c in cues for p in c["strong"]]),
        headings=_union(spec["headings"]),
        author_bio=re.compile(bio["pattern"]),
        bio_edge=bio["edge_paragraphs"],
        bio_max_words=bio["max_words"],
        cue_threshold=spec["cue_threshold"],
        cue_threshold_short=spec["cue_threshold_short"],
        short_words=spec["short_words"],
        quoted_extra=spec["quoted_extra"],
        long_words=spec["long_words"],
        reported_speech=re.compile(spec["reported_speech"]),
        publishers={key: _lines(p.get("lines", {})) for key, p in spec.get("publishers", {}).items()},
        html_prune=tuple(spec.get("html_prune", ())),
        standfirst=tuple(spec.get("standfirst", ())),
        standfirst_words=tuple(spec.get("standfirst_words", (4, 120))),
    )


@lru_cache(maxsize=8)
def load(path: str | Path = DEFAULT_RULES) -> Rules:
    """The compiled rules of a JSON file; cached, as they never change while the process runs."""
    return from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
