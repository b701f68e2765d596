"""`newsworker produce`: send articles from files to the raw topic, keyed by article id."""

from __future__ import annotations

import argparse
import asyncio

from aiokafka import AIOKafkaProducer

from worker.ids import id_of_bytes
from worker.inputs import read_inputs
from worker.settings import Settings, from_env, kafka_client_options


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="JSON lines (raw-article.v1) or .txt files; '-' for stdin")
    parser.add_argument("--topic", help="target topic (default: the raw topic)")


def key_of(value: bytes) -> bytes | None:
    found = id_of_bytes(value)
    return found.encode() if found else None


def producer(settings: Settings, **options) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all",
                            max_request_size=64 * 1024 * 1024, **kafka_client_options(settings), **options)


async def produce(settings: Settings, values, topic: str | None = None) -> int:
    """Send raw values (bytes) and wait until the broker has them all; returns the count."""
    client = producer(settings, linger_ms=5)
    await client.start()
    try:
        pending = [await client.send(topic or settings.topics.raw, value, key=key_of(value)) for value in values]
        await asyncio.gather(*pending)
        return len(pending)
    finally:
        await client.stop()


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    values = [value for _, _, value in read_inputs(args.files)]
    sent = asyncio.run(produce(settings, values, args.topic))
    print(f"sent {sent} messages to {args.topic or settings.topics.raw}")
    return 0
