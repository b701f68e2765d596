"""`newsworker COMMAND ...`: each command lives in its own module with configure() and main()."""

from __future__ import annotations

import argparse
import importlib
import sys

from worker.kafka import redaction

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


def _usage() -> str:
    lines = ["usage: newsworker COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<9} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "`newsworker COMMAND --help` describes a command's arguments."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(_usage(), file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    redaction.install()
    name = argv[0]
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"newsworker {name}", description=help_)
    module.configure(parser)
    args = parser.parse_args(argv[1:])
    return module.main(args) or 0


if __name__ == "__main__":
    sys.exit(main())
