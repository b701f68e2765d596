"""Pieces of the Faust wiring that need no broker."""

import faust

from worker.app import _credentials
from worker.settings import from_env


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
