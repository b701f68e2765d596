"""Kafka client factories: every producer, consumer and admin client is built here, with the
settings' bootstrap servers and security options."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaConnectionError

from worker.core.settings import MAX_REQUEST_BYTES, Settings


class BrokerUnreachable(KafkaConnectionError):
    """No server of the bootstrap list answered when a client started."""


class _HeldConnectErrors(logging.Filter):
    """Holds back aiokafka's log line per failed server while a client starts: a failed start is
    reported once, by BrokerUnreachable, with the last of them."""

    def __init__(self):
        super().__init__()
        self.last: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Unable connect to") and record.args:
            self.last = str(record.args[-1])
            return False
        return True


async def _start(start, bootstrap: str, close) -> None:
    """Start a client; when no broker answers, close it and raise BrokerUnreachable."""
    logger, held = logging.getLogger("aiokafka"), _HeldConnectErrors()
    logger.addFilter(held)
    try:
        await start()
    except KafkaConnectionError as exc:
        await close()
        raise BrokerUnreachable(f"cannot reach the Kafka broker at {bootstrap}: {held.last or exc}") from exc
    finally:
        logger.removeFilter(held)


class _Producer(AIOKafkaProducer):
    bootstrap = ""

    async def start(self):
        await _start(super().start, self.bootstrap, self.stop)


class _Consumer(AIOKafkaConsumer):
    bootstrap = ""

    async def start(self):
        await _start(super().start, self.bootstrap, self.stop)

    async def stop(self):
        # Stopped right after start (e.g. on a missing partition), aiokafka cancels a task that has
        # not run yet and stop() raises CancelledError instead of returning: let it run first.
        await asyncio.sleep(0)
        await super().stop()


def security_options(settings: Settings) -> dict:
    """Security options in aiokafka's keyword form (None values left out)."""
    options = {
        "security_protocol": settings.security_protocol,
        "sasl_mechanism": settings.sasl_mechanism,
        "sasl_plain_username": settings.sasl_username,
        "sasl_plain_password": settings.sasl_password,
    }
    if settings.security_protocol in {"SSL", "SASL_SSL"}:
        from aiokafka.helpers import create_ssl_context

        options["ssl_context"] = create_ssl_context(
            cafile=settings.ssl_cafile,
            certfile=settings.ssl_certfile,
            keyfile=settings.ssl_keyfile,
        )
    return {k: v for k, v in options.items() if v is not None}


def producer(settings: Settings, **options) -> AIOKafkaProducer:
    """A producer that waits for every in-sync replica (acks=all)."""
    client = _Producer(bootstrap_servers=settings.kafka_bootstrap, acks="all",
                       max_request_size=MAX_REQUEST_BYTES, **security_options(settings), **options)
    client.bootstrap = settings.kafka_bootstrap
    return client


def consumer(settings: Settings) -> AIOKafkaConsumer:
    """A group-less consumer: positions are set by seek, nothing is committed."""
    client = _Consumer(
        bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", fetch_max_wait_ms=100, fetch_max_bytes=MAX_REQUEST_BYTES,
        max_partition_fetch_bytes=MAX_REQUEST_BYTES, **security_options(settings))
    client.bootstrap = settings.kafka_bootstrap
    return client


@asynccontextmanager
async def admin(settings: Settings):
    client = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, **security_options(settings))
    await _start(client.start, settings.kafka_bootstrap, client.close)
    try:
        yield client
    finally:
        await client.close()
