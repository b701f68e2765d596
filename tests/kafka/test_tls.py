"""TLS on the client side, through a TLS-terminating proxy with a self-signed CA (the bundled broker
cannot serve TLS): the worker enriches through it with the hostname checked, and a wrong CA or a
plaintext client is one clear error naming the setting."""

import asyncio

import orjson
import pytest

from tests.kafka import WorkerProcess, produce, read, setup_topics, unique_settings
from tests.kafka.proxy import Proxy, make_ca_and_server_cert, tls_context
from worker.kafka.dev_broker import DevBroker, free_port
from worker.kafka.diagnose import connection_problem

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    good, other = make_ca_and_server_cert(folder, "good"), make_ca_and_server_cert(folder, "other")
    proxy_port = free_port()
    with DevBroker(advertised=f"localhost:{proxy_port}", log_path=str(folder / "broker.log")) as broker, \
            Proxy(proxy_port, broker.port, tls_context(good["cert"], good["key"])):
        settings = unique_settings(f"localhost:{proxy_port}", security_protocol="SSL", ssl_cafile=str(good["ca"]))
        yield settings, other["ca"], folder


def test_the_worker_enriches_through_tls(tls):
    settings, _, folder = tls
    setup_topics(settings)
    env = {"NEWSWORKER_SECURITY_PROTOCOL": "SSL", "NEWSWORKER_SSL_CAFILE": settings.ssl_cafile}
    article = orjson.dumps({"id": "tls-1", "url": "https://e.com/tls", "text": "Title\nStandfirst.\nNATO met."})
    with WorkerProcess(settings, folder / "worker.log", extra_env=env) as worker:
        worker.wait_ready()
        produce(settings, settings.topics.raw, [article])
        records = read(settings, settings.topics.enriched, until=lambda rs: len(rs) >= 1, timeout=60)
        worker.terminate()
    assert [r.key for r in records] == [b"tls-1"]


def test_a_wrong_ca_or_plaintext_is_one_clear_error(tls):
    settings, other_ca, _ = tls
    assert asyncio.run(connection_problem(settings)) is None
    wrong_ca = asyncio.run(connection_problem(settings.replace(ssl_cafile=str(other_ca))))
    assert wrong_ca.startswith("the TLS certificate of localhost:") and "NEWSWORKER_SSL_CAFILE" in wrong_ca
    plaintext = asyncio.run(connection_problem(settings.replace(security_protocol="PLAINTEXT",
                                                                kafka_bootstrap=f"127.0.0.1:{free_port()}")))
    assert "NEWSWORKER_KAFKA_BOOTSTRAP" in plaintext and "\n" not in plaintext


def test_a_command_with_a_wrong_ca_says_which_setting_to_change(tls):
    import os
    import subprocess
    import sys

    from tests.kafka import REPO

    settings, other_ca, _ = tls
    env = {**os.environ, "NEWSWORKER_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "NEWSWORKER_SECURITY_PROTOCOL": "SSL", "NEWSWORKER_SSL_CAFILE": str(other_ca)}
    result = subprocess.run([sys.executable, "-m", "worker", "topics"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 69
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("newsworker: the TLS certificate of localhost:") and "NEWSWORKER_SSL_CAFILE" in line
