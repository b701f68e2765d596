"""Delivery and credentials: the parts of the stream runtime that need no broker."""

import asyncio
import base64

import faust
import orjson
import pytest
from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError
from faust.exceptions import ProducerSendError

from worker.core import dead_letters, pipeline, schemas
from worker.core.messages import Origin, Stage
from worker.core.settings import Settings, from_env
from worker.stream.app import credentials
from worker.stream.publisher import Publisher


def test_no_credentials_for_plaintext():
    assert credentials(from_env({})) is None


def test_sasl_settings_become_faustcredentials():
    creds = credentials(from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                                   "NEWSWORKER_SASL_MECHANISM": "SCRAM-SHA-512",
                                   "NEWSWORKER_SASL_USERNAME": "alice", "NEWSWORKER_SASL_PASSWORD": "pw"}))
    assert isinstance(creds, faust.SASLCredentials)
    assert (creds.username, creds.password, creds.mechanism.value) == ("alice", "pw", "SCRAM-SHA-512")
    assert creds.protocol.value == "SASL_PLAINTEXT"


def test_tls_settings_become_an_ssl_context():
    creds = credentials(from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SSL"}))
    assert isinstance(creds, faust.SSLCredentials)
    assert creds.context is not None


class FakeBroker:
    """A send function that records what is sent per topic, refuses values over a size (as Faust
    reports it), and fails the first `flaky` sends as an unreachable broker would; it answers the
    ack to await, as Faust's send does."""

    def __init__(self, refuse_over: int | None = None, flaky: int = 0, lost_acks: int = 0):
        self.sent, self.refuse_over, self.flaky, self.lost_acks = {}, refuse_over, flaky, lost_acks

    async def send(self, topic, out):
        if self.refuse_over is not None and len(out.value) > self.refuse_over and not out.dead:
            try:
                raise MessageSizeTooLargeError("too large")
            except MessageSizeTooLargeError as exc:
                raise ProducerSendError(f"Error while sending: {exc!r}") from exc
        if self.flaky:
            self.flaky -= 1
            raise KafkaTimeoutError("no broker")
        self.sent.setdefault(topic, []).append((out.key, out.value))
        if self.lost_acks:
            self.lost_acks -= 1
            return _raise(KafkaTimeoutError("no acknowledgement"))
        return asyncio.sleep(0)  # the ack


async def _raise(exc):
    raise exc


SETTINGS = Settings()
T = SETTINGS.topics


def cleaned_batch():
    small = orjson.dumps({"id": "small", "url": "u1", "text": "Title\nStandfirst\nBody."})
    large = orjson.dumps({"id": "large", "url": "u2", "text": "Title\nStandfirst\n" + "word " * 400})
    batch = [(small, Origin(T.raw, 0, 1, key=b"small")), (large, Origin(T.raw, 0, 2, key=b"large"))]
    return batch, [pipeline.clean_message(value, origin, SETTINGS) for value, origin in batch]


def publish(broker: FakeBroker, batch, outputs, retries=None):
    def refused(i, exc):
        value, origin = batch[i]
        return dead_letters.publish_failed(value, origin, SETTINGS, exc, Stage.CLEAN)
    on_retry = retries.append if retries is not None else (lambda n: None)
    publisher = Publisher(broker.send, T.dlq, retry_delays=(0.01, 0.01), on_retry=on_retry)
    return asyncio.run(publisher.publish(outputs, T.cleaned, refused))


def test_an_output_the_broker_refuses_becomes_a_dead_letter_of_its_input():
    broker = FakeBroker(refuse_over=2000)
    batch, outputs = cleaned_batch()
    large = batch[1][0]
    published = publish(broker, batch, outputs)
    assert [key for key, _ in broker.sent[T.cleaned]] == [b"small"]
    [(key, value)] = broker.sent[T.dlq]
    record = orjson.loads(value)
    assert key == b"large" and published[1].dead and not published[0].dead
    assert record["error"]["reason"] == "publish_failed" and "MessageSizeTooLarge" in record["error"]["message"]
    assert base64.b64decode(record["original"]["value_b64"]) == large
    assert schemas.errors("dead-letter.v1", record) == []


def test_an_unreachable_broker_is_retried_not_dead_lettered():
    broker, retries = FakeBroker(flaky=3), []
    batch, outputs = cleaned_batch()
    publish(broker, batch, outputs, retries)
    assert sorted(key for key, _ in broker.sent[T.cleaned]) == [b"large", b"small"]
    assert T.dlq not in broker.sent
    assert retries == [2, 1]  # both sends failed, then one of them again


def test_delivery_that_keeps_failing_raises_so_the_batch_is_not_acked():
    broker = FakeBroker(flaky=100)
    batch, outputs = cleaned_batch()
    with pytest.raises(KafkaTimeoutError):
        publish(broker, batch, outputs)
    assert broker.sent == {}


def test_outputs_are_enqueued_in_batch_order_and_an_unacknowledged_one_is_sent_again():
    broker, retries = FakeBroker(lost_acks=1), []
    batch, outputs = cleaned_batch()
    published = publish(broker, batch, outputs, retries)
    assert [key for key, _ in broker.sent[T.cleaned]] == [b"small", b"large", b"small"]
    assert retries == [1] and not any(out.dead for out in published)
