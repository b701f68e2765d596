"""Cleaning stage: raw-article.v1 dict -> the cleaned fields of cleaned-article.v1.

A pure function: no I/O, no Kafka, deterministic for a given input. Plain text and HTML (through
trafilatura; the page's whole text when trafilatura finds none or may have missed most of the
article) end up as normalised lines, the leading headline and standfirst are set apart (a page's
headline and standfirst, which its text does not mark, are picked by the model), and
boilerplate (menus and footers of a page's whole text, appeals, newsletter boxes, captions,
related links, glued sentences, ...) is cut and recorded in `removed`: by the learned model
(model.py, weights in model/, trained by `python bench/train_cleaning.py`) and by the rules of
boilerplate.json, which override it.
"""

from __future__ import annotations

from typing import NamedTuple

from worker.cleaning import boilerplate, html, learned, model, pagetext, rules, structure
from worker.cleaning.features import Unit, looks_like_page
from worker.cleaning.normalise import lines_of, normalise_text
from worker.core.ids import content_hash

__all__ = ["EmptyArticle", "clean"]

_PASS_THROUGH = ("url", "source", "published_at", "fetched_at", "language", "metadata")
# An HTML page's whole text is searched for the article when it has MISSED_SHARE times the words
# of the extractor's text and at least MISSED_WORDS more; the article found there wins when it has
# MISSED_SHARE times the words of the extractor's article.
MISSED_SHARE = 2
MISSED_WORDS = 1000


class EmptyArticle(ValueError):
    """Nothing of the article's text is left after cleaning."""


class _Parts(NamedTuple):
    title: str
    standfirst: str
    paragraphs: list[str]
    removed: list[dict]


def _one_line(text: str) -> str:
    return " ".join(normalise_text(text).split())


def _page_standfirst(candidates: tuple[str, ...], title: str, ctx: boilerplate.Context) -> str:
    """The first candidate that is neither the headline again nor boilerplate (an author's bio
    included: the candidates come from the top of the article, an edge of it)."""
    line_rules = ctx.line_rules
    for text in map(_one_line, candidates):
        if (not structure.same_headline(text, title)
                and not boilerplate.classify(text, ctx, line_rules, at_edge=True)):
            return text
    return ""


def _lead(lines: list[str], title: str, standfirst: str, ctx: boilerplate.Context, from_text: bool):
    """(title, standfirst, body lines, removals) from the leading lines of the text."""
    lines, copies = structure.drop_repeated_headline(lines, title) if title else (lines, [])
    removed = [boilerplate.removal("headline", line) for line in copies]
    if not from_text:
        if standfirst:
            lines, copies = structure.drop_repeated_headline(lines, standfirst)
            removed += [boilerplate.removal("standfirst", line) for line in copies]
        return title, standfirst, lines, removed
    if not title and len(lines) >= 3 and structure.looks_like_headline(lines[0]):
        title, lines = lines[0], lines[1:]
    elif not copies:
        return title, "", lines, removed
    line_rules = ctx.line_rules
    if (len(lines) >= 3 and structure.looks_like_standfirst(lines[0])
            and not boilerplate.classify(lines[0], ctx, line_rules)):
        dek, rest = structure.split_glued_lead(lines[0])
        if not dek:
            return title, lines[0], lines[1:], removed
        if not boilerplate.classify(dek, ctx, line_rules):  # a dek glued to paragraph 1
            return title, dek, [rest] + lines[1:], removed
    return title, "", lines, removed


def _whole_page(page: html.Page, markup: str) -> html.Page:
    """The page's whole visible text in place of the extractor's: the model finds the article in it."""
    return html.Page(text=pagetext.page_text(markup), title=page.title, standfirsts=page.standfirsts,
                     author=page.author, published_at=page.published_at, whole_page=True)


def _html_page(markup: str, url: str | None, ruleset: rules.Rules) -> html.Page:
    """The page's article text; its whole visible text when the extractor finds none (a page too
    deeply nested for the parser, say)."""
    page = html.extract(markup, url, ruleset)
    if page.text.strip() or not markup.strip():
        return page
    return _whole_page(page, markup)


