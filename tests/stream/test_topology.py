"""Both topologies against the bundled broker: one agent (default) still publishes the cleaned
article; two agents chain the stages through the cleaned topic. Either way every input comes out."""

import orjson
import pytest

from tests.kafka import WorkerProcess, at_least, produce, read, setup_topics, unique_settings

pytestmark = pytest.mark.integration


def article(n: int) -> bytes:
    return orjson.dumps({"id": f"top-{n}", "url": f"https://example.com/{n}", "source": "example.com",
                         "text": f"Headline {n}\nStandfirst {n}.\nNATO leaders met in Brussels on day {n}."})


@pytest.mark.parametrize("topology", ["one-agent", "two-agents"])
def test_every_article_is_cleaned_and_enriched(broker, tmp_path, topology):
    settings = unique_settings(broker.bootstrap, topic_partitions=2)
    setup_topics(settings)
    t = settings.topics
    with WorkerProcess(settings, tmp_path / "w.log", extra_env={"NEWSWORKER_TOPOLOGY": topology}) as worker:
        worker.wait_ready()
        produce(settings.kafka_bootstrap, t.raw, [article(n) for n in range(6)] + [b"not json"])
        enriched = read(settings.kafka_bootstrap, t.enriched, until=at_least(6), timeout=60)
        cleaned = read(settings.kafka_bootstrap, t.cleaned, until=at_least(6), timeout=30)
        dead = read(settings.kafka_bootstrap, t.dlq, until=at_least(1), timeout=30)
        counts = orjson.loads(worker.get("/healthz")[1])["processed"]
    expected = {f"top-{n}".encode() for n in range(6)}
    assert {r.key for r in enriched} == expected and {r.key for r in cleaned} == expected
    assert [orjson.loads(r.value)["error"]["reason"] for r in dead] == ["invalid_json"]
    assert all(orjson.loads(r.value)["schema"] == "enriched-article.v1" for r in enriched)
    assert (counts.get("clean.ok"), counts.get("tag.ok"), counts.get("clean.dead_letter")) == (6, 6, 1)


def test_outputs_keep_the_order_of_their_inputs_while_batches_overlap(broker, tmp_path):
    """Small batches over two stage processes: stages of one batch run while another is published;
    the enriched records still come out in the partition's order."""
    settings = unique_settings(broker.bootstrap, topic_partitions=1)
    setup_topics(settings)
    t = settings.topics
    values = [orjson.dumps({"id": f"ord-{n}", "url": f"https://example.com/{n}", "source": "example.com",
                            "text": f"Headline {n}\n" + "NATO leaders met in Brussels. " * (1 + 40 * (n % 3))})
              for n in range(40)]
    env = {"NEWSWORKER_BATCH_SIZE": "4", "NEWSWORKER_STAGE_PROCESSES": "2"}
    with WorkerProcess(settings, tmp_path / "w.log", extra_env=env) as worker:
        worker.wait_ready()
        produce(settings.kafka_bootstrap, t.raw, values)
        enriched = read(settings.kafka_bootstrap, t.enriched, until=at_least(40), timeout=120)
        cleaned = read(settings.kafka_bootstrap, t.cleaned, until=at_least(40), timeout=30)
    expected = [f"ord-{n}".encode() for n in range(40)]
    assert [r.key for r in enriched] == expected, [r.key.decode() for r in enriched]
    assert [r.key for r in cleaned] == expected
