"""No secret or SASL material in logs (at debug level), errors, /healthz or /metrics.

The bundled broker has no SASL users, so a SCRAM handshake against it fails after the mechanism
exchange: that is as far as authentication can be exercised here."""

import os
import subprocess
import sys
import time

import pytest

from tests.kafka import REPO, WorkerProcess, setup_topics, unique_settings

pytestmark = pytest.mark.integration

PASSWORD = "hunter2-very-secret"
SASL = {"NEWSWORKER_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSWORKER_SASL_MECHANISM": "SCRAM-SHA-256",
        "NEWSWORKER_SASL_USERNAME": "alice", "NEWSWORKER_SASL_PASSWORD": PASSWORD, "NEWSWORKER_LOG_LEVEL": "debug"}


def test_a_failed_sasl_handshake_is_one_line_naming_the_settings_and_no_secret(broker):
    env = {**os.environ, **SASL, "NEWSWORKER_KAFKA_BOOTSTRAP": broker.bootstrap}
    result = subprocess.run([sys.executable, "-m", "worker", "topics"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 69
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("newsworker: SASL SCRAM-SHA-256 authentication with 127.0.0.1:")
    assert "NEWSWORKER_SASL_PASSWORD" in line and PASSWORD not in result.stdout + result.stderr


def test_the_worker_logs_no_sasl_exchange_at_debug_level(broker, tmp_path):
    settings = unique_settings(broker.bootstrap)
    setup_topics(settings)
    with WorkerProcess(settings, tmp_path / "sasl.log", extra_env=SASL) as worker:
        worker.process.wait(60)  # it cannot authenticate, so it stops
    log = (tmp_path / "sasl.log").read_text()
    assert "Sasl" in log or "SASL" in log  # the handshake did happen
    assert "<SASL exchange redacted>" in log
    for secret in (PASSWORD, "SaslAuthenticate", "SaslHandShake", "nonce", "salt"):
        assert secret not in log


def test_a_password_never_shows_in_health_metrics_or_logs(broker, tmp_path):
    settings = unique_settings(broker.bootstrap)
    setup_topics(settings)
    env = {"NEWSWORKER_SASL_USERNAME": "alice", "NEWSWORKER_SASL_PASSWORD": PASSWORD,
           "NEWSWORKER_LOG_LEVEL": "debug"}  # set, though this broker needs none
    with WorkerProcess(settings, tmp_path / "worker.log", extra_env=env) as worker:
        worker.wait_ready()
        pages = b"".join(worker.get(path)[1] for path in ("/healthz", "/readyz", "/metrics"))
        time.sleep(1)
        worker.terminate()
    assert b"newsworker_" in pages
    assert PASSWORD.encode() not in pages
    assert PASSWORD not in (tmp_path / "worker.log").read_text()