def _may_have_missed(page: html.Page) -> bool:
    """The extractor left out most of a long page: it may have kept a part of the article only (a
    live blog's first posts, say). Pages below the bar are not checked, which keeps the HTML path's
    cost near the extractor's own."""
    words = len(page.text.split())
    return page.page_words >= MISSED_SHARE * words and page.page_words - words >= MISSED_WORDS


def _longer_in_whole_page(raw: dict, page: html.Page, markup: str, ctx: boilerplate.Context,
                          boilerplate_model: model.Model, extracted: _Parts) -> _Parts:
    """The article the model finds in the page's whole text if it is at least MISSED_SHARE times
    as long as the extractor's, else the extractor's. The model has found an article only where it
    cut page furniture around it."""
    whole_page = _whole_page(page, markup)
    if whole_page.text.count("\n") >= learned.MAX_MODEL_UNITS:  # the model would not judge it
        return extracted
    found = _parts(raw, whole_page, ctx, boilerplate_model, from_text=False)
    cut = any(removal["kind"] == learned.LEARNED_KIND for removal in found.removed)
    return found if cut and _words(found) >= MISSED_SHARE * _words(extracted) else extracted


def _words(parts: _Parts) -> int:
    return sum(len(paragraph.split()) for paragraph in parts.paragraphs)


def _parts(raw: dict, page: html.Page, ctx: boilerplate.Context, boilerplate_model: model.Model,
           from_text: bool) -> _Parts:
    """Headline, standfirst, body paragraphs and removals of one text: an extractor's, a page's or a
    raw article's."""
    known_title = title = _one_line(raw.get("title") or page.title or "")  # known: not a guess from the text
    standfirst = _page_standfirst(page.standfirsts, title, ctx)
    lines = lines_of(page.text)
    whole_page = page.whole_page or (from_text and len(lines) <= learned.MAX_MODEL_UNITS
                                     and looks_like_page([Unit(line) for line in lines]))
    if whole_page:
        removed = []  # a page's first lines are its menu; the model picks its headline and standfirst
    else:
        title, standfirst, lines, removed = _lead(lines, title, standfirst, ctx, from_text)
    dek = structure.glued_lead(lines[0]) if lines and not (whole_page or standfirst) else ""
    paragraphs, cut, headline, page_standfirst = learned.strip(lines, ctx, boilerplate_model, known_title,
                                                               whole_page, extracted=not (from_text or whole_page))
    if dek and paragraphs and paragraphs[0].startswith(dek + " "):  # kept, so not boilerplate
        standfirst, paragraphs[0] = dek, paragraphs[0][len(dek) + 1:]
    return _Parts(title or _one_line(headline), standfirst or _one_line(page_standfirst), paragraphs, removed + cut)


def clean(raw: dict, ruleset: rules.Rules | None = None, boilerplate_model: model.Model | None = None) -> dict:
    """The cleaned fields of one raw article (default rules: boilerplate.json; default model: the
    one shipped in cleaning/model/)."""
    ruleset = ruleset or rules.load()
    boilerplate_model = boilerplate_model or model.load()
    from_text = bool(raw.get("text"))
    markup = "" if from_text else raw.get("html") or ""
    page = html.Page(text=raw["text"]) if from_text else _html_page(markup, raw.get("url") or None, ruleset)
    ctx = boilerplate.Context(ruleset, boilerplate.source_key(raw), page.author)
    parts = _parts(raw, page, ctx, boilerplate_model, from_text)
    if not from_text and not page.whole_page and _may_have_missed(page):
        parts = _longer_in_whole_page(raw, page, markup, ctx, boilerplate_model, parts)
    if not parts.paragraphs:
        raise EmptyArticle("no body text left after cleaning")
    body = "\n\n".join(parts.paragraphs)
    article = {k: raw[k] for k in _PASS_THROUGH if k in raw}
    article.update(
        title=parts.title,
        standfirst=parts.standfirst,
        author=page.author,
        body=body,
        paragraphs=parts.paragraphs,
        removed=parts.removed,
        content_hash=content_hash(body),
    )
    if not article.get("published_at"):
        article["published_at"] = page.published_at
    return article
