import logging

from aiokafka.protocol.admin import SaslAuthenticateRequest_v1

from worker.kafka import redaction

SECRET = b"\x00alice\x00correct horse battery staple"


def log_sasl_request(logger_name: str = "aiokafka.conn") -> None:
    logging.getLogger(logger_name).debug("Request to %s:%d %d: %s", "broker", 9092, 7,
                                         SaslAuthenticateRequest_v1(SECRET))


def test_the_sasl_exchange_is_redacted_at_debug_level(caplog):
    caplog.set_level(logging.DEBUG)
    log_sasl_request("aiokafka.unfiltered")  # the control: unfiltered, the password is logged
    assert "correct horse" in caplog.text
    caplog.clear()
    redaction.install()
    redaction.install()
    log_sasl_request()
    assert "correct horse" not in caplog.text and redaction.REDACTED in caplog.text
    assert "Request to broker:9092 7" in caplog.text
    assert len(logging.getLogger("aiokafka.conn").filters) == 1
