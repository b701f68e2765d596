"""How events taken together are run: one batch on a backlog, one batch each when caught up."""

from worker.stream.agents import split


def test_a_backlog_keeps_the_events_taken_together_in_one_batch():
    assert split(4, waiting=8, full=8) == [(0, 4)]
    assert split(4, waiting=500, full=8) == [(0, 4)]


def test_a_worker_that_keeps_up_runs_each_event_as_its_own_batch():
    assert split(3, waiting=7, full=8) == [(0, 1), (1, 2), (2, 3)]
    assert split(1, waiting=0, full=8) == [(0, 1)]
