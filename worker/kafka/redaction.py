"""Keeps SASL material out of the logs.

At debug level aiokafka logs every request and response it exchanges, the SASL ones included: the
PLAIN password, or the whole SCRAM exchange (nonce, salt, iterations, proof), which is enough for
offline password guessing. This filter replaces those structures before any handler sees them.
"""

from __future__ import annotations

import logging

REDACTED = "<SASL exchange redacted>"
_LOGGERS = ("aiokafka.conn", "aiokafka")


class SaslRedaction(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and any(_is_sasl(arg) for arg in _args(record)):
            record.args = tuple(REDACTED if _is_sasl(arg) else arg for arg in _args(record))
        return True


def _args(record: logging.LogRecord) -> tuple:
    return record.args if isinstance(record.args, tuple) else (record.args,)


def _is_sasl(value: object) -> bool:
    return type(value).__name__.startswith("Sasl")


def install() -> None:
    """Idempotent: add the filter to aiokafka's loggers."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SaslRedaction) for f in logger.filters):
            logger.addFilter(SaslRedaction())
