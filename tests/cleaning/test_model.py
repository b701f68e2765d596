"""The shipped boilerplate model: plain JSON weights, read once, and what it does with a page."""

import dataclasses
import json

import pytest

from worker import cleaning
from worker.cleaning import boilerplate, learned, model, rules
from worker.cleaning.features import Unit, publisher_names

MENU = ["Skip to main content", "Home", "News", "UK", "World", "Politics", "Sport", "Business", "Culture",
        "Travel", "Sign in", "Subscribe", "Search"]
ARTICLE = [
    "The city council approved a new budget on Tuesday after a debate that lasted more than six hours, ending "
    "a dispute over spending that had divided the chamber since the autumn.",
    "Councillors voted 31 to 12 in favour of the plan, with three abstentions from the opposition benches, "
    "after the leader of the council agreed to review parking charges in the town centre.",
    "The plan raises spending on roads and schools while freezing the local tax rate for a second year, a "
    "promise the ruling group made before the last election.",
    "Critics said the council had not explained how it would pay for the new school buildings it promised, "
    "and warned that reserves could run out within three years.",
    "“We have balanced the books without cutting a single library,” the council leader told reporters after "
    "the vote, adding that the savings would come from merging back-office services.",
    "The opposition leader said the budget relied on optimistic forecasts of business rates and that residents "
    "would pay the price if the economy slowed next year.",
    "Union officials welcomed the decision to protect frontline jobs but said they would watch closely how the "
    "merger of back-office services was carried out.",
    "A final vote on the housing part of the plan is expected next month, according to council officials, who "
    "said the consultation had drawn more than 2,000 responses.",
]
FOOTER = ["More from News", "Flood defences to be rebuilt by summer", "Mayor calls for rail link review",
          "About us", "Contact", "Privacy policy", "Terms of use", "Cookie settings", "© 2024 Example News"]


def test_shipped_model_is_small_plain_json_and_loaded_once():
    assert model.MODEL_FILE.stat().st_size < 5_000_000
    spec = json.loads(model.MODEL_FILE.read_text(encoding="utf-8"))
    assert spec["format"] == model.FORMAT
    assert all(isinstance(w, float) for w in spec["article"]["units"].values())
    assert model.load() is model.load()


def test_a_file_of_another_format_is_refused():
    with pytest.raises(ValueError):
        model.from_dict({"format": "something else"})


def test_whole_page_text_is_recognised_and_its_article_found():
    lines = MENU + ["Council approves budget after long debate"] + ARTICLE + ["Most read"] + FOOTER
    assert model.load().is_page([Unit(line) for line in lines])
    article = cleaning.clean({"url": "https://example.org/a", "text": "\n".join(lines)})
    assert article["paragraphs"] == ARTICLE


def test_article_text_is_not_taken_for_a_page():
    assert not model.load().is_page([Unit(line) for line in ARTICLE])


def test_article_region_is_the_heaviest_stretch_of_belief():
    units = [Unit(t) for t in ["menu", "a long body paragraph of words", "ad", "another body paragraph here",
                               "footer teaser that the model likes a little"]]
    beliefs = [0.1, 0.9, 0.2, 0.9, 0.6]
    assert model.article_region(units, beliefs, 0.5) == [False, True, False, True, True]
    assert model.article_region(units, [0.1, 0.9, 0.0, 0.9, 0.6], 0.5) == [False, True, False, True, True]
    assert model.article_region(units, [0.9, 0.0, 0.0, 0.0, 0.9], 0.5) == [False, False, False, False, True]


def test_page_region_falls_back_to_the_units_own_beliefs():
    units = [Unit(t) for t in ["Home", "A short article paragraph of some words", "Footer"]]
    assert model.page_region(units, [0.1, 0.95, 0.1], [0.05, 0.2, 0.05], 0.5) == [False, True, False]
    assert model.page_region(units, [0.1, 0.95, 0.1], [0.05, 0.6, 0.05], 0.5) == [False, True, False]
    assert model.page_region(units, [0.9, 0.1, 0.1], [0.05, 0.6, 0.05], 0.5) == [False, True, False]


