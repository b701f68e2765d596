"""`newsworker produce`: send articles from files to the raw topic, keyed by article id."""

from __future__ import annotations

import argparse
import asyncio

from worker.commands._args import bootstrap_option
from worker.commands._inputs import read_inputs
from worker.core.ids import id_of_bytes
from worker.core.settings import Settings, from_env
from worker.kafka.sender import sending


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="JSON lines (raw-article.v1) or .txt files; '-' for stdin")
    parser.add_argument("--topic", help="target topic (default: the raw topic)")
    bootstrap_option(parser)


def key_of(value: bytes) -> bytes | None:
    found = id_of_bytes(value)
    return found.encode() if found else None


async def produce(settings: Settings, values, topic: str | None = None) -> int:
    """Send raw values (bytes) and wait until the broker has them all; returns the count."""
    async with sending(settings) as sender:
        for value in values:
            await sender.send(topic or settings.topics.raw, value, key=key_of(value))
    return sender.sent


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    inputs = read_inputs(args.files)  # checks the files before connecting
    sent = asyncio.run(produce(settings, (value for _, _, value in inputs), args.topic))
    print(f"sent {sent} messages to {args.topic or settings.topics.raw}")
    return 0
