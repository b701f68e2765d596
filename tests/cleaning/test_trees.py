"""The article model's second stage: complete-depth trees walked with numpy, and their inputs."""

import numpy as np

from worker.cleaning import model
from worker.cleaning.features import Unit, rescoring_rows, text_facts, unit_numbers
from worker.cleaning.trees import Trees


def _one_split(column: int, threshold: float, left: float, right: float) -> Trees:
    """One tree of depth 1: `left` added at or below the threshold, `right` above it."""
    return Trees(0.0, np.array([[column]]), np.array([[threshold]]), np.array([[left, right]]))


def test_a_split_goes_right_only_above_its_threshold():
    trees = _one_split(1, 0.5, -2.0, 2.0)
    rows = np.array([[9.0, 0.4], [9.0, 0.5], [9.0, 0.6]])
    expected = 1 / (1 + np.exp(-np.array([-2.0, -2.0, 2.0])))
    assert np.allclose(trees.probabilities(rows), expected)


def test_trees_add_their_leaves_to_the_base_log_odds():
    first, second = _one_split(0, 0.0, -1.0, 1.0), _one_split(1, 0.0, -0.5, 0.5)
    both = Trees(0.25, np.vstack([first.features, second.features]), np.vstack([first.thresholds, second.thresholds]),
                 np.vstack([first.leaves, second.leaves]))
    rows = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]])
    z = 0.25 + np.array([1.0 - 0.5, -1.0 + 0.5, 1.0 + 0.5])
    assert np.allclose(both.probabilities(rows), 1 / (1 + np.exp(-z)))
    assert both.depth == 1


def test_a_deeper_tree_walks_level_by_level():
    # depth 2: the root reads column 0, its children column 1; leaves 0..3 left to right
    trees = Trees(0.0, np.array([[0, 1, 1]]), np.array([[0.0, 10.0, 20.0]]), np.array([[1.0, 2.0, 3.0, 4.0]]))
    rows = np.array([[-1.0, 5.0], [-1.0, 15.0], [1.0, 15.0], [1.0, 25.0]])
    z = np.log(trees.probabilities(rows) / (1 - trees.probabilities(rows)))
    assert np.allclose(z, [1.0, 2.0, 3.0, 4.0])


def test_trees_survive_their_json_form():
    trees = Trees(0.1, np.array([[0, 1, 1]]), np.array([[0.0, 10.0, 20.0]]), np.array([[1.0, 2.0, 3.0, 4.0]]))
    again = Trees.from_dict(trees.to_dict())
    rows = np.array([[-1.0, 5.0], [1.0, 25.0]])
    assert np.array_equal(again.probabilities(rows), trees.probabilities(rows))


def test_rescoring_rows_carry_the_neighbours_beliefs_and_the_units_numbers():
    units = [Unit("The council approved the budget on Tuesday after a long debate."),
             Unit("Sign up to our newsletter."),
             Unit("Councillors approved the budget by 31 votes to 12.")]
    numbers = unit_numbers(units, text_facts(units, "Council approves budget"))
    rows = rescoring_rows([0.9, 0.1, 0.8], numbers)
    assert len(rows) == 3 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[0][1] == rows[2][2] == -20.0  # no unit before the first, none after the last
    assert rows[1][1] == rows[0][0] and rows[1][2] == rows[2][0]
    assert rows[0][0] > 0 > rows[1][0]  # beliefs as log-odds
    assert rows[1][5:] == numbers[1]


def test_the_shipped_article_model_rescores_text_as_it_comes_only():
    shipped = model.load()
    assert shipped.article.trees is not None and shipped.page.trees is None
    units = [Unit(line) for line in [
        "The city council approved a new budget on Tuesday after a debate that lasted more than six hours.",
        "Councillors voted 31 to 12 in favour of the plan, with three abstentions from the opposition.",
        "Sign up to our free newsletter, delivered straight to your inbox every morning.",
        "The plan raises spending on roads and schools while freezing the local tax rate for a second year.",
        "Critics said the council had not explained how it would pay for the new school buildings.",
        "The opposition leader said the budget relied on optimistic forecasts of business rates.",
        "Union officials welcomed the decision to protect frontline jobs across the council.",
        "A final vote on the housing part of the plan is expected next month, officials said.",
    ]]
    first = shipped.article.body_probabilities(units)
    rescored = shipped.article.body_probabilities(units, as_it_comes=True)
    assert rescored != first
    assert rescored[2] < 0.5 < min(rescored[:2] + rescored[3:])
