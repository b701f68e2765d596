"""The worker's consumer lets the broker hold a fetch for `fetch_wait_ms`, not Faust's 1,500 ms."""

import asyncio

import pytest

from tests.kafka import unique_settings
from worker.stream.app import faust_app

pytestmark = pytest.mark.integration


def test_the_consumer_fetches_with_the_configured_wait(broker):
    async def fetch_wait() -> int:
        app = faust_app(unique_settings(broker.bootstrap, fetch_wait_ms=37))
        consumer = app.consumer._thread._create_worker_consumer(app.transport)
        await consumer.start()
        try:
            return consumer._fetcher._fetch_max_wait_ms
        finally:
            await consumer.stop()

    assert asyncio.run(fetch_wait()) == 37
