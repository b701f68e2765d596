"""`newsworker dlq list|show|redrive`: inspect the dead-letter topic and send dead letters back.

A redrive sends the exact original bytes, key, headers and timestamp back to the topic they failed
on (or input-stage ones to the replay topic), with the attempt counter header raised by one and the
original coordinates as replay headers. Dead letters of one original record are grouped and only
the latest attempt counts, so redriving twice cannot multiply a message; records that reached
--max-attempts are skipped and reported, so a poison message cannot loop forever.

The topic is streamed, never loaded: `list` keeps counts and the newest few, `redrive` reads the
planned range twice, first for a small index (original record -> its latest dead letter's place),
then to send those, so memory grows with the number of records, not with their bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import orjson
from tqdm import tqdm

from worker.commands import UsageError
from worker.commands._args import bootstrap_option, time_arg
from worker.core import dead_letters
from worker.core.dead_letters import identity, redrive_record
from worker.core.messages import Stage
from worker.core.settings import Settings, from_env
from worker.kafka import clients, ranges
from worker.kafka.dead_letter_reader import Letter, Selection, letter_at, letters, matching, planned_read
from worker.kafka.sender import sending


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="counts by stage and reason, and the newest dead letters")
    _selection(listing)
    listing.add_argument("--limit", type=int, default=20, help="newest dead letters to list (default 20)")
    listing.add_argument("--json", action="store_true", help="print the counts and the newest as one JSON object")
    show = actions.add_parser("show", help="one dead letter: error, headers, a preview of the original bytes")
    show.add_argument("ref", metavar="PARTITION:OFFSET", type=place,
                      help="the dead letter's place in the dead-letter topic, e.g. 0:42")
    show.add_argument("--bytes", type=int, default=600, help="preview length (default 600)")
    bootstrap_option(show)
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
    parser.add_argument("--stage", action="append", default=[], choices=[s.value for s in Stage],
                        help="only this stage (repeatable)")
    parser.add_argument("--since", type=time_arg, help="failed at or after: ISO 8601 or a time ago (30m, 2h, 1d)")
    parser.add_argument("--until", type=time_arg, help="failed before: ISO 8601 or a time ago")
    parser.add_argument("--id", action="append", default=[], dest="ids", help="only this article id (repeatable)")
    bootstrap_option(parser)


def place(text: str) -> tuple[int, int]:
    """'PARTITION:OFFSET' -> (partition, offset), an argparse type."""
    partition, sep, offset = text.partition(":")
    if not (sep and partition.isdigit() and offset.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not PARTITION:OFFSET (e.g. 0:42, as `dlq list` shows)")
    return int(partition), int(offset)


def selection_from_args(args: argparse.Namespace) -> Selection:
    return Selection(frozenset(args.reason), frozenset(args.stage), frozenset(args.ids), args.since, args.until)


# -- list --------------------------------------------------------------------------------------------
@dataclass
class Listing:
    """Counts per (stage, reason) with the newest timestamp, and the newest `limit` dead letters."""

    limit: int
    total: int = 0
    counts: Counter = field(default_factory=Counter)
    newest_by_kind: dict = field(default_factory=dict)
    _newest: list = field(default_factory=list)  # a heap of (timestamp, partition, offset, Letter)

    def add(self, letter: Letter) -> None:
        kind = (letter.body["stage"], letter.body["error"]["reason"])
        self.total += 1
        self.counts[kind] += 1
        self.newest_by_kind[kind] = max(self.newest_by_kind.get(kind, 0), letter.timestamp_ms)
        if self.limit > 0:
            item = (letter.timestamp_ms, letter.partition, letter.offset, letter)
            (heapq.heappush if len(self._newest) < self.limit else heapq.heappushpop)(self._newest, item)

    def summary(self) -> list[tuple[str, str, int, int]]:
        """(stage, reason, count, newest timestamp) per stage and reason, newest first."""
        return sorted(((s, r, n, self.newest_by_kind[(s, r)]) for (s, r), n in self.counts.items()),
                      key=lambda row: -row[3])

    def newest(self) -> list[Letter]:
        return [item[3] for item in sorted(self._newest, reverse=True)]


def describe(letter: Letter) -> str:
    b, source = letter.body, letter.body["source"]
    return (f"{letter.ref:>9}  {ranges.format_time(letter.timestamp_ms)}  {b['stage']}/{b['error']['reason']}"
            f"  attempt {b.get('attempt', 0)}  id={b.get('id') or '-'}"
            f"  from {source['topic']}[{source['partition']}]@{source['offset']}  {b['error']['message'][:80]!r}")


async def listing(settings: Settings, selection: Selection, limit: int) -> Listing:
    found = Listing(limit)
    async for letter in letters(settings, selection):
        found.add(letter)
    return found


def as_json(found: Listing, topic: str) -> dict:
    def letter(item: Letter) -> dict:
        b = item.body
        return {"ref": item.ref, "failed_at": ranges.format_time(item.timestamp_ms), "stage": b["stage"],
                "reason": b["error"]["reason"], "attempt": b.get("attempt", 0), "id": b.get("id"),
                "source": b["source"], "message": b["error"]["message"]}

    counts = [{"stage": s, "reason": r, "count": n, "newest": ranges.format_time(t)} for s, r, n, t in found.summary()]
    return {"topic": topic, "total": found.total, "counts": counts, "newest": [letter(x) for x in found.newest()]}


def list_letters(settings: Settings, selection: Selection, limit: int, json: bool = False) -> int:
    found = asyncio.run(listing(settings, selection, limit))
    if json:
        print(orjson.dumps(as_json(found, settings.topics.dlq)).decode())
        return 0
    print(f"{found.total} dead letters in {settings.topics.dlq}")
    if not found.total:
        return 0
    print(f"{'stage':<7} {'reason':<17} {'count':>6}  newest")
    for stage, reason, count, newest in found.summary():
        print(f"{stage:<7} {reason:<17} {count:>6}  {ranges.format_time(newest)}")
    newest = found.newest()
    print(f"\nnewest {len(newest)} (PARTITION:OFFSET for `dlq show`):")
    for letter in newest:
        print(describe(letter))
    return 0


# -- show --------------------------------------------------------------------------------------------
def preview(data: bytes, limit: int) -> str:
    head = data[:limit]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("utf-8", "backslashreplace")
    return text + (f"... ({len(data) - limit} more bytes)" if len(data) > limit else "")


async def existing_letter_at(settings: Settings, partition: int, offset: int) -> Letter | None:
    """The dead letter at a place; a partition the topic does not have is an error at once."""
    client = clients.consumer(settings)
    await client.start()
    try:
        await ranges.partitions_of(client, settings.topics.dlq, [partition])
    finally:
        await client.stop()
    return await letter_at(settings, partition, offset)


def show(settings: Settings, ref: tuple[int, int], limit: int) -> int:
    letter = asyncio.run(existing_letter_at(settings, *ref))
    if letter is None:
        raise UsageError(f"no dead letter at {settings.topics.dlq} {ref[0]}:{ref[1]} (see `newsworker dlq list`)")
    b, source = letter.body, letter.body["source"]
    print(describe(letter))
    print(f"error:    {b['error']['type']} ({b['error']['reason']}): {b['error']['message']}")
    print(f"stage:    {b['stage']}    failed at {b['failed_at']}    pipeline {b['pipeline_version']}")
    print(f"source:   {source['topic']}[{source['partition']}]@{source['offset']}"
          f"  timestamp {ranges.format_time(source['timestamp_ms'])}")
    key = dead_letters.original_key(b)
    print(f"key:      {key.decode('utf-8', 'backslashreplace') if key is not None else '-'}")
    print("headers:  " + (", ".join(f"{k}={v.decode('utf-8', 'backslashreplace') if v is not None else '-'}"
                                    for k, v in dead_letters.original_headers(b)) or "-"))
    print(f"original ({b['original']['size']} bytes):")
    value = dead_letters.original_value(b)
    print(preview(value, limit) if value is not None else "(a tombstone: the value was null)")
    return 0


# -- redrive -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """Where a dead letter sits, and what decides which of a record's dead letters is the latest."""

    attempt: int
    timestamp_ms: int
    partition: int
    offset: int

    @classmethod
    def of(cls, letter: Letter) -> "Place":
        return cls(letter.body.get("attempt", 0), letter.timestamp_ms, letter.partition, letter.offset)


