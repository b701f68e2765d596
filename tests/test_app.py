"""Pieces of the Faust wiring that need no broker."""

import asyncio
import base64

import faust
import orjson

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


def test_tls_settings_become_an_ssl_context(tmp_path):
    creds = _credentials(from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SSL"}))
    assert isinstance(creds, faust.SSLCredentials)
    assert creds.context is not None


class FakeTopic:
    """Stands in for a Faust topic: records what is sent, refuses values over a size."""

    def __init__(self, refuse_over: int | None = None):
        self.sent, self.refuse_over = [], refuse_over

    async def send(self, key, value, headers=None):
        if self.refuse_over is not None and len(value) > self.refuse_over:
            raise RuntimeError("MessageSizeTooLarge")
        self.sent.append((key, value))
        future = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future


def test_an_output_the_broker_refuses_becomes_a_dead_letter_of_its_input():
    settings = Settings()
    wiring = Wiring(settings, tagger=tagging.Tagger.__new__(tagging.Tagger))
    t = settings.topics
    wiring.outputs = {t.cleaned: FakeTopic(refuse_over=2000), t.enriched: FakeTopic(), t.dlq: FakeTopic()}
    small = orjson.dumps({"id": "small", "url": "u1", "text": "Title\nStandfirst\nBody."})
    large = orjson.dumps({"id": "large", "url": "u2", "text": "Title\nStandfirst\n" + "word " * 400})
    batch = [(small, Origin(t.raw, 0, 1, key=b"small")), (large, Origin(t.raw, 0, 2, key=b"large"))]
    outputs = [pipeline.clean_message(value, origin, settings) for value, origin in batch]
    published = asyncio.run(wiring._publish(outputs, batch, "clean", t.cleaned))
    assert [key for key, _ in wiring.outputs[t.cleaned].sent] == [b"small"]
    [(key, value)] = wiring.outputs[t.dlq].sent
    record = orjson.loads(value)
    assert key == b"large" and published[1].dead
    assert record["error"]["reason"] == "publish_failed" and "MessageSizeTooLarge" in record["error"]["message"]
    assert base64.b64decode(record["original"]["value_b64"]) == large
    assert schemas.errors("dead-letter.v1", record) == []
