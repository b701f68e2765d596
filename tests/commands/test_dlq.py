"""`newsworker dlq list|show|redrive` against the bundled broker.

Dead letters are made by the pipeline's own functions from records really stored in the source
topics (with a broken stage or a tight limit standing in for the cause), written to the dead-letter
topic, redriven with the command, and then run through the pipeline again with the cause removed.
"""

from __future__ import annotations

import orjson
import pytest

from tests.kafka import at_least, produce_records, read
from worker import cleaning, cli
from worker.core import dead_letters, pipeline
from worker.kafka import ranges
from worker.core.messages import Origin

pytestmark = pytest.mark.integration

OLD = ranges.parse_time("2024-03-01T00:00:00Z")


def good(n: int) -> bytes:
    return orjson.dumps({"id": f"d{n}", "url": f"https://example.com/d/{n}", "source": "example.com",
                         "text": f"Headline {n}\nA standfirst.\nMinisters met in Paris on day {n}."})


BAD = {
    "too_large": good(1),  # over a 100-byte limit, later raised
    "not_utf8": b'{"url": "https://example.com/\xff\xfe"}',
    "invalid_json": b'{"url": "https://example.com/3", "text": ',
    "not_an_object": b'["https://example.com/4"]',
    "schema_violation": b'{"text": "an article without a url"}',
    "empty_article": good(6),  # a broken cleaning rule removes everything, later fixed
    "stage_error": good(7),  # the cleaning stage crashes, later fixed
}
FIXABLE = {"too_large", "empty_article", "stage_error", "tag_error"}


class Tagger:
    def __init__(self, broken: bool = False):
        self.broken = broken

    def tag_many(self, articles):
        if self.broken:
            raise RuntimeError("tagger bug")
        return [{**a, "schema": "enriched-article.v1", "provenance": dict(a["provenance"])} for a in articles]


def origin_of(record) -> Origin:
    return Origin(record.topic, record.partition, record.offset, record.timestamp, tuple(record.headers), record.key)


def header(record, name: str) -> str | None:
    return next((v.decode() for k, v in record.headers if k == name), None)


@pytest.fixture
def settings(cli_settings):
    return cli_settings


def newsworker(capsys, *argv) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def fail_at_clean(kind: str, value: bytes, origin: Origin, settings, monkeypatch):
    def empty(raw):
        raise cleaning.EmptyArticle("a rule removed every paragraph")

    def crash(raw):
        raise RuntimeError("cleaning bug")

    with monkeypatch.context() as patched:
        if kind == "too_large":
            settings = settings.replace(max_message_bytes=100)
        if kind in ("empty_article", "stage_error"):
            patched.setattr(cleaning, "clean", empty if kind == "empty_article" else crash)
        return pipeline.clean_message(value, origin, settings)


def dead_letters_of_every_kind(settings, broker, monkeypatch) -> None:
    """Store the inputs, let the pipeline fail on them, and write its dead letters (with old times)."""
    t = settings.topics
    produce_records(broker.bootstrap, t.raw, [(None, v, [("kind", k.encode())], None) for k, v in BAD.items()])
    cleaned = pipeline.clean_message(good(8), Origin(t.raw, 0, 99), settings)
    produce_records(broker.bootstrap, t.cleaned, [(cleaned.key, cleaned.value, [("kind", b"tag_error")], None)])
    outputs = [fail_at_clean(header(r, "kind"), r.value, origin_of(r), settings, monkeypatch)
               for r in read(broker.bootstrap, t.raw, until=at_least(len(BAD)))]
    stored = read(broker.bootstrap, t.cleaned, until=at_least(1))[0]
    outputs += pipeline.tag_messages([(stored.value, origin_of(stored))], Tagger(broken=True), settings)
    assert all(out.dead for out in outputs)
    produce_records(broker.bootstrap, t.dlq, [(out.key, out.value, None, OLD) for out in outputs])


