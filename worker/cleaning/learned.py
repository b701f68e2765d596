"""Boilerplate removal by the learned model, with the rules of boilerplate.json as overrides.

A unit (a line, or a segment of a glued line) is removed when a rule names its kind, or when the
model judges it unlikely to be body text. In article text, the model judges the units the rules
leave, as the text reads without theirs; in a page's whole text, it sees every line (the menus the
rules name too) to find the article among them, and the rules' block of teasers under a "Related"
heading is looked for at the end of that article, not of the page. In article text of
SHORT_TEXT_UNITS to MAX_EITHER_WAY_UNITS units, a line glued at one point is also read with its two
segments swapped: the model learned boxes glued on before a paragraph, and a box glued on after one
reads, swapped, as such a box (a short text's trees, learned from few units, are left to read it as
it comes). The rules alone decide when the model would leave nothing of a text the rules keep, when
the text has fewer than three units (nothing to compare a unit with), when it is an extractor's
short text (the extractor kept it as the article), or when it has more units than any page (a
hostile input: the model's cost per unit is far above the rules'). In a page's text, the model also
picks the page's headline and standfirst among the lines it removes (a rule naming the headline
boilerplate drops both). A paragraph the model keeps loses the sentences that the rules' cue phrases
name: an appeal or a sign-up prompt written onto the end of a paragraph, with no line break to tell
it apart.
"""

from __future__ import annotations

from typing import NamedTuple

from worker.cleaning import boilerplate
from worker.cleaning.features import Unit, looks_like_page
from worker.cleaning.model import SHORT_TEXT_UNITS, Judgement, Model
from worker.cleaning.rules import Rules
from worker.cleaning.units import join_kept, split_lines

LEARNED_KIND = "boilerplate"
MIN_MODEL_UNITS = 3
MAX_MODEL_UNITS = 5000  # the longest page text seen has under 1,000 lines
MAX_EITHER_WAY_UNITS = 1000  # a text read three ways (_either_way_round) at most; an article has far fewer
CUE_SENTENCE_UNITS = 200  # kept units with a strong cue phrase read sentence by sentence, at most
LINE_OF_ITS_OWN = 0.95  # chosen on the training pages' glued lines (bench/choose_glued_reading.py)
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
            judged_units = [units[i] for i in judge] if page else _as_the_rules_leave_them(units, owners, kinds, judge)
            judgement = model.judge(judged_units, title, page, extracted, publisher=ctx.publisher_names)
            if not page and SHORT_TEXT_UNITS <= len(judged_units) <= MAX_EITHER_WAY_UNITS:
                judgement = _either_way_round(judged_units, judgement, model, title, extracted, ctx)
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
    texts = {kind: units[i].text for kind, i in lead.items()}
    units, owners, kinds, keep = _cue_sentences_out(units, owners, kinds, keep, ctx.rules)
    removed = [boilerplate.removal(kind or LEARNED_KIND, unit.text)
               for unit, kind, kept in zip(units, kinds, keep) if not kept]
    return Stripped(join_kept(units, owners, keep), removed, texts.get(HEADLINE_KIND, ""),
                    texts.get(STANDFIRST_KIND, ""))


def _as_the_rules_leave_them(units: list[Unit], owners: list[int], kinds: list[str | None],
                             judge: list[int]) -> list[Unit]:
    """The units of article text to judge; the first segment of a line glued at one point whose
    last segment a rule names is judged as a line of its own. The model reads a first segment as
    the suspect (a box's sentence glued on before a paragraph, as in the texts it learned from);
    where the rule has found the box after it, the first segment is the paragraph."""
    boxed = {owners[i] for i, kind in enumerate(kinds) if kind is not None and units[i].glue == "last"}
    return [Unit(units[i].text) if units[i].glue == "first" and owners[i] in boxed else units[i] for i in judge]


def _either_way_round(units: list[Unit], judgement: Judgement, model: Model, title: str, extracted: bool,
                      ctx: boilerplate.Context) -> Judgement:
    """The judgement of article text, where each line glued at one point is also read with its two
    segments the other way round. The model learned boxes glued on before a paragraph ("...makes
    all the difference.Britain has given"); a box glued on after one ("...last sentence.Sign up to
    ...") reads, swapped, as such a box. The reading whose first segment is believed body less
    names the box, and its verdicts on the two segments stand; but the swapped reading does not
    remove the line's second segment when that segment, read as a line of its own, is believed
    body above LINE_OF_ITS_OWN (a paragraph glued to the next: both body)."""
    firsts = [i for i in range(len(units) - 1) if units[i].glue == "first" and units[i + 1].glue == "last"]
    if not firsts or not judgement.beliefs:
        return judgement

    def judge(reading: list[Unit]) -> Judgement:
        return model.judge(reading, title, False, extracted, publisher=ctx.publisher_names)

    swapped = list(units)
    for i in firsts:
        swapped[i], swapped[i + 1] = Unit(units[i + 1].text, "first"), Unit(units[i].text, "last")
    other = judge(swapped)
    verdicts = {i: (other.keep[i + 1], other.keep[i]) for i in firsts if other.beliefs[i] < judgement.beliefs[i]}
    boxed_after = [i for i, verdict in verdicts.items() if verdict == (True, False) and judgement.keep[i + 1]]
    if boxed_after:
        alone = judge([Unit(unit.text) if unit.glue else unit for unit in units])
        for i in boxed_after:
            if alone.beliefs[i + 1] > LINE_OF_ITS_OWN:
                del verdicts[i]
    keep = list(judgement.keep)
    for i, (first, last) in verdicts.items():
        keep[i], keep[i + 1] = first, last
    return judgement._replace(keep=keep)


def _cue_sentences_out(units: list[Unit], owners: list[int], kinds: list[str | None], keep: list[bool],
                       rules: Rules) -> tuple[list[Unit], list[int], list[str | None], list[bool]]:
    """The sentences of kept units that the rules' cue phrases name (boilerplate.cue_sentences)
    cut out: an appeal or a sign-up prompt written onto the end of a paragraph of the article. A
    unit the model removes goes whole: the rest of a box with such a sentence is boilerplate too."""
    runs_of = _cue_runs(units, keep, rules)
    if not runs_of:
        return units, owners, kinds, keep
    rows: list[tuple[Unit, int, str | None, bool]] = []
    for i, row in enumerate(zip(units, owners, kinds, keep)):
        if i in runs_of:
            rows += [(Unit(text), owners[i], kind, kind is None) for text, kind in runs_of[i]]
        else:
            rows.append(row)
    units, owners, kinds, keep = (list(column) for column in zip(*rows))
    return units, owners, kinds, keep


def _cue_runs(units: list[Unit], keep: list[bool], rules: Rules) -> dict[int, list[tuple[str, str | None]]]:
    """boilerplate.cue_sentences of the kept units it cuts, by index; at most CUE_SENTENCE_UNITS
    units with a strong cue phrase are read, which bounds a hostile text's cost."""
    if not rules.has_strong_cue("\n".join(unit.text for unit, kept in zip(units, keep) if kept).lower()):
        return {}  # one search of the whole article says so for most texts
    runs_of = {}
    read = 0
    for i, unit in enumerate(units):
        if keep[i] and read < CUE_SENTENCE_UNITS and rules.has_strong_cue(unit.text.lower()):
            read += 1
            if len(runs := boilerplate.cue_sentences(unit.text, rules)) > 1:
                runs_of[i] = runs
    return runs_of


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
