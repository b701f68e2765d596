"""A short form of the fault suite (bench/faults.py runs all of it at full size)."""

import pytest

from tests.faults import inputs, scenarios

pytestmark = pytest.mark.integration


def test_a_poison_storm_with_every_class_and_a_tombstone_loses_nothing(broker, tmp_path):
    row = scenarios.poison_storm(broker.bootstrap, tmp_path, 60)
    assert (row.sent, row.lost) == (60, 0), row
    assert row.dead == 30 and row.enriched == 30, row
    for reason in ("not_utf8", "invalid_json", "not_an_object", "schema_violation", "empty_article",
                   "too_large", "tombstone"):
        assert f"'{reason}'" in row.notes[0]


# One of each kind of cost: the tokenizer's quadratic runs, mention merging, length, many lines, nesting.
SHORT_FORM = ['run of " x 200k', '"John Smith " x 8000', "over 1M characters", "100k tiny lines", "50k nested divs"]


def test_hostile_texts_each_end_within_seconds_while_good_articles_flow(broker, tmp_path):
    row, times = scenarios.hostile_texts(broker.bootstrap, tmp_path, 2, SHORT_FORM)
    assert row.lost == 0, row
    assert set(times) == set(SHORT_FORM) and set(SHORT_FORM) <= set(inputs.hostile())
    slow = {name: round(seconds, 1) for name, seconds in times.items() if seconds > 15}
    assert slow == {}