def keep_latest(best: dict[tuple, Place], letter: Letter) -> None:
    """One dead letter per original record: the highest attempt, then the newest."""
    key, place = identity(letter.body), Place.of(letter)
    current = best.get(key)
    if current is None or (place.attempt, place.timestamp_ms) >= (current.attempt, current.timestamp_ms):
        best[key] = place


def target_of(body: dict, settings: Settings, to_replay: bool) -> str:
    source = body["source"]["topic"]
    if to_replay and source in (settings.topics.raw, settings.topics.replay):
        return settings.topics.replay
    return source


@dataclass
class Redrive:
    due: int = 0
    capped: list[Letter] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)


async def _index(client, topic, bounds, planned, selection: Selection) -> set[tuple[int, int]]:
    """First pass: the (partition, offset) of each original record's latest dead letter."""
    best: dict[tuple, Place] = {}
    async for letter in matching(client, topic, bounds, planned, selection):
        keep_latest(best, letter)
    return {(p.partition, p.offset) for p in best.values()}


async def redrive(settings: Settings, selection: Selection, *, max_attempts: int = 3, to_replay: bool = False,
                  dry_run: bool = False, rate: float | None = None, progress: bool = True) -> Redrive:
    result, topic = Redrive(), settings.topics.dlq
    async with planned_read(settings, selection) as (client, bounds, planned):
        chosen = await _index(client, topic, bounds, planned, selection)
        async with sending(settings, rate) as sender:
            bar = tqdm(total=len(chosen), unit="msg", desc="redrive", file=sys.stderr,
                       disable=True if dry_run or not progress else None)
            async for letter in matching(client, topic, bounds, planned, selection):
                if (letter.partition, letter.offset) in chosen:
                    await _redrive_one(letter, result, sender, settings, max_attempts, to_replay, dry_run)
                    bar.update()
            bar.close()
    return result


