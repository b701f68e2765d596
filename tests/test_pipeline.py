"""The pipeline on bytes, without Kafka: each dead-letter reason and the success path."""

import base64

import orjson
import pytest

from worker import cleaning, pipeline, schemas, tagging
from worker.messages import Origin
from worker.settings import Settings

SETTINGS = Settings(max_message_bytes=10_000)
ORIGIN = Origin("articles.raw", 3, 42, timestamp_ms=1_700_000_000_000, headers=(("h", b"v"),), key=b"k")


def dead(value: bytes) -> dict:
    out = pipeline.clean_message(value, ORIGIN, SETTINGS)
    assert out.dead
    assert schemas.errors("dead-letter.v1", out.article) == []
    assert base64.b64decode(out.article["original"]["value_b64"]) == value
    assert out.article["source"] == {"topic": "articles.raw", "partition": 3, "offset": 42,
                                     "timestamp_ms": 1_700_000_000_000,
                                     "headers": [{"key": "h", "value_b64": "dg=="}]}
    return out.article


@pytest.mark.parametrize("value, reason", [
    (b"\xc3\x28 not utf-8", "not_utf8"),
    (b'{"url": ', "invalid_json"),
    (b'"just a string"', "not_an_object"),
    (b'{"text": "no url"}', "schema_violation"),
    (b'{"url": "u"}', "schema_violation"),
    (b'{"url": "u", "text": ["list"]}', "schema_violation"),
    (b'{"url": "u", "text": "\\u200b \\n "}', "empty_article"),
    (b'{"url": "u", "text": "' + b"x" * 10_001 + b'"}', "too_large"),
])
def test_dead_letter_reasons(value, reason):
    assert dead(value)["error"]["reason"] == reason


def test_an_exception_in_a_stage_is_a_dead_letter(monkeypatch):
    def broken(raw):
        raise KeyError("boom")

    monkeypatch.setattr(cleaning, "clean", broken)
    record = dead(b'{"id": "x1", "url": "u", "text": "Title\\nBody"}')
    assert record["stage"] == "clean" and record["id"] == "x1"
    assert record["error"] == {"reason": "stage_error", "type": "KeyError", "message": "'boom'"}


class HalfBroken:
    """Raises on a batch containing article "bad", as a model bug might."""

    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        if any(a["id"] == "bad" for a in articles):
            raise ValueError("cannot tag")
        return self.real.tag_many(articles)


@pytest.fixture(scope="module")
def half_broken():
    return HalfBroken(tagging.load())


def test_one_bad_article_does_not_sink_its_batch(half_broken):
    cleaned = [pipeline.clean_message(orjson.dumps({"id": i, "url": f"u/{i}", "text": f"T {i}\nS\nBody {i}."}),
                                      ORIGIN, SETTINGS) for i in ("good1", "bad", "good2")]
    outs = pipeline.tag_messages([(c.value, Origin("articles.cleaned", 0, n)) for n, c in enumerate(cleaned)],
                                 half_broken, SETTINGS)
    assert [(o.key, o.dead) for o in outs] == [(b"good1", False), (b"bad", True), (b"good2", False)]
    assert outs[1].article["error"]["type"] == "ValueError"
    for out in (outs[0], outs[2]):
        assert schemas.errors("enriched-article.v1", orjson.loads(out.value)) == []


def test_replay_headers_keep_the_original_coordinates():
    origin = Origin("articles.replay", 0, 7, headers=(("x-replay-job", b"job-1"),
                                                      ("x-replay-source-topic", b"articles.raw"),
                                                      ("x-replay-source-partition", b"2"),
                                                      ("x-replay-source-offset", b"99")))
    out = pipeline.clean_message(b'{"url": "u", "text": "Title\\nStandfirst\\nBody."}', origin, SETTINGS)
    provenance = out.article["provenance"]
    assert (provenance["source_topic"], provenance["source_partition"], provenance["source_offset"]) == \
        ("articles.raw", 2, 99)
    assert provenance["replay_job"] == "job-1"


def test_replay_and_redrive_headers_are_forwarded_to_the_next_stage():
    origin = Origin("articles.replay", 0, 7, headers=(("x-replay-job", b"job-1"), ("x-redrive-attempt", b"2"),
                                                      ("trace", b"t")))
    out = pipeline.clean_message(b'{"url": "u", "text": "Title\\nStandfirst\\nBody."}', origin, SETTINGS)
    assert out.headers == (("x-replay-job", b"job-1"), ("x-redrive-attempt", b"2"))
