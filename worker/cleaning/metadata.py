"""Title, author and publication date of a parsed HTML page, from its markup.

Reads what publishers declare for search engines and social cards (JSON-LD, Open Graph and
article meta tags, <time>) and the page's <h1>. A few XPath look-ups: several times cheaper than
trafilatura's full metadata extraction, which also derives categories, tags, site names and
guesses dates from the text.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime

import orjson

_JSON_LD = "//script[@type='application/ld+json']/text()"
_TITLE_META = "//meta[@property='og:title' or @name='twitter:title' or @name='title']/@content"
_AUTHOR_META = ("//meta[@name='author' or @property='article:author' or @name='article:author'"
                " or @property='article:author_name' or @name='dc.creator' or @name='byl'"
                " or @name='parsely-author' or @name='sailthru.author']/@content")
_AUTHOR_LINK = "//*[@rel='author' or @itemprop='author']"
_DATE_META = ("//meta[@property='article:published_time' or @name='article:published_time'"
              " or @itemprop='datePublished' or @name='pubdate' or @name='publish-date'"
              " or @name='parsely-pub-date' or @name='sailthru.date' or @name='date'"
              " or @name='dc.date' or @name='DC.date.issued' or @name='cXenseParse:publishtime']/@content"
              " | //time[@datetime]/@datetime")
_HEADLINE_MAX_WORDS = 40
_HEADLINE_MIN_WORDS = 4
_WORD = re.compile(r"\w+")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BlogPosting", "LiveBlogPosting", "Report")


def _clean(text: str | None) -> str:
    return " ".join(html.unescape(text or "").split())


def _nodes(data) -> list[dict]:
    """Every JSON-LD object, flattening lists and @graph."""
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            stack.extend(item[k] for k in ("@graph", "mainEntity") if k in item)
    return found


def _loads(text: str):
    try:
        return orjson.loads(str(text))  # lxml hands out str subclasses, which orjson refuses
    except orjson.JSONDecodeError:
        pass
    try:  # publishers often leave raw newlines or tabs inside JSON-LD strings
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _ld(tree) -> dict:
    """Headline, author and datePublished of the page's JSON-LD, article-typed objects first."""
    nodes = [node for script in tree.xpath(_JSON_LD) for node in _nodes(_loads(script))]
    nodes.sort(key=lambda node: not _is_article(node))  # stable: document order otherwise
    found: dict = {}
    for node in nodes:
        for key in ("headline", "author", "datePublished"):
            if key not in found and node.get(key):
                found[key] = node[key]
    return found


def _is_article(node: dict) -> bool:
    kind = node.get("@type")
    return any(k in _ARTICLE_TYPES for k in (kind if isinstance(kind, list) else [kind]))


def _ld_author(author) -> str:
    people = author if isinstance(author, list) else [author]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and _clean(name) and not name.startswith("http"):
            names.append(_clean(name))
    return "; ".join(dict.fromkeys(names))


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))


def title(tree, ld: dict) -> str:
    """With a declared headline (JSON-LD, Open Graph): the <h1> that agrees with it, else an <h1> of
    a headline's length, else the declared one (pages carry stray <h1>s, such as "Log In" in a
    modal). Without: the first <h1>, else <title>."""
    declared = ld.get("headline") if isinstance(ld.get("headline"), str) else ""
    declared = _clean(declared) or next((_clean(t) for t in tree.xpath(_TITLE_META) if _clean(t)), "")
    h1s = [_clean(h1.text_content()) for h1 in tree.iterfind(".//h1")]
    h1s = [text for text in h1s if text and len(text.split()) <= _HEADLINE_MAX_WORDS]
    if declared:
        agreeing = [h1 for h1 in h1s if _overlap(h1, declared) >= 0.5]
        long_enough = [h1 for h1 in h1s if len(h1.split()) >= _HEADLINE_MIN_WORDS]
        return (agreeing or long_enough or [declared])[0]
    if h1s:
        return h1s[0]
    found = tree.find(".//title")
    return _clean(found.text_content()) if found is not None else ""


def author(tree, ld: dict) -> str | None:
    name = _ld_author(ld.get("author"))
    if name:
        return name
    for text in tree.xpath(_AUTHOR_META):
        text = _BY.sub("", _clean(text))
        if text and not text.startswith("http"):
            return text
    for element in tree.xpath(_AUTHOR_LINK)[:1]:
        text = _BY.sub("", _clean(element.text_content()))
        if text and len(text.split()) <= 6:
            return text
    return None


def _iso(text: str) -> str | None:
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def published_at(tree, ld: dict) -> str | None:
    """ISO 8601 publication time as declared by the page, if any."""
    candidates = [ld.get("datePublished")] + tree.xpath(_DATE_META)
    for text in candidates:
        if isinstance(text, str) and (found := _iso(text)):
            return found
    return None


def extract(tree) -> tuple[str, str | None, str | None]:
    """(title, author, published_at) of a parsed page."""
    ld = _ld(tree)
    return title(tree, ld), author(tree, ld), published_at(tree, ld)
