"""`newsworker dlq list|show|redrive`: inspect the dead-letter topic and send dead letters back.

A redrive sends the exact original bytes, key, headers and timestamp back to the topic they failed
on (or input-stage ones to the replay topic), with the attempt counter header raised by one and the
original coordinates as replay headers. Dead letters of one original record are grouped and only
the latest attempt counts, so redriving twice cannot multiply a message; records that reached
--max-attempts are skipped and reported, so a poison message cannot loop forever.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass

import orjson
from aiokafka import TopicPartition
from tqdm import tqdm

from worker import deadletter, ranges
from worker.produce import producer
from worker.messages import SOURCE_OFFSET_HEADER, SOURCE_PARTITION_HEADER, SOURCE_TOPIC_HEADER
from worker.replay import Pace, replay_headers
from worker.settings import Settings, from_env


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="counts by stage and reason, and the newest dead letters")
    _selection(listing)
    listing.add_argument("--limit", type=int, default=20, help="newest dead letters to list (default 20)")
    show = actions.add_parser("show", help="one dead letter: error, headers, a preview of the original bytes")
    show.add_argument("ref", metavar="PARTITION:OFFSET", help="the dead letter's place in the dead-letter topic")
    show.add_argument("--bytes", type=int, default=600, help="preview length (default 600)")
    redrive = actions.add_parser("redrive", help="send dead letters' original bytes back for another attempt")
    _selection(redrive)
    redrive.add_argument("--to-replay", action="store_true",
                         help="send input-stage dead letters to the replay topic instead of their source")
    redrive.add_argument("--max-attempts", type=int, default=3,
                         help="skip dead letters already redriven this many times (default 3)")
    redrive.add_argument("--dry-run", action="store_true", help="print what would be sent, send nothing")
    redrive.add_argument("--rate", type=float, help="at most this many messages per second")


def _selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reason", action="append", default=[], help="only this reason (repeatable)")
    parser.add_argument("--stage", action="append", default=[], choices=["decode", "clean", "tag"],
                        help="only this stage (repeatable)")
    parser.add_argument("--since", type=ranges.parse_time, help="failed at or after, ISO 8601")
    parser.add_argument("--until", type=ranges.parse_time, help="failed before, ISO 8601")
    parser.add_argument("--id", action="append", default=[], dest="ids", help="only this article id (repeatable)")


@dataclass(frozen=True)
class Selection:
    reasons: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    since_ms: int | None = None
    until_ms: int | None = None

    def match(self, letter: dict) -> bool:
        return ((not self.reasons or letter["error"]["reason"] in self.reasons)
                and (not self.stages or letter["stage"] in self.stages)
                and (not self.ids or letter.get("id") in self.ids))


@dataclass(frozen=True)
class Letter:
    """A dead letter and where it sits in the dead-letter topic."""

    partition: int
    offset: int
    timestamp_ms: int
    body: dict

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"


def selection_from_args(args: argparse.Namespace) -> Selection:
    return Selection(frozenset(args.reason), frozenset(args.stage), frozenset(args.ids), args.since, args.until)


async def letters(settings: Settings, selection: Selection) -> list[Letter]:
    """The matching dead letters up to the highwater seen now, oldest first."""
    client = ranges.consumer(settings)
    await client.start()
    try:
        bounds = ranges.Bounds(since_ms=selection.since_ms, until_ms=selection.until_ms, clamp=True)
        spans = await ranges.plan(client, settings.topics.dlq, bounds)
        found = []
        async for record in ranges.read(client, settings.topics.dlq, spans):
            body = _parse(record.value)
            if body and bounds.in_time(record.timestamp) and selection.match(body):
                found.append(Letter(record.partition, record.offset, record.timestamp, body))
        return sorted(found, key=lambda letter: (letter.timestamp_ms, letter.partition, letter.offset))
    finally:
        await client.stop()


def _parse(value: bytes | None) -> dict | None:
    try:
        body = orjson.loads(value or b"")
    except orjson.JSONDecodeError:
        return None
    return body if isinstance(body, dict) and body.get("schema") == "dead-letter.v1" else None


# -- list --------------------------------------------------------------------------------------------
def summarise(found: list[Letter]) -> list[tuple[str, str, int, int]]:
    """(stage, reason, count, newest timestamp) per stage and reason, newest first."""
    counts, newest = Counter(), {}
    for letter in found:
        group = (letter.body["stage"], letter.body["error"]["reason"])
        counts[group] += 1
        newest[group] = max(newest.get(group, 0), letter.timestamp_ms)
    return sorted(((s, r, n, newest[(s, r)]) for (s, r), n in counts.items()), key=lambda row: -row[3])


def describe(letter: Letter) -> str:
    b, source = letter.body, letter.body["source"]
    return (f"{letter.ref:>9}  {ranges.format_time(letter.timestamp_ms)}  {b['stage']}/{b['error']['reason']}"
            f"  attempt {b.get('attempt', 0)}  id={b.get('id') or '-'}"
            f"  from {source['topic']}[{source['partition']}]@{source['offset']}  {b['error']['message'][:80]!r}")


def list_letters(settings: Settings, selection: Selection, limit: int) -> int:
    found = asyncio.run(letters(settings, selection))
    print(f"{len(found)} dead letters in {settings.topics.dlq}")
    if not found:
        return 0
    print(f"{'stage':<7} {'reason':<17} {'count':>6}  newest")
    for stage, reason, count, newest in summarise(found):
        print(f"{stage:<7} {reason:<17} {count:>6}  {ranges.format_time(newest)}")
    print(f"\nnewest {min(limit, len(found))} (PARTITION:OFFSET for `dlq show`):")
    for letter in reversed(found[-limit:] if limit > 0 else []):
        print(describe(letter))
    return 0


# -- show --------------------------------------------------------------------------------------------
async def letter_at(settings: Settings, partition: int, offset: int) -> Letter | None:
    client = ranges.consumer(settings)
    await client.start()
    try:
        tp = TopicPartition(settings.topics.dlq, partition)
        await ranges.watermarks(client, [tp])
        record = await ranges.record_at(client, tp, offset)
        if record is None or record.offset != offset:
            return None
        body = _parse(record.value)
        return Letter(partition, offset, record.timestamp, body) if body else None
    finally:
        await client.stop()


def preview(data: bytes, limit: int) -> str:
    head = data[:limit]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("utf-8", "backslashreplace")
    return text + (f"... ({len(data) - limit} more bytes)" if len(data) > limit else "")


def show(settings: Settings, ref: str, limit: int) -> int:
    partition, _, offset = ref.partition(":")
    letter = asyncio.run(letter_at(settings, int(partition), int(offset)))
    if letter is None:
        print(f"error: no dead letter at {settings.topics.dlq} {ref}", file=sys.stderr)
        return 1
    b, source = letter.body, letter.body["source"]
    print(describe(letter))
    print(f"error:    {b['error']['type']} ({b['error']['reason']}): {b['error']['message']}")
    print(f"stage:    {b['stage']}    failed at {b['failed_at']}    pipeline {b['pipeline_version']}")
    print(f"source:   {source['topic']}[{source['partition']}]@{source['offset']}"
          f"  timestamp {ranges.format_time(source['timestamp_ms'])}")
    key = deadletter.original_key(b)
    print(f"key:      {key.decode('utf-8', 'backslashreplace') if key is not None else '-'}")
    print("headers:  " + (", ".join(f"{k}={v.decode('utf-8', 'backslashreplace') if v is not None else '-'}"
                                    for k, v in deadletter.original_headers(b)) or "-"))
    print(f"original ({b['original']['size']} bytes):")
    print(preview(deadletter.original_value(b), limit))
    return 0


# -- redrive -----------------------------------------------------------------------------------------
def identity(body: dict) -> tuple:
    """The original record a dead letter stands for: its replay coordinates if it was replayed or
    redriven before, else where it failed."""
    headers = {k: v for k, v in deadletter.original_headers(body)}
    if SOURCE_TOPIC_HEADER in headers:
        return (headers[SOURCE_TOPIC_HEADER], headers.get(SOURCE_PARTITION_HEADER), headers.get(SOURCE_OFFSET_HEADER))
    source = body["source"]
    return (source["topic"].encode(), str(source["partition"]).encode(), str(source["offset"]).encode())


def latest_per_record(found: list[Letter]) -> list[Letter]:
    """One dead letter per original record: the highest attempt, then the newest."""
    best: dict[tuple, Letter] = {}
    for letter in found:
        key = identity(letter.body)
        current = best.get(key)
        if current is None or (letter.body.get("attempt", 0), letter.timestamp_ms) >= (
                current.body.get("attempt", 0), current.timestamp_ms):
            best[key] = letter
    return sorted(best.values(), key=lambda letter: (letter.timestamp_ms, letter.partition, letter.offset))


def target_of(body: dict, settings: Settings, to_replay: bool) -> str:
    source = body["source"]["topic"]
    if to_replay and source in (settings.topics.raw, settings.topics.replay):
        return settings.topics.replay
    return source


def redrive_record(body: dict) -> tuple[bytes | None, bytes, list, int | None]:
    """(key, value, headers, timestamp) to send: the original, with the attempt raised by one."""
    source = body["source"]
    headers = [(k, v) for k, v in deadletter.original_headers(body) if k != deadletter.ATTEMPT_HEADER]
    headers = replay_headers(headers, source["topic"], source["partition"], source["offset"], None)
    headers.append((deadletter.ATTEMPT_HEADER, str(body.get("attempt", 0) + 1).encode()))
    return deadletter.original_key(body), deadletter.original_value(body), headers, source["timestamp_ms"]


@dataclass
class Redrive:
    due: list[Letter]
    capped: list[Letter]
    sent: Counter


def split_by_attempts(found: list[Letter], max_attempts: int) -> tuple[list[Letter], list[Letter]]:
    latest = latest_per_record(found)
    due = [letter for letter in latest if letter.body.get("attempt", 0) < max_attempts]
    capped = [letter for letter in latest if letter.body.get("attempt", 0) >= max_attempts]
    return due, capped


async def redrive(settings: Settings, selection: Selection, *, max_attempts: int = 3, to_replay: bool = False,
                  dry_run: bool = False, rate: float | None = None, progress: bool = True) -> Redrive:
    due, capped = split_by_attempts(await letters(settings, selection), max_attempts)
    result = Redrive(due, capped, Counter())
    if dry_run:
        result.sent.update(target_of(letter.body, settings, to_replay) for letter in due)
        return result
    out = producer(settings, linger_ms=5)
    await out.start()
    pace, pending = Pace(rate), []
    try:
        for letter in tqdm(due, unit="msg", desc="redrive", file=sys.stderr, disable=None if progress else True):
            await asyncio.sleep(pace.delay(sum(result.sent.values())))
            key, value, headers, timestamp_ms = redrive_record(letter.body)
            target = target_of(letter.body, settings, to_replay)
            pending.append(await out.send(target, value, key=key, headers=headers, timestamp_ms=timestamp_ms))
            result.sent[target] += 1
        await asyncio.gather(*pending)
    finally:
        await out.stop()
    return result


def report(result: Redrive, max_attempts: int, dry_run: bool) -> None:
    verb = "would redrive" if dry_run else "redrove"
    per = ", ".join(f"{topic}: {n}" for topic, n in sorted(result.sent.items())) or "nothing"
    print(f"{verb} {len(result.due)} dead letters ({per})")
    kinds = Counter(f"{letter.body['stage']}/{letter.body['error']['reason']}" for letter in result.due)
    for kind, n in sorted(kinds.items()):
        print(f"  {kind}: {n}")
    if result.capped:
        print(f"skipped {len(result.capped)} dead letters at --max-attempts {max_attempts} "
              f"(fix the cause or the payload; they stay in the dead-letter topic):")
        for letter in result.capped:
            print("  " + describe(letter))


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    try:
        if args.action == "list":
            return list_letters(settings, selection_from_args(args), args.limit)
        if args.action == "show":
            return show(settings, args.ref, args.bytes)
        started = ranges.format_time(int(time.time() * 1000))
        result = asyncio.run(redrive(settings, selection_from_args(args), max_attempts=args.max_attempts,
                                     to_replay=args.to_replay, dry_run=args.dry_run, rate=args.rate))
    except ranges.RangeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report(result, args.max_attempts, args.dry_run)
    if not args.dry_run and result.due:
        print(f"records that fail again are dead-lettered anew; to see only those: --since {started}")
    return 0
