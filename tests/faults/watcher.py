"""Watches the enriched and dead-letter topics from outside the worker, in a thread of its own:
which input (by `x-fault-seq`) came out, how often, and when it was first seen."""

from __future__ import annotations

import asyncio
import base64
import collections
import threading
import time

import orjson

from tests.kafka import _client_settings
from worker.core.settings import Settings
from worker.kafka.clients import consumer
from worker.kafka.ranges import partitions_of

SEQ = "x-fault-seq"


class OutputWatcher:
    def __init__(self, settings: Settings, ids: dict[str, int]):
        self.settings, self.ids = settings, ids
        self.enriched: collections.Counter = collections.Counter()
        self.dead: collections.Counter = collections.Counter()
        self.reasons: collections.Counter = collections.Counter()
        self.first_seen: dict[int, float] = {}
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._watch()), daemon=True)
        self._thread.start()

    def done(self) -> int:
        with self._lock:
            return len(self.first_seen)

    def snapshot(self) -> tuple[collections.Counter, collections.Counter]:
        with self._lock:
            return collections.Counter(self.enriched), collections.Counter(self.dead)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    async def _watch(self) -> None:
        client = consumer(_client_settings(self.settings))
        await client.start()
        try:
            t = self.settings.topics
            client.assign(await partitions_of(client, t.enriched) + await partitions_of(client, t.dlq))
            while not self._stop.is_set():
                for tp, records in (await client.getmany(timeout_ms=200)).items():
                    for record in records:
                        self._seen(tp.topic == t.dlq, record)
        finally:
            await client.stop()

    def _seen(self, dead: bool, record) -> None:
        if dead:
            letter = orjson.loads(record.value)
            seq = _seq_of(letter)
        else:
            seq = self.ids.get(record.key.decode(), -1)
        with self._lock:
            (self.dead if dead else self.enriched)[seq] += 1
            if dead:
                self.reasons[letter["error"]["reason"]] += 1
            self.first_seen.setdefault(seq, time.monotonic())


def _seq_of(letter: dict) -> int:
    for h in letter["source"]["headers"]:
        if h["key"] == SEQ:
            return int(base64.b64decode(h["value_b64"]))
    return -1
