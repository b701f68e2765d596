"""The pipeline on bytes, without Kafka: each dead-letter reason and the success path."""

import base64

import orjson
import pytest

from worker import cleaning, tagging
from worker.core import pipeline, schemas
from worker.core.dead_letters import MAX_ERROR_CHARS
from worker.core.messages import ORIGINAL_RECORD_HEADER, ORIGINAL_VALUE_HEADER, Origin, Reason, Stage
from worker.core.settings import Settings

SETTINGS = Settings(max_message_bytes=10_000)
ORIGIN = Origin("articles.raw", 3, 42, timestamp_ms=1_700_000_000_000, headers=(("h", b"v"),), key=b"k")


def dead(value: bytes) -> dict:
    out = pipeline.clean_message(value, ORIGIN, SETTINGS)
    assert out.dead
    assert schemas.errors("dead-letter.v1", out.article) == []
    assert base64.b64decode(out.article["original"]["value_b64"]) == value
    assert out.article["source"] == dead_letter_source()
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
    assert out.headers[:2] == (("x-replay-job", b"job-1"), ("x-redrive-attempt", b"2"))
    assert [k for k, _ in out.headers[2:]] == [ORIGINAL_VALUE_HEADER, ORIGINAL_RECORD_HEADER]


def test_a_tag_stage_dead_letter_holds_the_raw_input_with_its_key_and_headers(half_broken):
    raw = orjson.dumps({"id": "bad", "url": "u/bad", "text": "T\nS\nBody."})
    cleaned = pipeline.clean_message(raw, ORIGIN, SETTINGS)
    [out] = pipeline.tag_messages([(cleaned.value, Origin("articles.cleaned", 1, 5, headers=cleaned.headers))],
                                  half_broken, SETTINGS)
    record = out.article
    assert (out.dead, record["stage"], record["error"]["reason"]) == (True, "tag", "stage_error")
    assert base64.b64decode(record["original"]["value_b64"]) == raw
    assert base64.b64decode(record["original"]["key_b64"]) == b"k"
    assert record["source"] == dead_letter_source()
    assert schemas.errors("dead-letter.v1", record) == []


def test_clean_and_tag_answer_both_outputs_of_each_input_like_the_two_stages_apart(half_broken):
    raws = [orjson.dumps({"id": "good", "url": "u/good", "text": "T\nS\nNATO met in Oslo."}), b'{"url": ',
            orjson.dumps({"id": "bad", "url": "u/bad", "text": "T\nS\nBody."})]
    pairs = pipeline.clean_and_tag([(raw, ORIGIN) for raw in raws], half_broken, SETTINGS)
    assert [(c.dead, t and t.dead) for c, t in pairs] == [(False, False), (True, None), (False, True)]
    cleaned = pipeline.clean_message(raws[0], ORIGIN, SETTINGS)
    [apart] = pipeline.tag_messages([(cleaned.value, Origin("articles.cleaned", 0, 0, headers=cleaned.headers))],
                                    half_broken, SETTINGS)
    for together, alone in ((pairs[0][0], cleaned), (pairs[0][1], apart)):
        assert {**together.article, "provenance": None} == {**alone.article, "provenance": None}
    letter = pairs[2][1].article  # a tag-stage dead letter holds the raw input and its coordinates
    assert (letter["stage"], base64.b64decode(letter["original"]["value_b64"])) == ("tag", raws[2])
    assert letter["source"] == dead_letter_source()


def dead_letter_source() -> dict:
    return {"topic": "articles.raw", "partition": 3, "offset": 42, "timestamp_ms": 1_700_000_000_000,
            "headers": [{"key": "h", "value_b64": "dg=="}]}


def test_a_tombstone_is_marked_apart_from_an_empty_value():
    tombstone = pipeline.clean_message(None, ORIGIN, SETTINGS).article
    empty = pipeline.clean_message(b"", ORIGIN, SETTINGS).article
    assert (tombstone["error"]["reason"], tombstone["original"]) == (
        "tombstone", {"value_b64": None, "key_b64": "aw==", "size": 0, "tombstone": True})
    assert (empty["error"]["reason"], empty["original"]["value_b64"]) == ("invalid_json", "")
    assert "tombstone" not in empty["original"]
    assert schemas.errors("dead-letter.v1", tombstone) == [] and schemas.errors("dead-letter.v1", empty) == []


class WrongLength:
    """Answers a batch with one article too few, as a buggy tagger might."""

    def __init__(self, real):
        self.real, self.batches = real, []

    def tag_many(self, articles):
        self.batches.append(len(articles))
        return self.real.tag_many(articles)[: max(len(articles) - 1, 1)]


def test_a_tagger_answer_of_the_wrong_length_falls_back_to_one_article_at_a_time(half_broken):
    cleaned = [pipeline.clean_message(orjson.dumps({"id": i, "url": f"u/{i}", "text": f"T {i}\nS\nBody {i}."}),
                                      ORIGIN, SETTINGS) for i in ("a", "b", "c")]
    tagger = WrongLength(half_broken.real)
    outs = pipeline.tag_messages([(c.value, Origin("articles.cleaned", 0, n)) for n, c in enumerate(cleaned)],
                                 tagger, SETTINGS)
    assert [(o.key, o.dead) for o in outs] == [(b"a", False), (b"b", False), (b"c", False)]
    assert tagger.batches == [3, 1, 1, 1]


def test_error_messages_are_capped():
    long = "x" * 10_000

    def broken(raw):
        raise RuntimeError(long)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(cleaning, "clean", broken)
        record = dead(b'{"id": "x1", "url": "u", "text": "Title\\nBody"}')
    assert record["error"]["message"] == long[:MAX_ERROR_CHARS] and MAX_ERROR_CHARS == 2000


def test_stages_and_reasons_are_the_ones_the_schema_lists():
    schema = schemas.validator("dead-letter.v1").schema["properties"]
    assert sorted(schema["stage"]["enum"]) == sorted(s.value for s in Stage)
    assert sorted(schema["error"]["properties"]["reason"]["enum"]) == sorted(r.value for r in Reason)