def test_an_extractors_text_has_its_own_threshold():
    units = [Unit(text) for text in ARTICLE]
    shipped = model.load()
    strict = model.Model(shipped.page, model.TwoPass(shipped.article.units, None, 1.01, 0.0))
    assert strict.keep(units, extracted=True) == [True] * len(units)
    assert strict.keep(units) == [False] * len(units)
    spec = strict.to_dict()
    assert model.from_dict(spec).article.extracted_threshold == 0.0


def test_a_short_text_as_it_comes_is_judged_by_trees_and_a_threshold_of_its_own():
    shipped = model.load()
    article = shipped.article
    prompt = "Get this delivered to your inbox, and more info about our products and services."
    units = [Unit(ARTICLE[i]) for i in (0, 1, 5)] + [Unit(prompt)]
    assert article.is_short(len(units)) and not article.is_short(model.SHORT_TEXT_UNITS)
    beliefs = article.body_probabilities(units, as_it_comes=True)
    assert beliefs != dataclasses.replace(article, short_trees=None).body_probabilities(units, as_it_comes=True)
    assert shipped.keep(units) == [p >= article.short_threshold for p in beliefs] == [True, True, True, False]
    again = model.from_dict(json.loads(json.dumps(shipped.to_dict()))).article
    assert again.short_threshold == article.short_threshold
    assert again.body_probabilities(units, as_it_comes=True) == beliefs


def test_a_judgement_carries_the_beliefs_its_verdicts_come_from():
    shipped = model.load()
    prompt = "Get this delivered to your inbox, and more info about our products and services."
    units = [Unit(text) for text in ARTICLE] + [Unit(prompt)]
    judgement = shipped.judge(units)
    assert judgement.beliefs == tuple(shipped.article.body_probabilities(units, as_it_comes=True))
    assert judgement.keep == [p >= shipped.article.threshold for p in judgement.beliefs]
    assert judgement.keep[-1] is False and all(judgement.keep[:-1])


def test_a_sentence_naming_the_publisher_is_less_likely_body_in_text_as_it_comes():
    blurb = ("Example Gazette is an independent newspaper that has brought local news to the county every day "
             "since 1851.")
    raw = {"source": "Example Gazette", "url": "https://www.examplegazette.com/news/1",
           "text": "\n".join(ARTICLE[:2] + [blurb] + ARTICLE[2:])}
    units = [Unit(line) for line in raw["text"].split("\n")]
    names = publisher_names(boilerplate.source_key(raw))
    shipped = model.load()
    anonymous = shipped.article.body_probabilities(units, as_it_comes=True)
    named = shipped.article.body_probabilities(units, as_it_comes=True, publisher=names)
    assert named[2] < anonymous[2] / 2
    # an extractor's text is judged without the names (its credit lines name the publisher)
    assert shipped.article.body_probabilities(units, publisher=names) == shipped.article.body_probabilities(units)
    assert cleaning.clean(raw)["paragraphs"] == ARTICLE


def test_a_region_needs_page_furniture_on_both_sides():
    k = model.PAGE_FRAME_UNITS
    assert model.framed([False] * k + [True, False, True] + [False] * k)
    assert not model.framed([False] * (k - 1) + [True] + [False] * k)
    assert not model.framed([False] * k + [True] * 4)
    assert model.framed([False] * 5)


def test_a_text_without_furniture_around_its_region_is_judged_as_article_text():
    page = model.TwoPass(model.LinearModel({"bias": -5.0, "first:body": 10.0}), None, 0.5)
    # article beliefs are all 0.5: kept at the bar of a page's region, removed at that of article text
    article = model.TwoPass(model.LinearModel({}), None, threshold=0.6, extracted_threshold=0.4)
    both = model.Model(page, article)
    body = [Unit(f"body line {i}") for i in range(5)]
    k = model.PAGE_FRAME_UNITS
    framed_page = [Unit("menu link")] * k + body + [Unit("footer link")] * k
    assert both.keep(framed_page, page=True) == [False] * k + [True] * 5 + [False] * k
    assert both.keep([Unit("menu link")] + body + [Unit("footer link")] * k, page=True) == [False] * (6 + k)


