"""A Faust app whose consumer lets the broker hold a fetch for `fetch_wait_ms`, not Faust's fixed
1,500 ms.

Apache Kafka answers a waiting fetch as soon as data arrives, so there the wait costs nothing; a
broker that answers only when the wait expires (the bundled one answers at about half of it) adds
that much latency to every topic hop. A short wait costs a few idle fetches a second.
"""

from __future__ import annotations

import faust
from faust.transport.drivers import aiokafka as driver


class _ConsumerThread(driver.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport):
        consumer = super()._create_worker_consumer(transport)
        # Read by the consumer's fetcher when it starts; Faust offers no setting for it.
        consumer._fetch_max_wait_ms = self.app.fetch_wait_ms
        return consumer


class _Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class App(faust.App):
    def __init__(self, *args, fetch_wait_ms: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fetch_wait_ms = fetch_wait_ms

    def _new_transport(self):
        transport = super()._new_transport()
        transport.Consumer = _Consumer
        return transport
