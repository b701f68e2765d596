"""`newsworker replay` against the bundled broker, plus its pure parts (parsing, search, pacing)."""

from __future__ import annotations

import asyncio
import threading
import time
from types import SimpleNamespace

import orjson
import pytest

from tests.kafka import (WorkerProcess, at_least, env_of, produce_records, read, setup_topics,
                         unique_settings)
from worker import cli
from worker.commands import replay
from worker.kafka import ranges
from worker.core.messages import Origin, replay_headers
from worker.core.provenance import received
from worker.kafka.sender import Pace

BASE = ranges.parse_time("2024-03-01T00:00:00Z")  # long before the broker's arrival times
MINUTE = 60_000


def article(i: int, source: str = "example.com") -> bytes:
    return orjson.dumps({"id": f"a{i:03d}", "url": f"https://{source}/news/{i}", "source": source,
                         "text": f"Headline number {i}\nA short standfirst.\nBody sentence of article {i}."})


def records(n: int, *, start: int = 0, timestamps=None, source=lambda i: "example.com", headers=None):
    return [(f"a{i:03d}".encode(), article(i, source(i)), headers,
             timestamps(i) if timestamps else None) for i in range(start, start + n)]


def header(record, name: str) -> str | None:
    return next((v.decode() for k, v in record.headers if k == name), None)


def ids(found) -> list[str]:
    return sorted(orjson.loads(r.value)["id"] for r in found)


def job(settings, **changes) -> replay.Job:
    base = replay.Job(topic=settings.topics.raw, target=settings.topics.replay, job_id="job-1", progress=False)
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def run(settings, **changes) -> replay.Result:
    return asyncio.run(replay.run(settings, job(settings, **changes)))


@pytest.fixture
def settings(broker):
    found = unique_settings(broker.bootstrap)
    setup_topics(found)
    return found


# -- pure parts ------------------------------------------------------------------------------------
def test_parse_offsets_and_times():
    assert ranges.parse_offsets("100") == {None: 100}
    assert ranges.parse_offsets("0:10, 3:250") == {0: 10, 3: 250}
    assert ranges.offset_for({None: 5, 2: 9}, 2) == 9 and ranges.offset_for({None: 5}, 1) == 5
    assert ranges.parse_time("2024-03-01T00:00:00") == ranges.parse_time("2024-03-01T01:00:00+01:00") == BASE
    assert ranges.parse_time("2024-03-01T00:00:00Z") == BASE
    assert ranges.chosen_partitions(None, ranges.Bounds(from_offsets={0: 1, 2: 3})) == [0, 2]
    assert ranges.chosen_partitions(None, ranges.Bounds(from_offsets={None: 1})) is None


def test_start_before_retained_is_an_error_unless_clamped():
    assert ranges.clamp_start(0, 50, 40, clamp=False) == 50
    with pytest.raises(ranges.RangeError, match="before the earliest retained offset 40"):
        ranges.clamp_start(0, 10, 40, clamp=False)
    assert ranges.clamp_start(0, 10, 40, clamp=True) == 40


def test_binary_search_over_timestamps_with_gaps():
    # offsets 0..19, every third one compacted away; timestamps 100 * offset
    log = {o: o * 100 for o in range(20) if o % 3}

    async def probe(offset):
        found = [o for o in sorted(log) if o >= offset]
        return (found[0], log[found[0]]) if found else None

    search = lambda target, low=0, high=20: asyncio.run(ranges.first_at_or_after(probe, target, low, high))
    assert search(0) == 0
    assert search(500) == 5
    assert search(601) == 6  # 6 is a gap: reading from it starts at 7, the first record at or after
    assert search(10_000) == 20
    assert search(500, low=8) == 8