def test_each_kind_is_listed_shown_and_redriven_then_passes_once_fixed(settings, broker, monkeypatch, capsys):
    t = settings.topics
    dead_letters_of_every_kind(settings, broker, monkeypatch)

    listing = newsworker(capsys, "dlq", "list")
    assert "8 dead letters" in listing
    for reason in ("too_large", "not_utf8", "invalid_json", "not_an_object", "schema_violation", "empty_article"):
        assert f"decode  {reason}" in listing or f"clean   {reason}" in listing
    assert "clean   stage_error" in listing and "tag     stage_error" in listing
    as_json = orjson.loads(newsworker(capsys, "dlq", "list", "--json", "--limit", "3"))
    assert as_json["total"] == 8 and sum(c["count"] for c in as_json["counts"]) == 8
    assert len(as_json["newest"]) == 3 and {"ref", "stage", "reason", "source"} <= set(as_json["newest"][0])

    letters = read(broker.bootstrap, t.dlq, until=at_least(8))
    not_utf8 = next(r for r in letters if orjson.loads(r.value)["error"]["reason"] == "not_utf8")
    shown = newsworker(capsys, "dlq", "show", f"{not_utf8.partition}:{not_utf8.offset}")
    assert "not_utf8" in shown and "kind=not_utf8" in shown and "\\xff\\xfe" in shown

    redriven = newsworker(capsys, "dlq", "redrive")
    assert "redrove 8 dead letters" in redriven and f"{t.raw}: 7" in redriven and f"{t.cleaned}: 1" in redriven

    originals = {(r.topic, r.partition, r.offset): r for topic in (t.raw, t.cleaned)
                 for r in read(broker.bootstrap, topic, until=at_least(1), timeout=2)}
    back = [r for topic, n in ((t.raw, 14), (t.cleaned, 2))
            for r in read(broker.bootstrap, topic, until=at_least(n)) if header(r, dead_letters.ATTEMPT_HEADER)]
    assert len(back) == 8
    still_failing = []
    for record in back:
        coordinates = (header(record, "x-replay-source-topic"), int(header(record, "x-replay-source-partition")),
                       int(header(record, "x-replay-source-offset")))
        original = originals[coordinates]
        assert (record.key, record.value, record.timestamp) == (original.key, original.value, original.timestamp)
        assert header(record, "kind") == header(original, "kind") and header(record, "x-redrive-attempt") == "1"

        kind = header(record, "kind")  # the cause is gone now: default limit, working stages
        if kind == "tag_error":
            out = pipeline.tag_messages([(record.value, origin_of(record))], Tagger(), settings)[0]
        else:
            out = pipeline.clean_message(record.value, origin_of(record), settings)
        assert out.dead == (kind not in FIXABLE), kind
        if out.dead:  # the bytes themselves are bad: it fails again, one attempt further
            assert (out.reason, out.article["attempt"]) == (kind, 1)
            still_failing.append(out)
        elif kind != "tag_error":
            provenance = out.article["provenance"]
            assert (provenance["source_topic"], provenance["source_partition"], provenance["source_offset"]) == coordinates
    assert len(still_failing) == 4

    # the second failures land in the dead-letter topic; with a cap of one attempt they are skipped
    produce_records(broker.bootstrap, t.dlq, [(out.key, out.value, None, None) for out in still_failing])
    capped = newsworker(capsys, "dlq", "redrive", "--since", "2025-01-01T00:00:00Z", "--max-attempts", "1")
    assert "redrove 0 dead letters" in capped and "skipped 4 dead letters at --max-attempts 1" in capped
    assert len(read(broker.bootstrap, t.raw, until=at_least(15), timeout=1.5)) == 14


def hand_made(settings, value: bytes, *, offset: int, stage="decode", reason="invalid_json", attempt=None,
              topic=None, article_id=None, replayed_from=None) -> bytes:
    headers = ((dead_letters.ATTEMPT_HEADER, str(attempt).encode()),) if attempt is not None else ()
    if replayed_from is not None:
        headers += (("x-replay-source-topic", settings.topics.raw.encode()),
                    ("x-replay-source-partition", b"0"), ("x-replay-source-offset", str(replayed_from).encode()))
    origin = Origin(topic or settings.topics.raw, 0, offset, OLD, headers, value[:4])
    return orjson.dumps(dead_letters.record(value, origin, stage=stage, reason=reason, error_type="X", message="m",
                                          pipeline_version=settings.pipeline_version, article_id=article_id))


def test_attempt_cap_and_one_redrive_per_original_record(settings, broker, capsys):
    t = settings.topics
    letters = [
        hand_made(settings, b"x-first", offset=10),  # failed once ...
        hand_made(settings, b"x-first", offset=30, attempt=1, topic=t.replay, replayed_from=10),  # ... and again
        hand_made(settings, b"poison", offset=11, attempt=2),
    ]
    produce_records(broker.bootstrap, t.dlq, [(None, v, None, None) for v in letters])
    output = newsworker(capsys, "dlq", "redrive", "--max-attempts", "2")
    assert "redrove 1 dead letters" in output
    assert "skipped 1 dead letters at --max-attempts 2" in output and "@11" in output
    sent = read(broker.bootstrap, t.replay, until=at_least(2), timeout=1.5)  # where it failed last
    assert [(r.value, header(r, "x-redrive-attempt"), header(r, "x-replay-source-offset")) for r in sent] == [
        (b"x-first", "2", "10")]


def test_filters_dry_run_and_redrive_to_the_replay_topic(settings, broker, capsys):
    t = settings.topics
    letters = [
        (hand_made(settings, b"j1", offset=1, reason="invalid_json", article_id="a1"), OLD),
        (hand_made(settings, b"j2", offset=2, reason="invalid_json", article_id="a2"), None),
        (hand_made(settings, b"u3", offset=3, reason="not_utf8"), None),
        (hand_made(settings, b"t4", offset=4, stage="tag", reason="stage_error", topic=t.cleaned), None),
    ]
    produce_records(broker.bootstrap, t.dlq, [(None, v, None, ts) for v, ts in letters])

    listing = newsworker(capsys, "dlq", "list", "--reason", "invalid_json")
    assert "2 dead letters" in listing and "not_utf8" not in listing
    recent = newsworker(capsys, "dlq", "list", "--since", "2025-01-01T00:00:00Z", "--stage", "decode")
    assert "2 dead letters" in recent  # j2 and u3: j1 failed long ago, t4 at the tag stage

    dry = newsworker(capsys, "dlq", "redrive", "--dry-run", "--reason", "invalid_json")
    assert "would redrive 2 dead letters" in dry and f"{t.raw}: 2" in dry
    by_id = newsworker(capsys, "dlq", "redrive", "--dry-run", "--id", "a2")
    assert "would redrive 1 dead letters" in by_id
    assert read(broker.bootstrap, t.raw, timeout=1) == []

    done = newsworker(capsys, "dlq", "redrive", "--to-replay")
    assert f"{t.replay}: 3" in done and f"{t.cleaned}: 1" in done  # tag-stage input goes back where it failed
    replayed = read(broker.bootstrap, t.replay, until=at_least(3))
    assert sorted(r.value for r in replayed) == [b"j1", b"j2", b"u3"]
    assert [r.value for r in read(broker.bootstrap, t.cleaned, until=at_least(1))] == [b"t4"]
