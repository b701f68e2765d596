"""The rules file: it loads, its patterns compile, and extending it works."""

import json
import re

import pytest

from worker import cleaning
from worker.cleaning import rules


def _spec() -> dict:
    return json.loads(rules.DEFAULT_RULES.read_text(encoding="utf-8"))


def test_default_rules_load_with_every_kind():
    loaded = rules.load()
    assert {"advertisement", "related", "caption", "copyright", "liveblog", "comments", "social", "embed"} <= set(loaded.lines)
    assert {"appeal", "newsletter", "cookie"} <= set(loaded.cues)


def test_cue_patterns_are_lower_case():
    for kind, cues in _spec()["cues"].items():
        for pattern in cues["strong"] + cues["weak"]:
            letters = pattern.replace("\\b", "").replace("\\w", "").replace("\\s", "")
            assert letters == letters.lower(), (kind, pattern)


def test_a_user_rule_extends_the_stage():
    spec = _spec()
    spec["lines"]["promo"] = ["win a trip to .{1,60}"]
    extended = rules.from_dict(spec)
    raw = {"url": "u", "text": "First sentence of the story.\nWin a trip to Paris!\nSecond sentence of it."}
    assert cleaning.clean(raw)["removed"] == []
    article = cleaning.clean(raw, extended)
    assert [r["kind"] for r in article["removed"]] == ["promo"]
    assert article["paragraphs"] == ["First sentence of the story.", "Second sentence of it."]


def test_a_bad_pattern_fails_at_load():
    spec = _spec()
    spec["lines"]["broken"] = ["(unclosed"]
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        rules.from_dict(spec)