class FakeLog:
    """A partition as the range planner sees it: records from `low`, timestamps 100 * offset."""

    def __init__(self, low: int, high: int, broker_answer=None):
        self.records = {o: o * 100 for o in range(low, high)}
        self.broker_answer, self.at = broker_answer, 0

    async def offsets_for_times(self, query):
        tp, target = next(iter(query.items()))
        offset = self.broker_answer(target) if self.broker_answer else min(
            (o for o, ts in self.records.items() if ts >= target), default=None)
        return {tp: None if offset is None else SimpleNamespace(offset=offset, timestamp=target)}

    def seek(self, tp, offset):
        self.at = offset

    async def getmany(self, tp, timeout_ms, max_records):
        found = [o for o in sorted(self.records) if o >= self.at][:max_records]
        return {tp: [SimpleNamespace(offset=o, timestamp=self.records[o]) for o in found]}

    def highwater(self, tp):
        return max(self.records) + 1

    async def position(self, tp):
        return self.at


TP0 = ranges.TopicPartition("t", 0)


def test_time_lookup_trusts_a_checked_answer_and_searches_otherwise():
    resolve = lambda log, target: asyncio.run(ranges.offset_for_time(log, TP0, target, 0, 50))
    assert resolve(FakeLog(0, 50), 1250) == (13, "broker")
    assert resolve(FakeLog(0, 50, broker_answer=lambda t: 0), 1250) == (13, "search")  # by arrival time
    assert resolve(FakeLog(0, 50, broker_answer=lambda t: 0), 9999) == (50, "search")  # after the last record
    assert resolve(FakeLog(0, 50), 9999) == (50, "broker")


def test_since_before_the_retained_records_is_an_error_unless_clamped():
    log = FakeLog(20, 50)  # offsets 0..19 were deleted
    span = lambda bounds: asyncio.run(ranges._partition_range(log, TP0, 20, 50, bounds))
    with pytest.raises(ranges.RangeError, match="older records are gone"):
        span(ranges.Bounds(since_ms=1000))
    assert (span(ranges.Bounds(since_ms=1000, clamp=True)).start, span(ranges.Bounds(since_ms=2500)).start) == (20, 25)
    with pytest.raises(ranges.RangeError, match="10 records are gone"):
        span(ranges.Bounds(from_offsets={None: 10}))
    assert span(ranges.Bounds(from_offsets={None: 10}, to_offsets={0: 30}, clamp=True)).count == 10


def test_filters_match_source_and_id():
    f = replay.filters(["Independent.co.uk"], [])
    assert f.match(b"a001", article(1, "independent.co.uk"))
    assert not f.match(b"a002", article(2, "bbc.co.uk"))
    assert not f.match(None, b"not json")
    by_id = replay.filters([], ["a003"])
    assert by_id.match(None, article(3)) and by_id.match(b"a003", b"{}") and not by_id.match(b"a004", article(4))
    assert replay.filters().match(None, b"anything")


def test_pace_limits_the_rate():
    now = [0.0]
    pace = Pace(10.0, clock=lambda: now[0])
    assert pace.delay(0) == 0.0
    assert pace.delay(5) == pytest.approx(0.5)
    now[0] = 1.0
    assert pace.delay(5) == 0.0
    assert Pace(None).delay(1000) == 0.0


def test_replay_headers_are_what_the_worker_reads():
    headers = replay_headers([("trace", b"x")], "articles.raw", 3, 41, "job-7")
    origin = Origin(topic="articles.replay", partition=0, offset=5, headers=tuple(headers))
    provenance = received(origin, "v")
    assert (provenance["source_topic"], provenance["source_partition"], provenance["source_offset"]) == ("articles.raw", 3, 41)
    assert provenance["replay_job"] == "job-7"
    again = replay_headers(headers, "articles.replay", 0, 5, "job-8")  # replaying a replay
    assert dict(again)["x-replay-source-offset"] == b"41" and dict(again)["x-replay-job"] == b"job-8"
    assert [k for k, _ in again].count("x-replay-job") == 1


