"""Arguments several commands share: the Kafka bootstrap override and times."""

from __future__ import annotations

import argparse

from worker.kafka import ranges


def bootstrap_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-b", "--bootstrap-server", metavar="HOST:PORT[,...]",
                        help="Kafka bootstrap servers (overrides NEWSWORKER_KAFKA_BOOTSTRAP)")


def time_arg(text: str) -> int:
    """An argparse type: ISO 8601 or a relative time (30m, 2h, 1d) -> epoch milliseconds."""
    try:
        return ranges.parse_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
