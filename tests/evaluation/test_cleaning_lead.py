"""Labels and thresholds of the page headline and standfirst pickers' training."""

import numpy as np

from worker.evaluation import _cleaning_lead as fitting


def test_a_unit_is_the_reference_when_most_words_agree_both_ways():
    reference = "Strong tornadoes possible in severe storm outbreak"
    assert fitting.same_text("Strong tornadoes possible in severe storm outbreak", reference)
    assert fitting.same_text("Strong tornadoes possible in a severe storm outbreak", reference)
    assert not fitting.same_text("Tornadoes", reference)  # too few of the reference's words
    assert not fitting.same_text("Strong tornadoes: what to do when a storm outbreak reaches your town", reference)
    assert not fitting.same_text("", reference)


def test_the_threshold_trades_a_few_right_picks_for_fewer_wrong_ones():
    # six pages, one candidate each: beliefs and whether it is the headline
    beliefs = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.2])
    labels = np.array([True, True, True, True, False, True])
    threshold = fitting._threshold([beliefs[i:i + 1] for i in range(6)], [labels[i:i + 1] for i in range(6)])
    assert 0.3 < threshold <= 0.6  # four right picks and no wrong one beat five right and one wrong
    every = [np.ones(1, dtype=bool)] * 6
    assert fitting._threshold([beliefs[i:i + 1] for i in range(6)], every) <= 0.2  # no wrong pick: take them all


def test_only_each_pages_most_believed_candidate_counts():
    beliefs = np.array([0.9, 0.4, 0.8, 0.1])
    labels = np.array([True, False, False, True])  # page 1's best candidate is wrong
    assert fitting._threshold([beliefs[:2], beliefs[2:]], [labels[:2], labels[2:]]) > 0.8


def test_references_are_the_gold_ones_where_there_are_any():
    gold = {"title": "Budget approved", "summary": "", "html": "<h1>Something else</h1><p class='standfirst'>x</p>"}
    assert fitting.references(gold) == ("Budget approved", "")
    markup = ("<html><body><h1>Budget approved by the council</h1><p class='article-standfirst'>Councillors backed "
              "the plan after a debate that lasted six hours.</p><p>Body.</p></body></html>")
    page = {"title": "", "summary": "", "html": markup}
    assert fitting.references(page)[0] == "Budget approved by the council"
    assert fitting.references(page)[1] == "Councillors backed the plan after a debate that lasted six hours."