class _Spy:
    """A model that keeps every unit (but those it names the headline and the standfirst) and notes
    which units it was shown."""

    def __init__(self, headline: int | None = None, standfirst: int | None = None):
        self.shown: list[str] = []
        self.lead = headline, standfirst

    def judge(self, units, title="", page=None, extracted=False, publisher=frozenset()):
        self.shown = [u.text for u in units]
        return model.Judgement([i not in self.lead for i in range(len(units))], *self.lead)


def test_in_article_text_the_model_judges_what_the_rules_leave():
    ctx = boilerplate.Context(rules.load())
    appeal = "Sign up to our free Morning Briefing newsletter, delivered straight to your inbox."
    spy = _Spy()
    kept, removed, *_ = learned.strip(ARTICLE[:2] + [appeal] + ARTICLE[2:], ctx, spy)
    assert spy.shown == ARTICLE
    assert kept == ARTICLE and [r["kind"] for r in removed] == ["newsletter"]


def test_in_a_page_the_model_sees_the_menus_the_rules_name_too():
    ctx = boilerplate.Context(rules.load())
    page = MENU + ARTICLE + FOOTER
    spy = _Spy()
    learned.strip(page, ctx, spy)
    assert spy.shown == page


class _Keeper:
    """A model that keeps the units of the given texts."""

    def __init__(self, body: list[str]):
        self.body = set(body)

    def judge(self, units, title="", page=None, extracted=False, publisher=frozenset()):
        return model.Judgement([u.text in self.body for u in units])


PROMPT = "Sign up to our free Morning Briefing newsletter for the latest news from the council."


def test_a_prompt_written_onto_a_kept_paragraph_is_cut_out_of_it():
    ctx = boilerplate.Context(rules.load())
    lines = ARTICLE[:3] + [ARTICLE[3] + " " + PROMPT] + ARTICLE[4:]
    kept, removed, *_ = learned.strip(lines, ctx, _Keeper(lines))
    assert kept == ARTICLE
    assert [(r["kind"], r["excerpt"]) for r in removed] == [("newsletter", PROMPT)]


def test_a_paragraph_the_model_removes_goes_whole_with_its_prompt():
    ctx = boilerplate.Context(rules.load())
    box = "Our reporters cover the council every week. " + PROMPT
    kept, removed, *_ = learned.strip(ARTICLE[:3] + [box] + ARTICLE[3:], ctx, _Keeper(ARTICLE))
    assert kept == ARTICLE
    assert [(r["kind"], r["chars"]) for r in removed] == [(learned.LEARNED_KIND, len(box))]


def test_a_prompt_written_onto_a_paragraph_with_the_shipped_model():
    lines = ARTICLE[:3] + [ARTICLE[3] + " " + PROMPT] + ARTICLE[4:]
    article = cleaning.clean({"url": "https://example.org/a", "title": HEADLINE, "text": "\n".join(lines)})
    assert article["paragraphs"] == ARTICLE
    assert [r["kind"] for r in article["removed"]] == ["newsletter"]


RELATED_BOX = ["Related articles", "Flood defences to be rebuilt by summer", "Mayor calls for rail link review"]


def test_in_a_page_a_related_box_inside_the_article_leaves_the_rest_of_the_article():
    ctx = boilerplate.Context(rules.load())
    page = MENU + ARTICLE[:5] + RELATED_BOX + ARTICLE[5:] + FOOTER
    kept, *_ = learned.strip(page, ctx, _Keeper(ARTICLE))
    assert kept == ARTICLE


