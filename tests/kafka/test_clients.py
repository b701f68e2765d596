from worker.core.settings import from_env
from worker.kafka.clients import security_options


def test_sasl_options_pass_through_to_aiokafka():
    s = from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSWORKER_SASL_MECHANISM": "SCRAM-SHA-512",
                  "NEWSWORKER_SASL_USERNAME": "u", "NEWSWORKER_SASL_PASSWORD": "p"})
    assert security_options(s) == {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
                                       "sasl_plain_username": "u", "sasl_plain_password": "p"}
