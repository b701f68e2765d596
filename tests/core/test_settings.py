import pytest

from worker.core.settings import SettingsError, from_env


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


def test_a_value_of_the_wrong_kind_names_its_variable():
    with pytest.raises(SettingsError, match="NEWSWORKER_BATCH_SIZE='abc' is not an integer"):
        from_env({"NEWSWORKER_BATCH_SIZE": "abc"})


@pytest.mark.parametrize("raw, expected", [(None, None), ("auto", None), ("0", 0), ("3", 3)])
def test_stage_processes_are_a_count_or_auto(raw, expected):
    env = {} if raw is None else {"NEWSWORKER_STAGE_PROCESSES": raw}
    assert from_env(env).stage_processes == expected


def test_stage_processes_of_the_wrong_kind_name_their_variable():
    with pytest.raises(SettingsError, match="NEWSWORKER_STAGE_PROCESSES='two' is not an integer"):
        from_env({"NEWSWORKER_STAGE_PROCESSES": "two"})


def test_the_pipeline_version_names_the_model_and_the_stage_files():
    settings = from_env({})
    assert settings.pipeline_version.startswith(f"0.1.0+{settings.spacy_model}-")
    assert ".stages-" in settings.pipeline_version


def test_the_topology_decides_the_topics_the_worker_reads():
    one, two = from_env({}), from_env({"NEWSWORKER_TOPOLOGY": "two-agents"})
    assert one.source_topics == ("articles.raw", "articles.replay")
    assert two.source_topics == ("articles.raw", "articles.replay", "articles.cleaned")
    with pytest.raises(SettingsError, match="NEWSWORKER_TOPOLOGY='three' is not"):
        from_env({"NEWSWORKER_TOPOLOGY": "three"})
