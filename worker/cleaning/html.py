"""Main text of an HTML page with trafilatura; title, author, date and standfirst from its markup."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from worker.cleaning import metadata
from worker.cleaning.rules import Rules


@dataclass(frozen=True)
class Page:
    text: str = ""
    title: str = ""
    standfirsts: tuple[str, ...] = ()  # candidates, best first
    author: str | None = None
    published_at: str | None = None
    whole_page: bool = False  # the text is the page's whole text, not the extractor's article text
    page_words: int = 0  # words of the page's whole visible text


# A candidate whose text is mostly the text of links is navigation, not a standfirst: a live
# blog's list of jump links to its posts, a byline linking to the author's page, a deals teaser.
MAX_LINK_SHARE = 0.5


def _parts_of(element) -> list:
    """The element; a list item stands for its whole list, and the items of a list stand for it."""
    if element.tag == "li":
        return element.xpath("./self::li | ./following-sibling::li")
    return element.xpath(".//li") or [element]


def _text_of(element) -> str:
    return " ".join(element.text_content().split())


def _text_and_link_share(element) -> tuple[str, float]:
    """Its text (list items joined) and the share of it that is the text of links."""
    parts = _parts_of(element)
    texts = [_text_of(part) for part in parts]
    chars = sum(map(len, texts))
    linked = sum(len(_text_of(link)) for part in parts for link in part.iter("a"))
    return " ".join(texts), linked / chars if chars else 0.0


def _letter_words(text: str) -> int:
    """Its words that start with a letter: a date and a time ("June 30, 2026 - 4.34pm") are not
    a standfirst's words."""
    return sum(word[0].isalpha() for word in text.split())


def standfirsts(tree, xpaths: tuple[str, ...], words: tuple[int, int], limit: int = 4) -> tuple[str, ...]:
    """Texts of a standfirst's length from elements the expressions match, best first."""
    low, high = words
    found: list[str] = []
    for xpath in xpaths:
        try:
            matches = tree.xpath(xpath)
        except etree.XPathError:
            continue
        for element in matches[:limit]:
            if isinstance(element, etree._Element):
                text, link_share = _text_and_link_share(element)
                if low <= _letter_words(text) <= high and link_share <= MAX_LINK_SHARE and text not in found:
                    found.append(text)
    return tuple(found[:limit])


def visible_words(tree) -> int:
    """Words of the page's visible text. Drops the page's scripts and styles from `tree`."""
    etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
    return len(tree.text_content().split())


def extract(html: str, url: str | None, rules: Rules) -> Page:
    """Text (one paragraph a line), title, standfirst candidates, author and publication date.

    The page is parsed once; trafilatura works on a copy. Tables and comments are left out: they
    are not paragraphs of the article. trafilatura runs without its second opinions (readability,
    jusText; `fast`): where it keeps too little of a long page, the cleaning stage asks the
    boilerplate model to find the article in the page's whole text instead."""
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return Page()
    title, author, published_at = metadata.extract(tree)
    leads = standfirsts(tree, rules.standfirst, rules.standfirst_words)
    doc = trafilatura.bare_extraction(tree, url=url, fast=True, include_comments=False, include_tables=False,
                                      prune_xpath=list(rules.html_prune) or None)
    return Page(text=(doc.text or "") if doc else "", title=title, standfirsts=leads, author=author,
                published_at=published_at, page_words=visible_words(tree))
