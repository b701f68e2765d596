"""The one rate-limited sender: replay, redrive and produce all send through it.

At most `rate` records per second on average, and at most `window` records waiting for the
broker's acknowledgement, so memory is bounded by the window, not by how much is sent.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaProducer

from worker.core.settings import Settings
from worker.kafka.clients import producer

SEND_WINDOW = 500  # records in flight before waiting for the broker's acks


class Pace:
    """At most `rate` messages per second on average since the start."""

    def __init__(self, rate: float | None, clock=time.monotonic):
        self.rate, self.clock, self.started = rate, clock, clock()

    def delay(self, sent: int) -> float:
        if not self.rate:
            return 0.0
        return max(self.started + sent / self.rate - self.clock(), 0.0)


class Sender:
    def __init__(self, client: AIOKafkaProducer, rate: float | None = None, window: int = SEND_WINDOW):
        self._client, self._pace, self._window = client, Pace(rate), window
        self._pending: list[asyncio.Future] = []
        self.sent = 0

    async def send(self, topic: str, value: bytes | None, key: bytes | None = None,
                   headers: list | None = None, timestamp_ms: int | None = None) -> None:
        await asyncio.sleep(self._pace.delay(self.sent))
        self._pending.append(await self._client.send(topic, value, key=key, headers=headers,
                                                     timestamp_ms=timestamp_ms))
        self.sent += 1
        if len(self._pending) >= self._window:
            await self.flush()

    async def flush(self) -> None:
        """Wait until the broker has acknowledged everything sent so far (raises on a failed send)."""
        pending, self._pending = self._pending, []
        await asyncio.gather(*pending)


@asynccontextmanager
async def sending(settings: Settings, rate: float | None = None, window: int = SEND_WINDOW):
    """A started Sender; on a clean exit every record is acknowledged before the producer stops."""
    client = producer(settings, linger_ms=5)
    await client.start()
    try:
        sender = Sender(client, rate, window)
        yield sender
        await sender.flush()
    finally:
        await client.stop()
