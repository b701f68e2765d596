"""Properties on arbitrary Unicode: the stage never raises (other than EmptyArticle) and only
ever keeps words of its input."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker import cleaning
from worker.cleaning.normalise import normalise_text

WORD = re.compile(r"\w+")
LINES = st.lists(st.one_of(
    st.text(max_size=200),
    st.sampled_from(["Your support makes all the difference.", "Read more: x", "Advertisement",
                     "A normal sentence about the news.", "difference.Britain has", "(Getty Images)",
                     "\r\n", "\u00a0", "\u200b", "â€™", "“", "Credit: PA", "More from The Nation"]),
), max_size=12)


def _words(text: str) -> set[str]:
    return set(WORD.findall(text))


def _clean(raw: dict) -> dict | None:
    try:
        return cleaning.clean(raw)
    except cleaning.EmptyArticle:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    article = _clean({"url": "u", "text": text})
    if article is not None:
        assert article["paragraphs"] and all(article["paragraphs"])
        assert article["body"] == "\n\n".join(article["paragraphs"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_output_words_are_input_words(lines):
    text = "\n".join(lines)
    article = _clean({"url": "u", "text": text})
    if article is None:
        return
    kept = " ".join([article["title"], article["standfirst"], article["body"]])
    assert _words(kept) <= _words(normalise_text(text))
    removed_chars = sum(r["chars"] for r in article["removed"])
    assert removed_chars <= len(normalise_text(text))
    assert all(len(r["excerpt"]) <= 120 for r in article["removed"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=300))
def test_html_path_never_raises(title, text):
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    article = _clean({"url": "u", "html": html})
    if article is not None:
        assert article["paragraphs"]


@settings(max_examples=100, deadline=None)
@given(LINES)
def test_deterministic(lines):
    raw = {"url": "u", "text": "\n".join(lines)}
    assert _clean(raw) == _clean(dict(raw))
