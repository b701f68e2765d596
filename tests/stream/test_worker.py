"""The worker against the real bundled broker: enriched output, every dead-letter case, contracts."""

import base64

import orjson
import pytest

from tests.kafka import REPO, WorkerProcess, produce, read, setup_topics, unique_settings
from worker.core import schemas
from worker.core.ids import article_id

pytestmark = pytest.mark.integration

SAMPLE = (REPO / "samples" / "independent-rutte-nato.txt").read_text()
MAX_BYTES = 64 * 1024


def article(n: int, **fields) -> bytes:
    body = {"id": f"a-{n}", "url": f"https://example.com/news/{n}", "source": "example.com",
            "text": f"Headline {n}\nStandfirst {n}.\nNATO leaders met in Brussels on day {n}."}
    return orjson.dumps({**body, **fields})


@pytest.fixture(scope="module")
def worker(broker, tmp_path_factory):
    settings = unique_settings(broker.bootstrap, max_message_bytes=MAX_BYTES, topic_partitions=2)
    setup_topics(settings)
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with WorkerProcess(settings, log, command=["tests/misbehaving_worker.py"]) as process:
        process.wait_ready()
        yield process


def wait_dead_letter(worker, match) -> dict:
    def matching(records):
        return [d for d in (orjson.loads(r.value) for r in records) if match(d)]

    records = read(worker.settings.kafka_bootstrap, worker.settings.topics.dlq,
                   until=lambda rs: matching(rs), timeout=60)
    found = matching(records)
    assert found, f"no such dead letter; see {worker.log_path}"
    assert schemas.errors("dead-letter.v1", found[0]) == []
    return found[0]


def dead_letter_for(worker, value: bytes, **send) -> dict:
    """Send one bad message, then wait for the dead letter holding exactly its bytes."""
    t = worker.settings.topics
    produce(worker.settings.kafka_bootstrap, t.raw, [value], **send)
    encoded = base64.b64encode(value).decode()
    record = wait_dead_letter(worker, lambda d: d["original"]["value_b64"] == encoded)
    assert base64.b64decode(record["original"]["value_b64"]) == value
    assert record["source"]["topic"] == t.raw
    assert record["source"]["offset"] >= 0 and record["source"]["timestamp_ms"] > 0
    return record


def test_sample_article_is_enriched(worker):
    t = worker.settings.topics
    raw = orjson.dumps({"id": "rutte", "url": "https://www.independent.co.uk/news/uk/politics/rutte-nato",
                        "source": "independent.co.uk", "text": SAMPLE})
    produce(worker.settings.kafka_bootstrap, t.raw, [raw], key=b"rutte")
    records = read(worker.settings.kafka_bootstrap, t.enriched,
                   until=lambda rs: any(r.key == b"rutte" for r in rs), timeout=60)
    enriched = [orjson.loads(r.value) for r in records if r.key == b"rutte"]
    assert enriched, f"see {worker.log_path}"
    article_ = enriched[0]
    assert article_["title"] == "Britain backs outgoing Dutch premier Mark Rutte for Nato secretary-general"
    assert article_["standfirst"].startswith("The alliance is looking for a replacement")
    assert article_["paragraphs"][0].startswith("Britain has given outgoing Dutch Prime Minister Mark Rutte")
    assert article_["provenance"]["source_topic"] == t.raw
    assert schemas.errors("enriched-article.v1", article_) == []


def test_invalid_json(worker):
    record = dead_letter_for(worker, b'{"url": "https://example.com/1", "text": ')
    assert (record["stage"], record["error"]["reason"]) == ("decode", "invalid_json")
    assert "not JSON" in record["error"]["message"]


def test_not_an_object(worker):
    record = dead_letter_for(worker, b'["https://example.com/2", "text"]')
    assert record["error"]["reason"] == "not_an_object"
    assert "list" in record["error"]["message"]


def test_missing_url(worker):
    record = dead_letter_for(worker, orjson.dumps({"text": "Some text\nMore text\nBody here."}))
    assert record["error"]["reason"] == "schema_violation"
    assert "'url' is a required property" in record["error"]["message"]


def test_neither_text_nor_html(worker):
    record = dead_letter_for(worker, orjson.dumps({"url": "https://example.com/3", "title": "x"}))
    assert record["error"]["reason"] == "schema_violation"


