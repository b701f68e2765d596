"""`newsworker run`: the worker, against the Kafka cluster in the settings."""

from __future__ import annotations

import argparse
import asyncio

from worker.commands._args import bootstrap_option
from worker.core.settings import from_env
from worker.kafka.admin import create_topics
from worker.stream.worker import run_worker


def configure(parser: argparse.ArgumentParser) -> None:
    bootstrap_option(parser)
    parser.add_argument("--no-create-topics", action="store_true",
                        help="do not create missing topics at start (when the cluster forbids it)")


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    if not args.no_create_topics:
        asyncio.run(create_topics(settings))
    run_worker(settings)
    return 0
