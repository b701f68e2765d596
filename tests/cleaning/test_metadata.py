"""Title, author and date from page markup."""

import json

from trafilatura.utils import load_html

from worker.cleaning import metadata


def _page(head: str = "", body: str = "") -> object:
    return load_html(f"<html><head>{head}</head><body>{body}<p>Text of the article.</p></body></html>")


def test_json_ld_article_with_a_graph_and_raw_newlines():
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Example"},'
          ' {"@type": "NewsArticle", "headline": "Dam\n bursts", "datePublished": "2024-03-01T10:00:00Z",'
          ' "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}]}')
    tree = _page(f'<script type="application/ld+json">{ld}</script>')
    assert metadata.extract(tree) == ("Dam bursts", "Ann Lee; Bo Chen", "2024-03-01T10:00:00+00:00")


def test_h1_agreeing_with_the_declared_headline_beats_a_stray_h1():
    tree = _page('<meta property="og:title" content="Dam bursts after storm | Example">',
                 "<div class='modal'><h1>Log In</h1></div><h1>Dam bursts after storm</h1>")
    assert metadata.title(tree, {}) == "Dam bursts after storm"


def test_meta_tags_when_there_is_no_json_ld():
    tree = _page('<meta name="author" content="By Ann Lee"><meta property="article:author" content="https://e.org/ann">'
                 '<meta property="article:published_time" content="2024-03-01T10:00:00+01:00">',
                 "<h1>A headline of some length</h1>")
    assert metadata.extract(tree) == ("A headline of some length", "Ann Lee", "2024-03-01T10:00:00+01:00")


def test_nothing_declared():
    assert metadata.extract(_page()) == ("", None, None)


def test_unparseable_json_ld_and_dates_are_ignored():
    tree = _page('<script type="application/ld+json">{not json</script><meta name="date" content="yesterday">')
    assert metadata.extract(tree) == ("", None, None)
