"""Cleaning stage: raw-article.v1 dict -> the cleaned fields of cleaned-article.v1.

A pure function: no I/O, no Kafka, deterministic for a given input. Plain text and HTML (through
trafilatura; the page's whole text when trafilatura finds none) end up as normalised lines, the
leading headline and standfirst are set apart, and boilerplate (menus and footers of a page's
whole text, appeals, newsletter boxes, captions, related links, glued sentences, ...) is cut and
recorded in `removed`: by the learned model (model.py, weights in model/, trained by
`python bench/train_cleaning.py`) and by the rules of boilerplate.json, which override
it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from worker.cleaning import boilerplate, html, learned, model, pagetext, rules, structure
from worker.cleaning.features import Unit, looks_like_page
from worker.cleaning.normalise import lines_of, normalise_text
from worker.core.ids import content_hash

__all__ = ["EmptyArticle", "clean"]

_PASS_THROUGH = ("url", "source", "published_at", "fetched_at", "language", "metadata")


class EmptyArticle(ValueError):
    """Nothing of the article's text is left after cleaning."""


def _one_line(text: str) -> str:
    return " ".join(normalise_text(text).split())


def _source_key(raw: dict) -> str:
    """Publisher name and URL host, for publisher-specific rules."""
    url = raw.get("url") if isinstance(raw.get("url"), str) else ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return f"{raw.get('source') or ''} {host}".casefold()


def _page_standfirst(candidates: tuple[str, ...], title: str, ctx: boilerplate.Context) -> str:
    """The first candidate that is neither the headline again nor boilerplate."""
    line_rules = ctx.line_rules
    for text in map(_one_line, candidates):
        if not structure.same_headline(text, title) and not boilerplate.classify(text, ctx, line_rules):
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


def _html_page(markup: str, url: str | None, ruleset: rules.Rules) -> html.Page:
    """The page's article text; its whole visible text when the extractor finds none (a page too
    deeply nested for the parser, say): the model then finds the article in it."""
    page = html.extract(markup, url, ruleset)
    if page.text.strip() or not markup.strip():
        return page
    return html.Page(text=pagetext.page_text(markup), title=page.title, standfirsts=page.standfirsts,
                     author=page.author, published_at=page.published_at, whole_page=True)


def clean(raw: dict, ruleset: rules.Rules | None = None, boilerplate_model: model.Model | None = None) -> dict:
    """The cleaned fields of one raw article (default rules: boilerplate.json; default model: the
    one shipped in cleaning/model/)."""
    ruleset = ruleset or rules.load()
    boilerplate_model = boilerplate_model or model.load()
    from_text = bool(raw.get("text"))
    if from_text:
        page = html.Page(text=raw["text"])
    else:
        page = _html_page(raw.get("html") or "", raw.get("url") or None, ruleset)
    ctx = boilerplate.Context(ruleset, _source_key(raw), page.author)
    title = _one_line(raw.get("title") or page.title or "")
    standfirst = _page_standfirst(page.standfirsts, title, ctx)
    lines = lines_of(page.text)
    whole_page = page.whole_page or (from_text and len(lines) <= learned.MAX_MODEL_UNITS
                                     and looks_like_page([Unit(line) for line in lines]))
    if whole_page:
        removed = []  # a page's first lines are its menu, not a headline and a standfirst
    else:
        title, standfirst, lines, removed = _lead(lines, title, standfirst, ctx, from_text)
    known_title = _one_line(raw.get("title") or page.title or "")  # not a guess from the text's first line
    dek = structure.glued_lead(lines[0]) if lines and not (whole_page or standfirst) else ""
    paragraphs, cut = learned.strip(lines, ctx, boilerplate_model, known_title, whole_page,
                                    extracted=not (from_text or whole_page))
    if dek and paragraphs and paragraphs[0].startswith(dek + " "):  # kept, so not boilerplate
        standfirst, paragraphs[0] = dek, paragraphs[0][len(dek) + 1:]
    if not paragraphs:
        raise EmptyArticle("no body text left after cleaning")
    body = "\n\n".join(paragraphs)
    article = {k: raw[k] for k in _PASS_THROUGH if k in raw}
    article.update(
        title=title,
        standfirst=standfirst,
        author=page.author,
        body=body,
        paragraphs=paragraphs,
        removed=removed + cut,
        content_hash=content_hash(body),
    )
    if not article.get("published_at"):
        article["published_at"] = page.published_at
    return article
