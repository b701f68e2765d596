from worker.settings import from_env, kafka_client_options


def test_defaults():
    s = from_env({})
    assert s.kafka_bootstrap == "localhost:9092"
    assert s.topics.raw == "articles.raw" and s.topics.dlq == "articles.dlq"
    assert s.max_message_bytes == 2 * 1024 * 1024


def test_environment_overrides_fields_and_topics():
    s = from_env({
        "NEWSWORKER_KAFKA_BOOTSTRAP": "kafka:9092",
        "NEWSWORKER_MAX_MESSAGE_BYTES": "1000",
        "NEWSWORKER_SESSION_TIMEOUT": "7.5",
        "NEWSWORKER_TOPIC_PREFIX": "prod.",
        "NEWSWORKER_TOPIC_ENRICHED": "articles.enriched.v2",
    })
    assert (s.kafka_bootstrap, s.max_message_bytes, s.session_timeout) == ("kafka:9092", 1000, 7.5)
    assert s.topics.raw == "prod.articles.raw"
    assert s.topics.enriched == "prod.articles.enriched.v2"


def test_sasl_options_pass_through_to_aiokafka():
    s = from_env({"NEWSWORKER_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSWORKER_SASL_MECHANISM": "SCRAM-SHA-512",
                  "NEWSWORKER_SASL_USERNAME": "u", "NEWSWORKER_SASL_PASSWORD": "p"})
    assert kafka_client_options(s) == {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
                                       "sasl_plain_username": "u", "sasl_plain_password": "p"}
