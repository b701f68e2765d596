"""Cleaning stage: raw-article.v1 dict -> the cleaned fields of cleaned-article.v1.

A pure function: no I/O, no Kafka, deterministic for a given input.
"""

from __future__ import annotations

from worker.cleaning.normalise import lines_of, normalise_text
from worker.ids import content_hash

__all__ = ["EmptyArticle", "clean"]

_PASS_THROUGH = ("url", "source", "published_at", "fetched_at", "language", "metadata")


class EmptyArticle(ValueError):
    """Nothing of the article's text is left after cleaning."""


def _html_to_lines(html: str) -> tuple[list[str], dict]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    return lines_of(text), {}


def clean(raw: dict) -> dict:
    if raw.get("text"):
        lines, found = lines_of(raw["text"]), {}
    else:
        lines, found = _html_to_lines(raw.get("html") or "")
    title = normalise_text(raw.get("title") or found.get("title") or "")
    standfirst = ""
    if not title and len(lines) > 1:
        title = lines.pop(0)
    if not raw.get("title") and len(lines) > 1:
        standfirst = lines.pop(0)
    if not lines:
        raise EmptyArticle("no body text left after cleaning")
    body = "\n\n".join(lines)
    article = {k: raw[k] for k in _PASS_THROUGH if k in raw}
    article.update(
        title=title,
        standfirst=standfirst,
        author=found.get("author"),
        body=body,
        paragraphs=lines,
        removed=[],
        content_hash=content_hash(body),
    )
    article.setdefault("published_at", found.get("published_at"))
    return article
