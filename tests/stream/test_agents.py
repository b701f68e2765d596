"""How events taken together are run: one batch on a backlog, one batch each when caught up."""

import orjson
import pytest

from tests.kafka import WorkerProcess, at_least, produce, read, setup_topics, unique_settings
from worker.stream.agents import split

BATCHES = "newsworker_stage_batch_duration_seconds_count"


def test_a_backlog_keeps_the_events_taken_together_in_one_batch():
    assert split(4, waiting=8, full=8) == [(0, 4)]
    assert split(4, waiting=500, full=8) == [(0, 4)]


def test_a_worker_that_keeps_up_runs_each_event_as_its_own_batch():
    assert split(3, waiting=7, full=8) == [(0, 1), (1, 2), (2, 3)]
    assert split(1, waiting=0, full=8) == [(0, 1)]


def article(n: int) -> bytes:
    return orjson.dumps({"id": f"bat-{n}", "url": f"https://example.com/{n}", "source": "example.com",
                         "text": f"Headline {n}\nStandfirst {n}.\nNATO leaders met in Brussels on day {n}."})


def batches_run(worker) -> float:
    _, body = worker.get("/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.decode().splitlines() if line.startswith(BATCHES))


@pytest.mark.integration
def test_a_backlog_runs_in_full_batches_and_an_article_alone_in_its_own(broker, tmp_path):
    settings = unique_settings(broker.bootstrap, topic_partitions=1)
    setup_topics(settings)
    t = settings.topics
    env = {"NEWSWORKER_BATCH_SIZE": "4", "NEWSWORKER_STAGE_PROCESSES": "1"}
    with WorkerProcess(settings, tmp_path / "w.log", extra_env=env) as worker:
        worker.wait_ready()
        produce(settings.kafka_bootstrap, t.raw, [article(n) for n in range(200)])
        read(settings.kafka_bootstrap, t.enriched, until=at_least(200), timeout=120)
        backlog = batches_run(worker)
        for n in range(200, 203):
            produce(settings.kafka_bootstrap, t.raw, [article(n)])
            read(settings.kafka_bootstrap, t.enriched, until=at_least(n + 1), timeout=60)
        alone = batches_run(worker) - backlog
    # batches of 4 but where fewer than a full batch per process waited (the last few; 53 batches
    # here): one article per batch throughout would be 200
    assert backlog <= 100, backlog
    assert alone == 3
