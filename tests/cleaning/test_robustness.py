"""Adversarial inputs: every regex of the stage (and of the rules file) must run in linear time."""

import time

import pytest

from tests.cpu_time import best_cpu_seconds
from worker import cleaning
from worker.cleaning import boilerplate, glue, normalise, rules

BOUND_SECONDS = 1.0  # CPU seconds: other load on the machine does not count
ADVERSARIAL = {
    "one character": "a" * 100_000,
    "dot-space pairs": ". " * 50_000,
    "nested quotes": "“‘\"'«" * 20_000 + "”’\"'»" * 20_000,
    "brackets": "(" * 50_000 + ")" * 50_000,
    "capitals": "A" * 100_000,
    "glue": "a.B" * 33_000,
    "1 MB of glue inside addresses": "x.Ay@z" * 170_000,  # each merge once copied the whole part: about 25 s
    "single 2 MB line": "Your support matters, read more. " * 64_000,
}


def _timed(fn, *args) -> float:
    return best_cpu_seconds(lambda: _call(fn, *args), BOUND_SECONDS)


def _call(fn, *args) -> None:
    try:
        fn(*args)
    except cleaning.EmptyArticle:
        pass


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_text_path_finishes_quickly(name):
    text = ADVERSARIAL[name]
    assert _timed(cleaning.clean, {"url": "u", "text": text}) < BOUND_SECONDS
    assert _timed(cleaning.clean, {"url": "u", "text": "Headline\nStandfirst line.\n" + text + "\nEnd."}) < BOUND_SECONDS


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_every_rule_pattern_is_linear_without_the_length_guard(name):
    """The line patterns normally only see short paragraphs; they must be safe on long ones too."""
    text = ADVERSARIAL[name][:100_000]
    loaded = rules.load()
    patterns = [p for _, p in loaded.lines_for("reuters nation")] + [loaded.headings]
    start = time.process_time()
    for pattern in patterns:
        pattern.fullmatch(text)
    for cues in loaded.cues.values():
        cues.score(text.lower())
    loaded.author_bio.match(text)
    glue.segments(text)
    normalise.normalise_text(text)
    assert time.process_time() - start < BOUND_SECONDS


@pytest.mark.parametrize("name", ["one character", "dot-space pairs", "nested quotes"])
def test_classify_on_many_short_adversarial_paragraphs(name):
    ctx = boilerplate.Context(rules.load())
    paragraphs = [ADVERSARIAL[name][:300]] * 300
    assert _timed(boilerplate.strip, paragraphs, ctx) < BOUND_SECONDS


@pytest.mark.parametrize("name", ["one character", "nested quotes", "brackets"])
def test_html_path_finishes(name):
    html = f"<html><body><article><h1>Title here</h1><p>{ADVERSARIAL[name]}</p></article></body></html>"
    assert _timed(cleaning.clean, {"url": "u", "html": html}) < 5 * BOUND_SECONDS


SENTENCE = "The council approved the new budget on Tuesday after a debate that lasted six hours."
_MENU, _FOOTER = "Home\nNews\n" * 20, "\nAbout us" * 20
HOSTILE_TEXT = {
    "100k tiny lines": "a\n" * 100_000,
    "100k short sentence lines": "Read more.\n" * 100_000,
    "2 MB line without spaces": "x" * 2_000_000,
    "15k related headings over sentences": "Body text.\n" * 10_000 + "Related\nA sentence.\n" * 15_000,
    # each line's quoted prompt is read sentence by sentence: a bounded number of lines are
    "16k lines with a quoted prompt": "".join(f"“Sign up to our newsletter,” he said. The vote was close {i}.\n"
                                              for i in range(16_000)),
    # each line glued at one point is read as it comes, swapped, and as two lines (in a text of at most
    # learned.MAX_EITHER_WAY_UNITS units); the model judges up to 5,000
    **{f"{lines:,} lines with a box glued on after": "".join(
        f"The council met on day {i} to discuss the plan.Get the best of our journalism {i} in your pocket.\n"
        for i in range(lines)) for lines in (500, 2_490)},
    "20k lines of mojibake": "The cafÃ© was closed on Tuesday after the council voted.\n" * 20_000,
    # pages: the page model, and the headline and standfirst pickers, read them
    "a page with a 2 MB line of words": _MENU + "word " * 400_000 + ("\n" + SENTENCE) * 30 + _FOOTER,
    "a page of 4,900 headline-shaped lines": "".join(f"Council approves budget after debate {i}\n" for i in range(4_900))
                                             + "\n".join([SENTENCE] * 30) + _FOOTER,
}
HOSTILE_HTML = {
    "50k nested divs": "<html><body>" + "<div>" * 50_000 + f"<p>{SENTENCE}</p>" + "</div>" * 50_000 + "</body></html>",
    "5k nested tables": "<html><body>" + "<table><tr><td>" * 5_000 + SENTENCE + "</td></tr></table>" * 5_000
                        + "</body></html>",
    "100k unclosed tags": "<html><body><p>" + SENTENCE + "<b>" * 100_000 + "</p></body></html>",
    "100k lone brackets": "<html><body><p>" + SENTENCE + "</p>" + "<" * 100_000 + "</body></html>",
    "unclosed comment": "<html><body><p>" + SENTENCE + "</p><!--" + "x" * 1_000_000 + "</body></html>",
    # the standfirst expressions look after the page's headline: after each of 5,000 they took 1.5 s
    "5k headlines": "<html><body>" + "<h1>Council approves budget</h1>" * 5_000 + f"<p>{SENTENCE}</p></body></html>",
}


@pytest.mark.parametrize("name", list(HOSTILE_TEXT))
def test_hostile_text_finishes_quickly(name):
    assert _timed(cleaning.clean, {"url": "u", "text": HOSTILE_TEXT[name]}) < BOUND_SECONDS


@pytest.mark.parametrize("name", list(HOSTILE_HTML))
def test_hostile_html_finishes_quickly(name):
    assert _timed(cleaning.clean, {"url": "u", "html": HOSTILE_HTML[name]}) < BOUND_SECONDS


@pytest.mark.parametrize("name", ["50k nested divs", "5k nested tables"])
def test_deeply_nested_html_keeps_its_text(name):
    article = cleaning.clean({"url": "u", "html": HOSTILE_HTML[name]})
    assert article["body"] == SENTENCE
