"""Why the broker cannot be reached, in the terms of the settings a user would change.

aiokafka reports a wrong CA, a TLS/plaintext mismatch or a closed port alike as "Unable to
bootstrap"; one direct connection attempt to the first bootstrap server tells them apart."""

from __future__ import annotations

import asyncio
import ssl

from worker.core.settings import Settings
from worker.kafka.clients import security_options


def _first_server(settings: Settings) -> tuple[str, int]:
    host, _, port = settings.kafka_bootstrap.split(",")[0].strip().rpartition(":")
    return host.strip("[]") or "localhost", int(port or 9092)


SASL_SETTINGS = "NEWSWORKER_SASL_MECHANISM, NEWSWORKER_SASL_USERNAME and NEWSWORKER_SASL_PASSWORD"


def sasl_problem(settings: Settings, error: str) -> str | None:
    """A failed SASL handshake or authentication, named as such (the secret itself never shown)."""
    if not settings.sasl_mechanism or not any(w in error for w in ("Sasl", "SASL", "Authentication")):
        return None
    where = "%s:%d" % _first_server(settings)
    return f"SASL {settings.sasl_mechanism} authentication with {where} failed ({error}): check {SASL_SETTINGS}"


async def connection_problem(settings: Settings, timeout: float = 5.0) -> str | None:
    """A one-line reason naming the setting to change, or None when a connection succeeds."""
    host, port = _first_server(settings)
    where = f"{host}:{port}"
    context = security_options(settings).get("ssl_context")
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=context, server_hostname=host if context else None), timeout)
    except ssl.SSLCertVerificationError as exc:
        return (f"the TLS certificate of {where} is not trusted ({exc.verify_message}): "
                "check NEWSWORKER_SSL_CAFILE")
    except ssl.SSLError as exc:
        return (f"TLS handshake with {where} failed ({exc.reason}): check NEWSWORKER_SECURITY_PROTOCOL "
                "(SSL needs a TLS listener) and NEWSWORKER_SSL_*")
    except (OSError, asyncio.TimeoutError) as exc:
        why = getattr(exc, "strerror", None) or type(exc).__name__
        return f"cannot reach the Kafka broker at {where}: {why} (NEWSWORKER_KAFKA_BOOTSTRAP or -b)"
    writer.close()
    return None
