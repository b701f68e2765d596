"""`newsworker replay`: re-send a bounded time or offset range of a topic for reprocessing.

Each record goes out with its exact key, value, headers and timestamp, plus headers naming the
replay job and the record's original topic/partition/offset (which the worker keeps as the
article's provenance), so a replayed article is keyed and described as the first time.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone

import orjson
from tqdm import tqdm

from worker.commands import UsageError
from worker.commands._args import bootstrap_option, time_arg
from worker.core.ids import article_id
from worker.core.messages import replay_headers
from worker.core.settings import Settings, from_env
from worker.kafka import clients, ranges
from worker.kafka.sender import sending


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--topic", help="source topic (default: the raw topic)")
    parser.add_argument("--target", help="target topic (default: the replay topic)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--since", type=time_arg,
                       help="first record time: ISO 8601 (UTC if no zone) or a time ago (30m, 2h, 1d)")
    start.add_argument("--from-offset", type=ranges.parse_offsets, metavar="[P:]OFFSET[,...]",
                       help="first offset, for every partition or per partition (e.g. 0:120,3:88)")
    end = parser.add_mutually_exclusive_group()
    end.add_argument("--until", type=time_arg, help="end time, exclusive: ISO 8601 or a time ago")
    end.add_argument("--to-offset", type=ranges.parse_offsets, metavar="[P:]OFFSET[,...]",
                     help="end offset, exclusive, for every partition or per partition")
    parser.add_argument("--partitions", type=ranges.parse_partitions, metavar="P[,P...]",
                        help="only these partitions")
    parser.add_argument("--source", action="append", default=[], metavar="PUBLISHER",
                        help="only articles whose `source` is this (repeatable)")
    parser.add_argument("--id", action="append", default=[], dest="ids", metavar="ARTICLE_ID",
                        help="only these article ids (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and counts, send nothing")
    parser.add_argument("--rate", type=float, help="at most this many messages per second")
    parser.add_argument("--clamp", action="store_true",
                        help="start at the earliest retained record when the range starts before it")
    parser.add_argument("--job-id", help="replay job id (default: generated)")
    bootstrap_option(parser)


@dataclass(frozen=True)
class Filters:
    sources: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.sources or self.ids)

    def match(self, key: bytes | None, value: bytes | None) -> bool:
        if not self:
            return True
        try:
            message = orjson.loads(value or b"")
        except orjson.JSONDecodeError:
            message = None
        if not isinstance(message, dict):
            message = {}
        if self.sources and str(message.get("source", "")).strip().lower() not in self.sources:
            return False
        if self.ids:
            found = {article_id(message), key.decode("utf-8", "replace") if key else None}
            return bool(found & self.ids)
        return True


def filters(sources=(), ids=()) -> Filters:
    return Filters(frozenset(s.strip().lower() for s in sources), frozenset(i.strip() for i in ids))


@dataclass
class Job:
    topic: str
    target: str
    bounds: ranges.Bounds = field(default_factory=ranges.Bounds)
    partitions: list[int] | None = None
    filters: Filters = field(default_factory=Filters)
    dry_run: bool = False
    rate: float | None = None
    job_id: str = ""
    progress: bool = True


@dataclass
class Result:
    job_id: str
    ranges: list[ranges.PartitionRange]
    sent: int = 0
    skipped: int = 0
    by_partition: dict[int, int] = field(default_factory=dict)


def new_job_id() -> str:
    return "replay-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


async def run(settings: Settings, job: Job) -> Result:
    """Plan the range, print it, then send (or with dry_run, only count) every matching record."""
    client = clients.consumer(settings)
    await client.start()
    try:
        planned = await ranges.plan(client, job.topic, job.bounds, job.partitions)
        result = Result(job.job_id, planned)
        print_plan(job, planned)
        if job.dry_run:
            await _count(client, job, result)
        else:
            await _send(settings, client, job, result)
        return result
    finally:
        await client.stop()


def _wanted(job: Job, record) -> bool:
    return job.bounds.in_time(record.timestamp) and job.filters.match(record.key, record.value)


async def _count(client, job: Job, result: Result) -> None:
    with _bar(job, result) as bar:
        async for record in ranges.read(client, job.topic, result.ranges):
            _tally(result, record, _wanted(job, record))
            bar.update()


async def _send(settings: Settings, client, job: Job, result: Result) -> None:
    async with sending(settings, job.rate) as sender:
        with _bar(job, result) as bar:
            async for record in ranges.read(client, job.topic, result.ranges):
                bar.update()
                wanted = _wanted(job, record)
                if wanted:
                    headers = replay_headers(record.headers, record.topic, record.partition, record.offset, job.job_id)
                    await sender.send(job.target, record.value, key=record.key, headers=headers,
                                      timestamp_ms=record.timestamp)
                _tally(result, record, wanted)
                bar.set_postfix(sent=result.sent, skipped=result.skipped, refresh=False)


def _tally(result: Result, record, wanted: bool) -> None:
    if wanted:
        result.sent += 1
        result.by_partition[record.partition] = result.by_partition.get(record.partition, 0) + 1
    else:
        result.skipped += 1


def _bar(job: Job, result: Result) -> tqdm:
    total = sum(r.count for r in result.ranges)
    return tqdm(total=total, unit="msg", desc="dry run" if job.dry_run else "replay", file=sys.stderr,
                disable=None if job.progress else True, dynamic_ncols=True)


def print_plan(job: Job, planned: list[ranges.PartitionRange]) -> None:
    b = job.bounds
    print(f"replay job {job.job_id}: {job.topic} -> {job.target}" + (" (dry run: nothing is sent)" if job.dry_run else ""))
    if b.since_ms is not None or b.until_ms is not None:
        print(f"time range: {ranges.format_time(b.since_ms)} .. {ranges.format_time(b.until_ms)} (end exclusive)")
    if job.filters:
        print(f"filters: sources={sorted(job.filters.sources) or '-'} ids={sorted(job.filters.ids) or '-'}")
    print(f"{'partition':>9} {'start':>10} {'end':>10} {'records':>9} {'retained':>21}  resolved by")
    for s in planned:
        print(f"{s.partition:>9} {s.start:>10} {s.end:>10} {s.count:>9} {f'{s.low}..{s.high}':>21}  {s.resolved_by}")
    print(f"{'total':>9} {'':>10} {'':>10} {sum(s.count for s in planned):>9}")


def print_result(job: Job, result: Result) -> None:
    verb = "would send" if job.dry_run else "sent"
    per = ", ".join(f"{p}: {n}" for p, n in sorted(result.by_partition.items())) or "none"
    print(f"{verb} {result.sent} records to {job.target} ({per}); {result.skipped} outside the time range or filters")
    if not job.dry_run:
        print(f"replay job id: {result.job_id}")


def job_from_args(args: argparse.Namespace, settings: Settings) -> Job:
    bounds = ranges.Bounds(since_ms=args.since, until_ms=args.until, from_offsets=args.from_offset,
                           to_offsets=args.to_offset, clamp=args.clamp)
    return Job(topic=args.topic or settings.topics.raw, target=args.target or settings.topics.replay,
               bounds=bounds, partitions=args.partitions, filters=filters(args.source, args.ids),
               dry_run=args.dry_run, rate=args.rate, job_id=args.job_id or new_job_id())


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    job = job_from_args(args, settings)
    if job.topic == job.target:
        raise UsageError(f"the target topic must differ from the source topic {job.topic} (--target)")
    result = asyncio.run(run(settings, job))
    print_result(job, result)
    return 0
