"""`newsworker COMMAND ...`: each command lives in its own module with configure() and main().

Errors are handled here and only here: one line on stderr naming the cause and what to change,
and an exit status a script can test (see EXIT_STATUS; docs/operations.md lists them).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
import traceback

from aiokafka.errors import KafkaError

from worker import __version__
from worker.commands import UsageError
from worker.core.settings import SettingsError
from worker.kafka import redaction
from worker.kafka.clients import BrokerUnreachable
from worker.kafka.diagnose import connection_problem, sasl_problem
from worker.kafka.ranges import RangeError

COMMANDS = {
    "run": ("worker.commands.run", "run the worker against NEWSWORKER_KAFKA_BOOTSTRAP"),
    "dev": ("worker.commands.dev", "start the bundled broker and the worker, feed the samples, show the results"),
    "enrich": ("worker.commands.enrich", "run the pipeline offline: JSON lines or .txt files in, JSON lines out"),
    "produce": ("worker.commands.produce", "send JSON lines or .txt files to the raw topic"),
    "topics": ("worker.commands.topics", "create or list the service's topics"),
    "replay": ("worker.commands.replay", "re-send a time or offset range of a topic for reprocessing"),
    "dlq": ("worker.commands.dlq", "list, show and redrive dead letters"),
    "eval": ("worker.commands.eval", "evaluate a stage on labelled data: cleaning, entities, topics, quotes"),
}

EXIT_USAGE = 1  # wrong arguments, settings or input files; with `enrich --strict`, dead letters
EXIT_UNAVAILABLE = 69  # the Kafka broker cannot be reached or refused a request
EXIT_INTERNAL = 70  # a bug: anything else (NEWSWORKER_TRACEBACK=1 prints the traceback)
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_BROKEN_PIPE = 141  # stdout closed early (`| head`), as for any Unix tool
KAFKA_SETTINGS = "NEWSWORKER_KAFKA_BOOTSTRAP or -b, NEWSWORKER_SECURITY_PROTOCOL, NEWSWORKER_SASL_*, NEWSWORKER_SSL_*"


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors reported like every other error."""

    def error(self, message: str):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line a user sees for an error, and the exit status."""
    if isinstance(exc, BrokerUnreachable):
        return _diagnosed(exc), EXIT_UNAVAILABLE
    if isinstance(exc, KafkaError):
        return f"the Kafka broker failed a request: {exc} ({KAFKA_SETTINGS})", EXIT_UNAVAILABLE
    if isinstance(exc, (UsageError, SettingsError, RangeError)):
        return str(exc), EXIT_USAGE
    if isinstance(exc, OSError) and exc.filename:
        return f"cannot read {exc.filename}: {exc.strerror}", EXIT_USAGE
    return f"internal error: {type(exc).__name__}: {exc} (NEWSWORKER_TRACEBACK=1 shows where)", EXIT_INTERNAL


def _diagnosed(exc: BrokerUnreachable) -> str:
    """A wrong CA or a TLS mismatch named as such, rather than as an unreachable broker."""
    from worker.core.settings import from_env

    settings = from_env()
    try:
        problem = asyncio.run(connection_problem(settings)) or sasl_problem(settings, exc.args[0])
    except Exception:  # the diagnosis is a courtesy; the original error still stands
        problem = None
    return problem or f"{exc.args[0]} (NEWSWORKER_KAFKA_BOOTSTRAP or -b)"


def _usage() -> str:
    lines = ["usage: newsworker COMMAND [ARGS]   (or --version)", "", "commands:"]
    lines += [f"  {name:<9} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "`newsworker COMMAND --help` describes a command's arguments."]
    return "\n".join(lines)


def _version() -> str:
    from worker.core.settings import from_env

    return f"newsworker {__version__} (pipeline {from_env().pipeline_version})"


def run(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(_usage())
        return 0
    if argv[:1] == ["--version"]:
        print(_version())
        return 0
    if not argv or argv[0] not in COMMANDS:
        given = f"unknown command {argv[0]!r}" if argv else "no command given"
        raise UsageError(f"{given}; one of: {', '.join(COMMANDS)} (see `newsworker --help`)")
    redaction.install()
    name = argv[0]
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = _Parser(prog=f"newsworker {name}", description=help_)
    module.configure(parser)
    args = parser.parse_args(argv[1:])
    if getattr(args, "bootstrap_server", None):
        os.environ["NEWSWORKER_KAFKA_BOOTSTRAP"] = args.bootstrap_server
    return module.main(args) or 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        message, status = describe(exc)
        print(f"newsworker: {message}", file=sys.stderr)
        if os.environ.get("NEWSWORKER_TRACEBACK"):
            traceback.print_exc()
        return status


if __name__ == "__main__":
    sys.exit(main())
