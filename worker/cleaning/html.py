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


def _text_of(element) -> str:
    """Its text; a list item stands for its whole list, and list items are joined."""
    if element.tag == "li":
        parts = element.xpath("./self::li | ./following-sibling::li")
    else:
        parts = element.xpath(".//li") or [element]
    return " ".join(" ".join(part.text_content().split()) for part in parts)


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
                text = _text_of(element)
                if low <= len(text.split()) <= high and text not in found:
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