# -- against the broker ----------------------------------------------------------------------------
@pytest.mark.integration
def test_time_range_with_old_timestamps_exactly_once_per_job(settings, broker):
    produce_records(broker.bootstrap, settings.topics.raw, records(40, timestamps=lambda i: BASE + i * MINUTE))
    since, until = BASE + 10 * MINUTE, BASE + 20 * MINUTE
    bounds = ranges.Bounds(since_ms=since, until_ms=until)
    first = run(settings, bounds=bounds, job_id="job-1")
    second = run(settings, bounds=bounds, job_id="job-2")
    assert first.sent == second.sent == 10
    # the bundled broker answers offsets_for_times by arrival time: the check catches it and searches
    assert any("search" in r.resolved_by for r in first.ranges)

    out = read(broker.bootstrap, settings.topics.replay, until=at_least(21), timeout=2)
    expected = [f"a{i:03d}" for i in range(10, 20)]
    for job_id in ("job-1", "job-2"):
        assert ids(r for r in out if header(r, "x-replay-job") == job_id) == expected
    assert len(out) == 20
    source = {(r.partition, r.offset): r for r in read(broker.bootstrap, settings.topics.raw, until=at_least(40))}
    for r in out:
        original = source[(int(header(r, "x-replay-source-partition")), int(header(r, "x-replay-source-offset")))]
        assert header(r, "x-replay-source-topic") == settings.topics.raw
        assert (r.key, r.value, r.timestamp) == (original.key, original.value, original.timestamp)


@pytest.mark.integration
def test_offset_range_per_partition_with_rate_limit(settings, broker):
    same_key = [(b"k", article(i), [("trace", b"t%d" % i)], None) for i in range(20)]
    produce_records(broker.bootstrap, settings.topics.raw, same_key)
    partition = read(broker.bootstrap, settings.topics.raw, until=at_least(20))[0].partition
    started = time.monotonic()
    result = run(settings, bounds=ranges.Bounds(from_offsets={partition: 5}, to_offsets={partition: 15}), rate=50)
    assert time.monotonic() - started >= 9 / 50
    assert [s.partition for s in result.ranges] == [partition] and result.sent == 10

    out = read(broker.bootstrap, settings.topics.replay, until=at_least(11), timeout=2)
    assert sorted(int(header(r, "x-replay-source-offset")) for r in out) == list(range(5, 15))
    for r in out:
        i = int(header(r, "x-replay-source-offset"))
        assert (r.key, r.value, header(r, "trace")) == (b"k", article(i), f"t{i}")

    # an end past the highwater stops at the highwater fixed at the start
    tail = run(settings, bounds=ranges.Bounds(from_offsets={None: 18}, to_offsets={None: 1000}), job_id="job-2")
    assert tail.sent == 2


@pytest.mark.integration
def test_dry_run_prints_the_plan_and_sends_nothing(settings, broker, monkeypatch, capsys):
    sources = lambda i: "independent.co.uk" if i % 3 == 0 else "bbc.co.uk"
    produce_records(broker.bootstrap, settings.topics.raw,
                    records(12, timestamps=lambda i: BASE + i * MINUTE, source=sources))
    for name, value in env_of(settings).items():
        monkeypatch.setenv(name, value)
    code = cli.main(["replay", "--since", "2024-03-01T00:03:00Z", "--source", "independent.co.uk", "--dry-run"])
    output = capsys.readouterr().out
    assert code == 0
    assert "dry run: nothing is sent" in output
    assert "partition" in output and "resolved by" in output
    assert "total" in output and "would send 3 records" in output  # a003, a006, a009
    assert read(broker.bootstrap, settings.topics.replay, timeout=1) == []


@pytest.mark.integration
def test_filters_by_source_and_id(settings, broker):
    sources = lambda i: "independent.co.uk" if i % 2 else "bbc.co.uk"
    produce_records(broker.bootstrap, settings.topics.raw, records(12, source=sources))
    by_source = run(settings, filters=replay.filters(["independent.co.uk"]), job_id="by-source")
    by_id = run(settings, filters=replay.filters(ids=["a002", "a007"]), job_id="by-id")
    assert (by_source.sent, by_source.skipped, by_id.sent) == (6, 6, 2)
    out = read(broker.bootstrap, settings.topics.replay, until=at_least(9), timeout=2)
    assert ids(r for r in out if header(r, "x-replay-job") == "by-source") == [f"a{i:03d}" for i in range(1, 12, 2)]
    assert ids(r for r in out if header(r, "x-replay-job") == "by-id") == ["a002", "a007"]


