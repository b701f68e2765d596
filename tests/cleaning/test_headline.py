"""Picking the headline of a page's whole text among the lines before its article."""

import numpy as np

from worker.cleaning import headline
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


def _believe_lead_share(threshold: float) -> headline.HeadlinePicker:
    """A picker whose one tree believes a candidate outside the article region when the article's
    first units hold most of its words."""
    columns = [headline.COLUMNS.index("in_region"), headline.COLUMNS.index("lead_share"), 0]
    trees = Trees(0.0, np.array([columns]), np.array([[0.5, 0.5, 1e30]]), np.array([[-3.0, 3.0, -3.0, -3.0]]))
    return headline.HeadlinePicker(trees, threshold)


def test_candidates_are_headline_shaped_units_before_the_article_nearest_first():
    units, region = _page([RELATED, "Home", HEADLINE, "By Jane Smith, local government reporter", "5 March 2024"])
    candidates, rows = headline.candidate_rows(units, region, [0.1] * len(units), [0.1] * len(units))
    texts = [units[i].text for i in candidates]
    assert texts.index(HEADLINE) < texts.index(RELATED)
    assert "Home" not in texts  # one word: not headline-shaped
    assert len(rows) == len(candidates) and all(len(row) == len(headline.COLUMNS) for row in rows)


def test_no_region_no_candidates():
    units = [Unit(text) for text in MENU + FOOTER]
    assert headline.candidate_rows(units, [False] * len(units), [0.1] * len(units), [0.1] * len(units)) == ([], [])


def test_the_most_believed_candidate_is_picked_if_believed_enough():
    units, region = _page([RELATED, HEADLINE, "By Jane Smith"])
    beliefs = [0.1] * len(units)
    assert units[_believe_lead_share(0.5).pick(units, region, beliefs, beliefs)].text == HEADLINE
    assert _believe_lead_share(0.99).pick(units, region, beliefs, beliefs) is None
