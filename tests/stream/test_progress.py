"""Partition progress, lag and the stall watchdog, with a fake clock; and the series the metrics
derive from them."""

from prometheus_client.parser import text_string_to_metric_families

from worker.stream.metrics import Metrics
from worker.stream.progress import Progress

TP = ("articles.raw", 0)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_not_ready_without_partitions():
    ready, why = Progress().readiness(10)
    assert not ready and why == "no partitions assigned"


def test_idle_partition_is_ready_however_long_it_waits():
    clock = Clock()
    progress = Progress(clock)
    progress.assigned([TP])
    progress.observe(TP, highwater=5, position=5)
    clock.now += 3600
    progress.observe(TP, highwater=5, position=None)
    assert progress.readiness(10)[0]
    assert progress.partitions[TP].lag == 0


def test_pending_messages_without_progress_stall():
    clock = Clock()
    progress = Progress(clock)
    progress.assigned([TP])
    progress.done(TP, 4)
    progress.observe(TP, highwater=8, position=None)
    clock.now += 9
    assert progress.readiness(10)[0]
    clock.now += 2
    ready, why = progress.readiness(10)
    assert not ready and "articles.raw[0]" in why
    progress.done(TP, 5)
    assert progress.readiness(10)[0]


def test_a_first_record_that_hangs_is_pending_even_if_the_consumer_fetched_past_it():
    clock = Clock()
    progress = Progress(clock)
    progress.assigned([TP])
    progress.observe(TP, highwater=1, position=1)  # fetched ahead of processing
    progress.fetched(TP, 0)
    progress.observe(TP, highwater=1, position=None)
    assert progress.partitions[TP].lag == 1
    clock.now += 11
    assert progress.stalled(10) == [TP]


def test_revoked_partitions_are_forgotten_even_if_a_record_finishes_later():
    progress = Progress()
    progress.assigned([TP, ("articles.raw", 1)])
    assert progress.revoked([TP]) == [TP]
    progress.done(TP, 3)
    assert list(progress.partitions) == [("articles.raw", 1)]


def _samples(metrics: Metrics) -> dict:
    found = {}
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_per_partition_series_follow_the_assignment():
    clock = Clock()
    progress = Progress(clock)
    metrics = Metrics("test")
    metrics.watch(progress, 10)
    assert _samples(metrics)[("newsworker_ready", ())] == 0
    progress.assigned([TP, ("articles.raw", 1)])
    progress.done(TP, 1, timestamp_ms=1)
    progress.observe(TP, highwater=5, position=None)
    progress.observe(("articles.raw", 1), highwater=0, position=0)
    clock.now += 11
    samples = _samples(metrics)
    labels = (("partition", "0"), ("topic", "articles.raw"))
    assert samples[("newsworker_consumer_lag", labels)] == 3
    assert samples[("newsworker_consumer_lag_seconds", labels)] > 0
    assert samples[("newsworker_partition_stalled", labels)] == 1
    assert samples[("newsworker_partition_stalled", (("partition", "1"), ("topic", "articles.raw")))] == 0
    assert samples[("newsworker_ready", ())] == 0
    progress.revoked([TP])
    samples = _samples(metrics)
    assert not [key for key in samples if ("partition", "0") in key[1]]
    assert samples[("newsworker_ready", ())] == 1


def test_the_broker_watch_fails_readiness_when_the_broker_stops_answering(broker):
    import asyncio

    from aiokafka.client import AIOKafkaClient

    from tests.kafka import unique_settings
    from worker.kafka.dev_broker import free_port
    from worker.stream.broker_watch import BrokerWatch

    async def probe(bootstrap: str, clock) -> BrokerWatch:
        watch = BrokerWatch(unique_settings(bootstrap, broker_timeout=15.0), clock=clock)
        client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        try:
            await watch.probe(client)
        finally:
            await client.close()
        return watch

    now = [100.0]
    live = asyncio.run(probe(broker.bootstrap, lambda: now[0]))
    assert live.readiness() == (True, "broker answering")
    now[0] += 16  # no answer since
    assert live.readiness()[0] is False and "NEWSWORKER_BROKER_TIMEOUT" in live.readiness()[1]
    dead = asyncio.run(probe(f"127.0.0.1:{free_port()}", lambda: now[0]))
    ready, why = dead.readiness()
    assert not ready and "not answering" in why


def test_the_newest_offset_taken_is_kept_per_partition():
    progress = Progress(Clock())
    progress.assigned([TP])
    for offset in (5, 7, 6):
        progress.fetched(TP, offset)
    assert progress.partitions[TP].taken == 7
    progress.fetched(("articles.raw", 9), 3)  # not assigned: nothing to keep
    assert list(progress.partitions) == [TP]


def test_waiting_counts_the_records_after_the_newest_taken_on_each_partition():
    progress = Progress(Clock())
    other, idle, gone = ("articles.raw", 1), ("articles.raw", 2), ("articles.raw", 3)
    progress.assigned([TP, other, idle, gone])
    progress.fetched(TP, 9)      # highwater 20: offsets 10-19 wait
    progress.fetched(other, 4)   # highwater 5: caught up
    progress.fetched(gone, 0)

    def highwater(tp):
        if tp == gone:
            raise AssertionError("partition not assigned")  # as the consumer says of a revoked one
        return {TP: 20, other: 5}.get(tp)

    assert progress.waiting(highwater) == 10
    assert progress.waiting(lambda tp: None) is None
