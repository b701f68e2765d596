"""Delivery: send a batch's outputs, wait for every acknowledgement, retry what failed.

The Publisher knows nothing of Faust: it takes a send function (topic, output -> enqueued, answers
the awaitable ack), so tests drive it with a fake one. Outputs are enqueued one after another, so
the broker stores them in the order of the batch, and their acks are awaited together.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Sequence

from aiokafka.errors import MessageSizeTooLargeError

from worker.core.messages import Output

log = logging.getLogger(__name__)

Send = Callable[[str, Output], Awaitable[Awaitable[object]]]  # enqueue; answers the ack to await
Refused = Callable[[int, Exception], Output]  # index of a refused output -> its replacement dead letter

RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30)  # seconds between delivery attempts of a batch


def too_large(exc: BaseException | None) -> bool:
    while exc is not None:  # Faust wraps the client's error
        if isinstance(exc, MessageSizeTooLargeError):
            return True
        exc = exc.__cause__
    return False


class Publisher:
    def __init__(self, send: Send, dlq_topic: str, retry_delays: Sequence[float] = RETRY_DELAYS,
                 on_retry: Callable[[int], None] = lambda n: None):
        self._send, self._dlq, self._delays, self._on_retry = send, dlq_topic, retry_delays, on_retry

    async def publish(self, outputs: list[Output], topic: str, refused: Refused) -> list[Output]:
        """Send every output (dead letters to the dead-letter topic) and wait for its ack. An output
        the broker refuses for its size is replaced by `refused(i, exc)`; other failures are retried
        with backoff and raise when the broker stays unreachable. Returns what was delivered."""
        outputs = list(outputs)
        failed = await self._send_all(outputs, range(len(outputs)), topic)
        for i, exc in list(failed.items()):
            if too_large(exc) and not outputs[i].dead:
                log.error("%s output %r refused by the broker: %r", outputs[i].stage, outputs[i].key, exc)
                outputs[i] = refused(i, exc)
        for delay in self._delays:
            if not failed:
                return outputs
            log.warning("%d outputs not delivered (%r); retrying in %gs", len(failed), next(iter(failed.values())), delay)
            self._on_retry(len(failed))
            await asyncio.sleep(delay)
            failed = await self._send_all(outputs, failed, topic)
        if failed:
            raise next(iter(failed.values()))
        return outputs

    async def _send_all(self, outputs: list[Output], indices, topic: str) -> dict[int, Exception]:
        indices, acks = list(indices), []
        for i in indices:
            try:
                acks.append(await self._send(self._dlq if outputs[i].dead else topic, outputs[i]))
            except Exception as exc:
                acks.append(_raise(exc))
        results = await asyncio.gather(*acks, return_exceptions=True)
        return {i: r for i, r in zip(indices, results) if isinstance(r, Exception)}


async def _raise(exc: Exception):
    raise exc
