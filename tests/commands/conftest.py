import pytest

from tests.kafka import env_of, setup_topics, unique_settings


@pytest.fixture
def cli_settings(broker, monkeypatch):
    """Fresh topics on the bundled broker, with the environment a command reads pointing at them."""
    found = unique_settings(broker.bootstrap)
    setup_topics(found)
    for name, value in env_of(found).items():
        monkeypatch.setenv(name, value)
    return found