def test_in_a_page_the_teasers_under_a_related_heading_at_the_article_end_are_removed():
    ctx = boilerplate.Context(rules.load())
    page = MENU + ARTICLE + RELATED_BOX + FOOTER[3:]
    kept, removed, *_ = learned.strip(page, ctx, _Keeper(ARTICLE + RELATED_BOX[1:]))
    assert kept == ARTICLE
    assert [r["excerpt"] for r in removed if r["kind"] == "related"] == RELATED_BOX


def test_a_related_box_inside_a_pages_article_with_the_shipped_model():
    lines = MENU + [HEADLINE] + ARTICLE[:5] + RELATED_BOX + ARTICLE[5:] + ["Most read"] + FOOTER
    article = cleaning.clean({"url": "https://example.org/a", "text": "\n".join(lines)})
    assert article["paragraphs"] == ARTICLE


HEADLINE = "Council approves budget after long debate"


def test_the_pickers_travel_in_the_model_file():
    shipped = model.load()
    assert shipped.headline is not None
    again = model.from_dict(shipped.to_dict())
    assert again.headline.to_dict() == shipped.headline.to_dict()
    assert shipped.standfirst is not None and again.standfirst.to_dict() == shipped.standfirst.to_dict()


def test_a_page_text_gets_its_headline_and_the_headline_leaves_the_body():
    lines = (MENU + ["Politics", HEADLINE, "Spending rises on roads and schools while the tax rate stays frozen",
                     "By Jane Smith", "Tue 5 Mar 2024 17.00 GMT", "Share"] + ARTICLE + ["Most read"] + FOOTER)
    article = cleaning.clean({"url": "https://example.org/a", "text": "\n".join(lines)})
    assert article["title"] == HEADLINE
    assert article["paragraphs"] == ARTICLE
    assert {"kind": "headline", "chars": len(HEADLINE), "excerpt": HEADLINE} in article["removed"]


def test_a_title_given_with_the_page_text_is_kept():
    lines = MENU + [HEADLINE, "By Jane Smith", "5 March 2024", "Share this article"] + ARTICLE + ["Most read"] + FOOTER
    article = cleaning.clean({"url": "https://example.org/a", "title": "Budget: council says yes",
                              "text": "\n".join(lines)})
    assert article["title"] == "Budget: council says yes"
    assert article["paragraphs"] == ARTICLE


DEK = "Spending rises on roads and schools while the tax rate stays frozen"


def test_the_headline_and_standfirst_the_model_picks_in_a_page_are_recorded_as_such():
    ctx = boilerplate.Context(rules.load())
    page = MENU + [HEADLINE, DEK] + ARTICLE + FOOTER
    kept, removed, headline, standfirst = learned.strip(page, ctx, _Spy(len(MENU), len(MENU) + 1))
    assert (headline, standfirst) == (HEADLINE, DEK)
    assert HEADLINE not in kept and DEK not in kept and [p for p in kept if p in ARTICLE] == ARTICLE
    assert {"kind": "headline", "chars": len(HEADLINE), "excerpt": HEADLINE} in removed
    assert {"kind": "standfirst", "chars": len(DEK), "excerpt": DEK} in removed


def test_a_headline_pick_that_a_rule_names_boilerplate_is_dropped_with_its_standfirst():
    ctx = boilerplate.Context(rules.load())
    newsletter = "Sign up to our free Morning Briefing newsletter, delivered straight to your inbox."
    page = MENU + [newsletter, DEK] + ARTICLE + FOOTER
    kept, removed, headline, standfirst = learned.strip(page, ctx, _Spy(len(MENU), len(MENU) + 1))
    assert (headline, standfirst) == ("", "") and newsletter not in kept
    assert [r["kind"] for r in removed if r["excerpt"] == newsletter] == ["newsletter"]
    assert [r["kind"] for r in removed if r["excerpt"] == DEK] == [learned.LEARNED_KIND]
