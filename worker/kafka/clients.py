"""Kafka client factories: every producer, consumer and admin client is built here, with the
settings' bootstrap servers and security options."""

from __future__ import annotations

from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from worker.core.settings import MAX_REQUEST_BYTES, Settings


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
    return AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all",
                            max_request_size=MAX_REQUEST_BYTES, **security_options(settings), **options)


def consumer(settings: Settings) -> AIOKafkaConsumer:
    """A group-less consumer: positions are set by seek, nothing is committed."""
    return AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", fetch_max_wait_ms=100, fetch_max_bytes=MAX_REQUEST_BYTES,
        max_partition_fetch_bytes=MAX_REQUEST_BYTES, **security_options(settings))


@asynccontextmanager
async def admin(settings: Settings):
    client = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, **security_options(settings))
    await client.start()
    try:
        yield client
    finally:
        await client.close()