def test_wrong_types(worker):
    record = dead_letter_for(worker, orjson.dumps({"url": "https://example.com/4", "text": 42}))
    assert record["error"]["reason"] == "schema_violation"
    assert "text: 42 is not of type 'string'" in record["error"]["message"]


def test_empty_text_after_cleaning(worker):
    record = dead_letter_for(worker, orjson.dumps({"url": "https://example.com/5", "text": " \u200b\n\t\n"}))
    assert (record["stage"], record["error"]["reason"]) == ("clean", "empty_article")
    assert record["id"] == article_id({"url": "https://example.com/5"})


def test_payload_over_the_size_limit(worker):
    record = dead_letter_for(worker, article(6, text="word " * (MAX_BYTES // 4)))
    assert record["error"]["reason"] == "too_large"
    assert str(MAX_BYTES) in record["error"]["message"]
    assert record["original"]["size"] > MAX_BYTES


def test_binary_junk_keeps_bytes_headers_and_key(worker):
    junk = bytes(range(256)) * 4
    record = dead_letter_for(worker, junk, key=b"\xff\x00key", headers=[("trace", b"\x01\x02"), ("src", b"crawler")])
    assert record["error"]["reason"] == "not_utf8"
    assert base64.b64decode(record["original"]["key_b64"]) == b"\xff\x00key"
    headers = {h["key"]: base64.b64decode(h["value_b64"]) for h in record["source"]["headers"]}
    assert headers == {"trace": b"\x01\x02", "src": b"crawler"}


def test_exception_in_a_stage(worker):
    raw = article(7, text="EXPLODE\nStandfirst.\nBody of the article.")
    produce(worker.settings.kafka_bootstrap, worker.settings.topics.raw, [raw], key=b"k7",
            headers=[("trace", b"t7")])
    record = wait_dead_letter(worker, lambda d: d["id"] == "a-7")
    assert record["stage"] == "tag"
    assert record["error"] == {"reason": "stage_error", "type": "RuntimeError",
                               "message": "tagger exploded on purpose"}
    # The tag stage consumed the cleaned article, but the dead letter holds the raw input as it was.
    assert record["source"]["topic"] == worker.settings.topics.raw
    assert base64.b64decode(record["original"]["value_b64"]) == raw
    assert base64.b64decode(record["original"]["key_b64"]) == b"k7"
    assert record["source"]["headers"] == [{"key": "trace", "value_b64": "dDc="}]


def test_stream_keeps_flowing_and_every_message_matches_its_schema(worker):
    """After all the bad input above, good articles still come through; every record the worker
    produced on every topic is valid against its schema."""
    t, bootstrap = worker.settings.topics, worker.settings.kafka_bootstrap
    produce(bootstrap, t.raw, [article(100 + n) for n in range(20)])
    wanted = {f"a-{100 + n}".encode() for n in range(20)}
    records = read(bootstrap, t.enriched, until=lambda rs: wanted <= {r.key for r in rs}, timeout=60)
    assert wanted <= {r.key for r in records}
    for topic, schema in ((t.cleaned, "cleaned-article.v1"), (t.enriched, "enriched-article.v1"),
                          (t.dlq, "dead-letter.v1")):
        produced = read(bootstrap, topic, timeout=3)
        assert produced, topic
        for record in produced:
            assert schemas.errors(schema, orjson.loads(record.value)) == [], (topic, record.offset)


def test_health_and_metrics_endpoints(worker):
    dead_letter_for(worker, b"{not json")
    produce(worker.settings.kafka_bootstrap, worker.settings.topics.raw, [article(200)])
    read(worker.settings.kafka_bootstrap, worker.settings.topics.enriched,
         until=lambda rs: any(r.key == b"a-200" for r in rs), timeout=60)
    status, body = worker.get("/healthz")
    assert status == 200 and orjson.loads(body)["status"] == "ok"
    status, body = worker.get("/metrics")
    text = body.decode()
    assert status == 200
    assert 'newsworker_articles_processed_total{outcome="ok",stage="clean"}' in text
    assert 'newsworker_dead_letters_total{reason="invalid_json",stage="decode"}' in text
    assert "newsworker_build_info{" in text
