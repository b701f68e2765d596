"""Pieces of the Faust wiring that need no broker."""

import asyncio
import base64

import faust
import orjson
import pytest
from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError
from faust.exceptions import ProducerSendError

from worker import pipeline, schemas, tagging
from worker.app import Wiring, _credentials
from worker.messages import Origin
from worker.settings import Settings, from_env


def test_no_credentials_for_plaintext():
    assert _credentials(from_env({})) is None


def test_sasl_settings_become_faust_credentials():
    creds = _credentials(from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                                   "NEWSWORKER_SASL_MECHANISM": "SCRAM-SHA-512",
                                   "NEWSWORKER_SASL_USERNAME": "alice", "NEWSWORKER_SASL_PASSWORD": "pw"}))
    assert isinstance(creds, faust.SASLCredentials)
    assert (creds.username, creds.password, creds.mechanism.value) == ("alice", "pw", "SCRAM-SHA-512")
    assert creds.protocol.value == "SASL_PLAINTEXT"


def test_tls_settings_become_an_ssl_context():
    creds = _credentials(from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SSL"}))
    assert isinstance(creds, faust.SSLCredentials)
    assert creds.context is not None


class FakeTopic:
    """Stands in for a Faust topic: records what is sent, refuses values over a size (as Faust
    reports it), fails the first `flaky` sends as an unreachable broker would."""

    def __init__(self, refuse_over: int | None = None, flaky: int = 0):
        self.sent, self.refuse_over, self.flaky = [], refuse_over, flaky

    async def send(self, key, value, headers=None):
        if self.refuse_over is not None and len(value) > self.refuse_over:
            try:
                raise MessageSizeTooLargeError("too large")
            except MessageSizeTooLargeError as exc:
                raise ProducerSendError(f"Error while sending: {exc!r}") from exc
        if self.flaky:
            self.flaky -= 1
            raise KafkaTimeoutError("no broker")
        self.sent.append((key, value))
        future = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future


SETTINGS = Settings()
T = SETTINGS.topics


def wiring_with(cleaned: FakeTopic, dlq: FakeTopic) -> Wiring:
    wiring = Wiring(SETTINGS, tagger=tagging.Tagger.__new__(tagging.Tagger))
    wiring.outputs = {T.cleaned: cleaned, T.enriched: FakeTopic(), T.dlq: dlq}
    wiring.retry_delays = (0.01, 0.01)
    return wiring


def cleaned_batch():
    small = orjson.dumps({"id": "small", "url": "u1", "text": "Title\nStandfirst\nBody."})
    large = orjson.dumps({"id": "large", "url": "u2", "text": "Title\nStandfirst\n" + "word " * 400})
    batch = [(small, Origin(T.raw, 0, 1, key=b"small")), (large, Origin(T.raw, 0, 2, key=b"large"))]
    return batch, [pipeline.clean_message(value, origin, SETTINGS) for value, origin in batch]


def test_an_output_the_broker_refuses_becomes_a_dead_letter_of_its_input():
    wiring = wiring_with(cleaned=FakeTopic(refuse_over=2000), dlq=FakeTopic())
    batch, outputs = cleaned_batch()
    large = batch[1][0]
    published = asyncio.run(wiring._publish(outputs, batch, "clean", T.cleaned))
    assert [key for key, _ in wiring.outputs[T.cleaned].sent] == [b"small"]
    [(key, value)] = wiring.outputs[T.dlq].sent
    record = orjson.loads(value)
    assert key == b"large" and published[1].dead
    assert record["error"]["reason"] == "publish_failed" and "MessageSizeTooLarge" in record["error"]["message"]
    assert base64.b64decode(record["original"]["value_b64"]) == large
    assert schemas.errors("dead-letter.v1", record) == []


def test_an_unreachable_broker_is_retried_not_dead_lettered():
    wiring = wiring_with(cleaned=FakeTopic(flaky=3), dlq=FakeTopic())
    batch, outputs = cleaned_batch()
    asyncio.run(wiring._publish(outputs, batch, "clean", T.cleaned))
    assert sorted(key for key, _ in wiring.outputs[T.cleaned].sent) == [b"large", b"small"]
    assert wiring.outputs[T.dlq].sent == []


def test_delivery_that_keeps_failing_raises_so_the_batch_is_not_acked():
    wiring = wiring_with(cleaned=FakeTopic(flaky=100), dlq=FakeTopic())
    batch, outputs = cleaned_batch()
    with pytest.raises(KafkaTimeoutError):
        asyncio.run(wiring._publish(outputs, batch, "clean", T.cleaned))
    assert wiring.outputs[T.dlq].sent == []
