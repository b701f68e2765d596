"""Picking the headline and standfirst of a page's whole text among the lines before its article."""

import numpy as np

from worker.cleaning import pagelead
from worker.cleaning.features import Unit
from worker.cleaning.trees import Trees

MENU = ["Skip to content", "Home", "News", "Sport", "Sign in"]
ARTICLE = ["The city council approved a new budget on Tuesday after a debate that lasted six hours.",
           "Councillors voted 31 to 12 in favour of the plan after the leader agreed to review parking charges.",
           "The plan raises spending on roads and schools while freezing the local tax rate."]
FOOTER = ["About us", "Contact", "Privacy policy", "Terms of use"]
HEADLINE = "Council approves budget after long debate"
RELATED = "Flood defences to be rebuilt by summer"


def _page(before: list[str]) -> tuple[list[Unit], list[bool]]:
    texts = MENU + before + ARTICLE + FOOTER
    start = len(MENU) + len(before)
    region = [start <= i < start + len(ARTICLE) for i in range(len(texts))]
    return [Unit(text) for text in texts], region


def _believe_lead_share(threshold: float) -> pagelead.Picker:
    """A picker whose one tree believes a candidate outside the article region when the article's
    first units hold most of its words."""
    columns = [pagelead.HEADLINE_COLUMNS.index("in_region"), pagelead.HEADLINE_COLUMNS.index("lead_share"), 0]
    trees = Trees(0.0, np.array([columns]), np.array([[0.5, 0.5, 1e30]]), np.array([[-3.0, 3.0, -3.0, -3.0]]))
    return pagelead.Picker(trees, threshold)


def test_candidates_are_headline_shaped_units_before_the_article_nearest_first():
    units, region = _page([RELATED, "Home", HEADLINE, "By Jane Smith, local government reporter", "5 March 2024"])
    candidates, rows = pagelead.headline_rows(units, region, [0.1] * len(units), [0.1] * len(units))
    texts = [units[i].text for i in candidates]
    assert texts.index(HEADLINE) < texts.index(RELATED)
    assert "Home" not in texts  # one word: not headline-shaped
    assert len(rows) == len(candidates) and all(len(row) == len(pagelead.HEADLINE_COLUMNS) for row in rows)


def test_no_region_no_candidates():
    units = [Unit(text) for text in MENU + FOOTER]
    assert pagelead.headline_rows(units, [False] * len(units), [0.1] * len(units), [0.1] * len(units)) == ([], [])


def test_the_most_believed_candidate_is_picked_if_believed_enough():
    units, region = _page([RELATED, HEADLINE, "By Jane Smith"])
    beliefs = [0.1] * len(units)
    found = pagelead.headline_rows(units, region, beliefs, beliefs)
    assert units[_believe_lead_share(0.5).pick(*found)].text == HEADLINE
    assert _believe_lead_share(0.99).pick(*found) is None
    assert _believe_lead_share(0.5).pick([], []) is None


def test_standfirst_candidates_follow_the_headline_and_have_a_standfirsts_length():
    dek = "Spending rises on roads and schools while the tax rate stays frozen"
    units, region = _page([HEADLINE, dek, "By Jane Smith", "5 March 2024"])
    at = len(MENU)
    candidates, rows = pagelead.standfirst_rows(units, region, [0.1] * len(units), [0.1] * len(units), at)
    texts = [units[i].text for i in candidates]
    assert texts[0] == dek and "By Jane Smith" not in texts  # three words: not a standfirst's length
    assert all(i > at for i in candidates) and max(candidates) <= at + pagelead.STANDFIRST_AFTER
    assert all(len(row) == len(pagelead.STANDFIRST_COLUMNS) for row in rows)
