"""Whether the broker answers: a metadata request every few seconds, for /readyz.

The consumer keeps its last assignment when the network goes away, so partition progress alone
would keep a cut-off worker "ready"; this asks the broker itself."""

from __future__ import annotations

import asyncio
import logging
import time

from aiokafka.client import AIOKafkaClient

from worker.core.settings import Settings
from worker.kafka.clients import security_options

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 2.0


class BrokerWatch:
    def __init__(self, settings: Settings, clock=time.monotonic):
        self.settings, self._clock = settings, clock
        self.answered_at: float | None = None
        self.problem = "no answer from the broker yet"

    async def watch(self) -> None:
        """Probe forever (an app task)."""
        client = AIOKafkaClient(bootstrap_servers=self.settings.kafka_bootstrap, request_timeout_ms=5000,
                                **security_options(self.settings))
        try:
            while True:
                await self.probe(client)
                await asyncio.sleep(INTERVAL_SECONDS)
        finally:
            await client.close()

    async def probe(self, client: AIOKafkaClient) -> None:
        try:
            if client.cluster.brokers():
                await asyncio.wait_for(client.fetch_all_metadata(), 5)
            else:
                await asyncio.wait_for(client.bootstrap(), 5)
            self.answered_at = self._clock()
        except Exception as exc:  # any failure means: not answering now
            self.problem = f"broker {self.settings.kafka_bootstrap} not answering: {type(exc).__name__}"
            log.debug("broker probe failed: %r", exc)

    def readiness(self) -> tuple[bool, str]:
        limit = self.settings.broker_timeout
        if self.answered_at is not None and self._clock() - self.answered_at <= limit:
            return True, "broker answering"
        return False, f"{self.problem} (for over {limit:g}s: NEWSWORKER_BROKER_TIMEOUT)"
