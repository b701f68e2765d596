"""/healthz, /readyz and the per-partition series, against real workers and the bundled broker."""

import time

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.kafka import REPO, WorkerProcess, produce, setup_topics, unique_settings
from worker.kafka.dev_broker import free_port

pytestmark = pytest.mark.integration

PER_PARTITION = ("newsworker_consumer_lag", "newsworker_consumer_lag_seconds", "newsworker_partition_stalled")


def metrics(worker) -> dict[str, list]:
    status, body = worker.get("/metrics")
    assert status == 200
    return {f.name: f.samples for f in text_string_to_metric_families(body.decode())}


def partitions(worker) -> dict[str, set]:
    """Per-partition series name -> the (topic, partition) pairs it has."""
    found = metrics(worker)
    return {name: {(s.labels["topic"], int(s.labels["partition"])) for s in found.get(name, ())}
            for name in PER_PARTITION}


def value(worker, name: str) -> float:
    """The value of an unlabelled sample (a counter by its _total name)."""
    return next(s.value for samples in metrics(worker).values() for s in samples if s.name == name)


def eventually(check, timeout: float = 45.0, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(message or f"{check} never held")


def article(n: int, title: str = "Headline") -> bytes:
    return orjson.dumps({"id": f"p-{n}", "url": f"https://example.com/{n}", "source": "example.com",
                         "text": f"{title}\nStandfirst {n}.\nNATO leaders met in Brussels on day {n}."})


def test_partitions_split_between_workers_and_revoked_series_disappear(broker, tmp_path):
    settings = unique_settings(broker.bootstrap, topic_partitions=2)
    setup_topics(settings)
    t = settings.topics
    everything = {(topic, p) for topic in settings.source_topics for p in (0, 1)}
    with WorkerProcess(settings, tmp_path / "a.log") as a:
        a.wait_ready()
        produce(settings.kafka_bootstrap, t.raw, [article(n) for n in range(4)])
        eventually(lambda: all(found == everything for found in partitions(a).values()),
                   message="worker A alone should report every partition")
        assert value(a, "newsworker_assigned_partitions") == len(everything)

        with WorkerProcess(settings.replace(web_port=free_port()), tmp_path / "b.log") as b:
            b.wait_ready()

            def split():
                pa, pb = partitions(a), partitions(b)
                return all(pa[n] and pb[n] and not pa[n] & pb[n] and pa[n] | pb[n] == everything
                           for n in PER_PARTITION) and (pa, pb)

            pa, pb = eventually(split, message="after B joined, A and B should report disjoint halves")
            assert value(a, "newsworker_assigned_partitions") == len(pa["newsworker_consumer_lag"])
            assert value(b, "newsworker_assigned_partitions") == len(pb["newsworker_consumer_lag"])
            assert value(a, "newsworker_rebalances_total") >= 2

            # A third worker finds every partition taken: alive, but not ready.
            with WorkerProcess(settings.replace(web_port=free_port()), tmp_path / "c.log") as c:
                eventually(lambda: _answers(c) and value(c, "newsworker_rebalances_total") >= 1,
                           message="worker C never joined the group")
                status, body = c.get("/readyz")
                # (on a loaded machine the broker probe may not have answered yet either: a second reason)
                assert status == 503 and orjson.loads(body)["reason"].startswith("no partitions assigned")
                assert c.get("/healthz")[0] == 200
                assert partitions(c) == {n: set() for n in PER_PARTITION}
                assert value(c, "newsworker_ready") == 0
                eventually(lambda: a.get("/readyz")[0] == 200 and b.get("/readyz")[0] == 200,
                           message="A and B should be ready again after C joined")


def _answers(worker) -> bool:
    try:
        worker.get("/healthz")
        return True
    except OSError:
        return False


def test_a_hanging_message_stalls_its_partition_and_fails_readiness(broker, tmp_path):
    settings = unique_settings(broker.bootstrap, topic_partitions=1)
    setup_topics(settings)
    t = settings.topics
    env = {"NEWSWORKER_STALL_SECONDS": "3", "NEWSWORKER_TEST_HANG_SECONDS": "60"}
    with WorkerProcess(settings, tmp_path / "stall.log", extra_env=env,
                       command=[str(REPO / "tests" / "misbehaving_worker.py")]) as worker:
        worker.wait_ready()
        produce(settings.kafka_bootstrap, t.raw, [article(1)])
        eventually(lambda: orjson.loads(worker.get("/healthz")[1])["processed"].get("tag.ok") == 1)
        time.sleep(4)  # longer than the stall time: an idle partition is not stalled
        assert worker.get("/readyz")[0] == 200

        produce(settings.kafka_bootstrap, t.raw, [article(2, title="STALL")])
        status, body = eventually(lambda: (lambda r: r[0] == 503 and r)(worker.get("/readyz")), timeout=30,
                                  message="readiness should fail while a message hangs")
        assert f"{t.raw}[0]" in orjson.loads(body)["reason"]  # both stages run in the agent reading it
        stalled = {(s.labels["topic"], s.value) for s in metrics(worker)["newsworker_partition_stalled"]}
        assert (t.raw, 1.0) in stalled and (t.replay, 0.0) in stalled
        assert value(worker, "newsworker_ready") == 0
        assert worker.get("/healthz")[0] == 200  # alive: liveness must not restart a slow worker