@pytest.mark.integration
def test_end_is_fixed_at_the_start_while_producers_keep_writing(settings, broker):
    produce_records(broker.bootstrap, settings.topics.raw, records(200))
    stop = threading.Event()

    def keep_writing():
        n = 1000
        while not stop.is_set():
            produce_records(broker.bootstrap, settings.topics.raw, records(20, start=n))
            n += 20

    writer = threading.Thread(target=keep_writing, daemon=True)
    writer.start()
    try:
        result = run(settings, rate=500)
        still_writing = writer.is_alive()
    finally:
        stop.set()
        writer.join(10)
    assert still_writing
    planned = {(s.partition, o) for s in result.ranges for o in range(s.start, s.end)}
    assert result.sent == len(planned) >= 200

    out = read(broker.bootstrap, settings.topics.replay, until=at_least(len(planned) + 1), timeout=2)
    sent = [(int(header(r, "x-replay-source-partition")), int(header(r, "x-replay-source-offset"))) for r in out]
    assert len(sent) == len(set(sent)) and set(sent) == planned
    grown = read(broker.bootstrap, settings.topics.raw, until=at_least(len(planned) + 20), timeout=5)
    assert len(grown) > len(planned)  # the topic grew past the planned end during the job


# -- through a real worker -------------------------------------------------------------------------
VARIABLE = ("received_at", "cleaned_at", "processed_at", "replay_job")


def stable(value: bytes) -> dict:
    """An enriched article without what may differ between runs: processing times and the job id."""
    body = orjson.loads(value)
    for name in VARIABLE:
        body["provenance"].pop(name, None)
    return body


@pytest.mark.integration
def test_two_replays_through_the_worker_give_the_same_keys_and_payloads(settings, broker, tmp_path):
    texts = ["Angela Merkel met Emmanuel Macron in Paris on Monday.\nThey discussed trade.\n"
             "The leaders of Germany and France agreed to talk again in Berlin next month.",
             "Apple shares rose in New York.\nInvestors cheered.\nTim Cook said the company would expand in India.",
             "Floods hit Valencia in Spain.\nRescuers worked overnight.\nThe regional government asked for help."]
    raw = [(f"n{i}".encode(), orjson.dumps({"id": f"n{i}", "url": f"https://example.com/{i}",
                                             "source": "example.com", "text": text}), None, BASE + i * MINUTE)
           for i, text in enumerate(texts)]
    produce_records(broker.bootstrap, settings.topics.raw, raw)
    n = len(raw)
    with WorkerProcess(settings, tmp_path / "worker.log") as worker:
        worker.wait_ready()
        read(broker.bootstrap, settings.topics.enriched, until=at_least(n), timeout=60)
        run(settings, job_id="job-a")
        read(broker.bootstrap, settings.topics.enriched, until=at_least(2 * n), timeout=60)
        run(settings, job_id="job-b")
        out = read(broker.bootstrap, settings.topics.enriched, until=at_least(3 * n), timeout=60)
        worker.terminate()

    by_job: dict = {}
    for r in out:
        body = orjson.loads(r.value)
        by_job.setdefault(body["provenance"].get("replay_job"), {})[r.key] = r.value
    assert set(by_job) == {None, "job-a", "job-b"}
    assert set(by_job["job-a"]) == set(by_job["job-b"]) == set(by_job[None]) == {f"n{i}".encode() for i in range(n)}
    for key, first in by_job[None].items():
        assert stable(by_job["job-a"][key]) == stable(by_job["job-b"][key]) == stable(first)
        provenance = orjson.loads(by_job["job-b"][key])["provenance"]
        assert provenance["source_topic"] == settings.topics.raw
        assert ".stages-" in provenance["pipeline_version"]  # same in all three runs: compared above
