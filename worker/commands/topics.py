"""`newsworker topics [create|list]`: create the service's topics or list them with their configs."""

from __future__ import annotations

import asyncio

from worker.commands._args import bootstrap_option
from worker.core.settings import from_env
from worker.kafka.admin import create_topics, describe_topics


def configure(parser) -> None:
    bootstrap_option(parser)
    parser.add_argument("action", choices=["create", "list"], nargs="?", default="list")
    parser.add_argument("--partitions", type=int, help="partitions of newly created topics")


def main(args) -> int:
    settings = from_env()
    if args.action == "create":
        created = asyncio.run(create_topics(settings, args.partitions))
        print("created: " + (", ".join(created) or "nothing (all exist)"))
    for topic in asyncio.run(describe_topics(settings)):
        configs = ", ".join(f"{k}={v}" for k, v in sorted(topic["configs"].items()))
        print(f"{topic['name']:<24} partitions={topic['partitions']:<3} {configs}")
    return 0
