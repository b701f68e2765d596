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


@pytest.mark.parametrize("text", [
    "Your support makes all the difference. Make a one-off donation today.",
    "Sign up to our free Morning Briefing newsletter, delivered straight to your inbox.",
    "We use cookies to improve your browsing experience. Manage preferences.",
    "Subscribers can read the premium edition.",  # weak cues only
    "The council approved the new budget on Tuesday after a debate that lasted six hours.",
    "“Thank you for your support,” the mayor told volunteers at the count.",
])
def test_the_one_search_prefilters_say_what_the_cue_patterns_find(text):
    loaded, lowered = rules.load(), text.lower()
    matches = [m for cues in loaded.cues.values() for m in cues.pattern.finditer(lowered)]
    assert bool(loaded.has_cue(lowered)) == bool(matches)
    assert bool(loaded.has_strong_cue(lowered)) == any(m.lastgroup == "strong" for m in matches)
