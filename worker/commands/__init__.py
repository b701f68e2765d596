"""One module per CLI command, each with configure(parser) and main(args)."""


class UsageError(Exception):
    """Wrong arguments or unreadable input: the CLI prints the message and exits with status 1."""
