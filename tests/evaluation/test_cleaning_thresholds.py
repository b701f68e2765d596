"""Thresholds of the boilerplate model chosen on out-of-fold beliefs of the training documents."""

import numpy as np

from worker.evaluation import _cleaning_thresholds as thresholds


def test_the_threshold_that_separates_body_from_boilerplate_is_chosen():
    beliefs = [np.array([0.9, 0.6, 0.45, 0.2]), np.array([0.8, 0.5, 0.3])]
    labels = [np.array([1, 1, 0, 0]), np.array([1, 1, 0])]
    words = [np.array([20, 20, 5, 5]), np.array([30, 10, 8])]
    chosen = thresholds.choose(beliefs, labels, words)
    assert 0.45 < chosen <= 0.5


def test_in_a_page_the_region_decides_and_falls_back_to_the_first_pass():
    labels = [np.array([0, 1, 1, 0])]
    words = [np.array([3, 30, 30, 3])]
    final = [np.array([0.05, 0.05, 0.05, 0.05])]  # the second pass believes nothing
    first = [np.array([0.05, 0.9, 0.9, 0.05])]
    chosen = thresholds.choose(final, labels, words, first)
    assert thresholds._region(first[0], final[0], words[0], chosen).tolist() == [False, True, True, False]


def test_a_precision_weighted_score_chooses_a_higher_bar_than_f1():
    # the bar that removes the boilerplate unit (0.55) also removes a body unit (0.3): F1 keeps
    # every unit, F0.5 (precision weighed twice) gives up the body unit to remove the boilerplate
    beliefs, labels, words = [np.array([0.9, 0.6, 0.55, 0.3])], [np.array([1, 1, 0, 1])], [np.array([30, 10, 10, 10])]
    assert thresholds.choose(beliefs, labels, words) <= 0.3
    assert 0.55 < thresholds.choose(beliefs, labels, words, beta=0.5) <= 0.6