async def _redrive_one(letter: Letter, result: Redrive, sender, settings: Settings, max_attempts: int,
                       to_replay: bool, dry_run: bool) -> None:
    if letter.body.get("attempt", 0) >= max_attempts:
        result.capped.append(letter)
        return
    result.due += 1
    result.kinds[f"{letter.body['stage']}/{letter.body['error']['reason']}"] += 1
    target = target_of(letter.body, settings, to_replay)
    result.sent[target] += 1
    if not dry_run:
        key, value, headers, timestamp_ms = redrive_record(letter.body)
        await sender.send(target, value, key=key, headers=headers, timestamp_ms=timestamp_ms)


def report(result: Redrive, max_attempts: int, dry_run: bool) -> None:
    verb = "would redrive" if dry_run else "redrove"
    per = ", ".join(f"{topic}: {n}" for topic, n in sorted(result.sent.items())) or "nothing"
    print(f"{verb} {result.due} dead letters ({per})")
    for kind, n in sorted(result.kinds.items()):
        print(f"  {kind}: {n}")
    if result.capped:
        print(f"skipped {len(result.capped)} dead letters at --max-attempts {max_attempts} "
              f"(fix the cause or the payload; they stay in the dead-letter topic):")
        for letter in result.capped:
            print("  " + describe(letter))


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    if args.action == "list":
        return list_letters(settings, selection_from_args(args), args.limit, args.json)
    if args.action == "show":
        return show(settings, args.ref, args.bytes)
    started = ranges.format_time(int(time.time() * 1000))
    result = asyncio.run(redrive(settings, selection_from_args(args), max_attempts=args.max_attempts,
                                 to_replay=args.to_replay, dry_run=args.dry_run, rate=args.rate))
    report(result, args.max_attempts, args.dry_run)
    if not args.dry_run and result.due:
        print(f"records that fail again are dead-lettered anew; to see only those: --since {started}")
    return 0
