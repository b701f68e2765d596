import pytest

from worker.kafka.dev_broker import DevBroker


@pytest.fixture(scope="session")
def broker(tmp_path_factory):
    """The bundled Kafka-protocol broker, started once per test session on a free port."""
    log = tmp_path_factory.mktemp("broker") / "broker.log"
    with DevBroker(log_path=str(log)) as running:
        yield running
