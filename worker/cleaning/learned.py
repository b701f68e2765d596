"""Boilerplate removal by the learned model, with the rules of boilerplate.json as overrides.

A unit (a line, or a segment of a glued line) is removed when a rule names its kind, or when the
model judges it unlikely to be body text. In article text, the model judges the units the rules
leave, as the text reads without theirs; in a page's whole text, it sees every line (the menus the
rules name too) to find the article among them, and the rules' block of teasers under a "Related"
heading is looked for at the end of that article, not of the page. The rules alone decide when the
model would leave nothing of a text the rules keep, when the text has fewer than three units
(nothing to compare a unit with), when it is an extractor's short text (the extractor kept it as
the article), or when it has more units than any page (a hostile input: the model's cost per unit
is far above the rules'). In a page's text, the model also picks the page's headline and
standfirst among the lines it removes (a rule naming the headline boilerplate drops both).
"""

from __future__ import annotations

from typing import NamedTuple

from worker.cleaning import boilerplate
from worker.cleaning.features import Unit, looks_like_page
from worker.cleaning.model import SHORT_TEXT_UNITS, Model
from worker.cleaning.units import join_kept, split_lines

LEARNED_KIND = "boilerplate"
MIN_MODEL_UNITS = 3
MAX_MODEL_UNITS = 5000  # the longest page text seen has under 1,000 lines
HEADLINE_KIND = "headline"
STANDFIRST_KIND = "standfirst"


class Stripped(NamedTuple):
    paragraphs: list[str]  # kept
    removed: list[dict]  # removal records in text order
    headline: str = ""  # a page's headline, found by the model among the lines it removed
    standfirst: str = ""  # and its standfirst


def strip(lines: list[str], ctx: boilerplate.Context, model: Model, title: str = "",
          page: bool | None = None, extracted: bool = False) -> Stripped:
    """The kept paragraphs and the removals of a list of normalised lines; `page` says whether they
    are a whole page's text (None: features.looks_like_page decides), `extracted` whether they are
    an extractor's article text."""
    units, owners = split_lines(lines)
    modelled = len(units) <= MAX_MODEL_UNITS
    if modelled and page is None:
        page = looks_like_page(units)
    kinds = boilerplate.kinds_of([u.text for u in units], ctx, page=bool(modelled and page))
    fewest = SHORT_TEXT_UNITS if extracted else MIN_MODEL_UNITS  # an extractor's short text is its article
    judged, lead = [True] * len(units), {}  # lead: kind -> index of a page's headline and standfirst units
    if modelled:
        judge = range(len(units)) if page else [i for i, kind in enumerate(kinds) if kind is None]
        if len(judge) >= fewest:
            judgement = model.judge([units[i] for i in judge], title, page, extracted, publisher=ctx.publisher_names)
            for i, body in zip(judge, judgement.keep):
                judged[i] = body
            lead = {kind: judge[i] for kind, i in ((HEADLINE_KIND, judgement.headline),
                                                     (STANDFIRST_KIND, judgement.standfirst)) if i is not None}
    keep = [kind is None and body for kind, body in zip(kinds, judged)]
    if modelled and page:
        _teaser_tail_of_article(units, kinds, keep, ctx)
    if not any(keep):
        keep, lead = [kind is None for kind in kinds], {}
    if HEADLINE_KIND in lead and kinds[lead[HEADLINE_KIND]] is not None:
        lead = {}  # the rules override the model, and the standfirst was picked as the one after that headline
    lead = {kind: i for kind, i in lead.items() if kinds[i] is None}
    for kind, i in lead.items():
        kinds[i] = kind
    removed = [boilerplate.removal(kind or LEARNED_KIND, unit.text)
               for unit, kind, kept in zip(units, kinds, keep) if not kept]
    texts = {kind: units[i].text for kind, i in lead.items()}
    return Stripped(join_kept(units, owners, keep), removed, texts.get(HEADLINE_KIND, ""),
                    texts.get(STANDFIRST_KIND, ""))


def _teaser_tail_of_article(units: list[Unit], kinds: list[str | None], keep: list[bool],
                            ctx: boilerplate.Context) -> None:
    """The rules' teaser block at the end of the article the model found in a page's text (the
    units it kept, and the headings among them that it did not), removed."""
    kept = [i for i, k in enumerate(keep) if k]
    if not kept:
        return
    article = [i for i in range(kept[0], kept[-1] + 1)
               if keep[i] or boilerplate.related_heading(units[i].text, ctx.rules)]
    for i, kind in zip(article, boilerplate.teaser_tail([units[i].text for i in article], ctx.rules)):
        if kind is not None:
            kinds[i], keep[i] = kinds[i] or kind, False
