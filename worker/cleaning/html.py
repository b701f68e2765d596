"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class Page:
    text: str = ""
    title: str = ""
    author: str | None = None
    published_at: str | None = None


def extract(html: str, url: str | None = None, prune: tuple[str, ...] = ()) -> Page:
    """Text (one paragraph a line), title, author and publication date of a page.

    Tables and comments are left out: they are not paragraphs of the article."""
    if not html.strip():
        return Page()
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        prune_xpath=list(prune) or None)
    if doc is None:
        return Page()
    return Page(text=doc.text or "", title=doc.title or "", author=doc.author or None,
                published_at=doc.date or None)
