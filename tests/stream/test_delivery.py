"""At-least-once delivery: a SIGKILLed worker loses nothing; SIGTERM drains, commits and exits."""

import collections
import time

import orjson
import pytest

from tests.kafka import WorkerProcess, produce, read, setup_topics, unique_settings
from worker.kafka.dev_broker import free_port

pytestmark = pytest.mark.integration


def articles(n: int, prefix: str) -> list[bytes]:
    return [orjson.dumps({"id": f"{prefix}-{i}", "url": f"https://example.com/{prefix}/{i}", "source": "example.com",
                          "text": f"Story {i}\nA short standfirst.\nMinisters in London met NATO officials on {i}."})
            for i in range(n)]


def output_ids(settings) -> collections.Counter:
    """Article ids found on the enriched and dead-letter topics, with how often each appears."""
    bootstrap, t = settings.kafka_bootstrap, settings.topics
    enriched = read(bootstrap, t.enriched, timeout=2)
    dead = read(bootstrap, t.dlq, timeout=2)
    return collections.Counter([r.key.decode() for r in enriched] + [orjson.loads(r.value)["id"] for r in dead])


def tagged(worker) -> int:
    """Articles the worker has tagged so far, from its health endpoint (cheap to poll)."""
    return orjson.loads(worker.get("/healthz")[1])["processed"].get("tag.ok", 0)


def repeats(seen: collections.Counter) -> int:
    """Outputs beyond the first per article: what at-least-once delivery processed twice."""
    return sum(count - 1 for count in seen.values())


def wait_tagged(worker, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while tagged(worker) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def fed(broker, n: int, prefix: str):
    """Settings with fresh topics, and n articles already waiting on the raw topic; returns the
    settings and the ids expected at the output."""
    settings = unique_settings(broker.bootstrap)
    setup_topics(settings)
    produce(broker.bootstrap, settings.topics.raw, articles(n, prefix))
    return settings, {f"{prefix}-{i}" for i in range(n)}


def wait_for_outputs(settings, expected: set, timeout: float) -> collections.Counter:
    deadline = time.monotonic() + timeout
    while True:
        seen = output_ids(settings)
        if expected <= set(seen) or time.monotonic() > deadline:
            return seen


def test_sigkill_mid_stream_loses_nothing(broker, tmp_path, capsys):
    settings, expected = fed(broker, 2000, "k")

    with WorkerProcess(settings, tmp_path / "first.log") as first:
        first.wait_ready()
        wait_tagged(first, 300)
        first.kill()  # SIGKILL: no drain, no final commit
    done_before_kill = len(output_ids(settings))
    assert 0 < done_before_kill < 2000, "the kill must land mid-stream"

    with WorkerProcess(settings, tmp_path / "second.log") as second:
        second.wait_ready()
        seen = wait_for_outputs(settings, expected, timeout=240)
        second.terminate()

    lost = expected - set(seen)
    duplicates = repeats(seen)
    with capsys.disabled():
        print(f"\nkill test: 2000 in, {done_before_kill} done before SIGKILL, lost={len(lost)}, "
              f"duplicates={duplicates}")
    assert not lost, f"{len(lost)} articles lost, e.g. {sorted(lost)[:5]}"


def test_sigterm_drains_commits_and_exits_in_bounded_time(broker, tmp_path, capsys):
    settings, expected = fed(broker, 600, "t")

    with WorkerProcess(settings, tmp_path / "first.log") as first:
        first.wait_ready()
        wait_tagged(first, 100)
        exit_seconds = first.terminate(timeout=60)
        assert first.process.returncode == 0, f"see {first.log_path}"
    assert exit_seconds < settings.shutdown_timeout
    after_stop = output_ids(settings)

    # Everything the first worker committed must not come again: a restart only resumes the rest.
    with WorkerProcess(settings, tmp_path / "second.log") as second:
        second.wait_ready()
        seen = wait_for_outputs(settings, expected, timeout=120)
        second.terminate()
    assert set(seen) == expected
    duplicates = repeats(seen)
    with capsys.disabled():
        print(f"\nsigterm test: exited {exit_seconds:.1f}s after SIGTERM with {len(after_stop)} of 600 done, "
              f"duplicates after restart={duplicates}")
    assert duplicates == 0, f"{duplicates} re-processed after a clean stop (first worker did {len(after_stop)})"


def test_a_second_worker_joining_mid_stream_loses_nothing(broker, tmp_path, capsys):
    """A rebalance moves partitions (and their in-flight work) between workers."""
    settings, expected = fed(broker, 2000, "r")

    with WorkerProcess(settings, tmp_path / "first.log") as first:
        first.wait_ready()
        wait_tagged(first, 100)
        with WorkerProcess(settings.replace(web_port=free_port()), tmp_path / "second.log") as second:
            seen = wait_for_outputs(settings, expected, timeout=180)
            shares = tagged(first), tagged(second)
            second.terminate()
        first.terminate()

    lost = expected - set(seen)
    with capsys.disabled():
        print(f"\nrebalance test: 2000 in, tagged by first/second worker {shares}, lost={len(lost)}, "
              f"duplicates={repeats(seen)}")
    assert shares[1] > 0, "the second worker never got work"
    assert not lost, f"{len(lost)} articles lost, e.g. {sorted(lost)[:5]}"


def test_a_batch_that_cannot_finish_exits_before_it_or_a_later_batch_is_committed(broker, tmp_path, capsys):
    """Batches overlap: when one fails, the batch after it may have run its stages already; neither
    may be committed, so a restarted worker delivers both."""
    settings = unique_settings(broker.bootstrap, topic_partitions=1)
    setup_topics(settings)
    values = articles(40, "before") + articles(1, "break") + articles(40, "after")
    produce(broker.bootstrap, settings.topics.raw, values)
    expected = {orjson.loads(v)["id"] for v in values}
    env = {"NEWSWORKER_TEST_FAILED_ONCE": str(tmp_path / "failed"), "NEWSWORKER_BATCH_SIZE": "4"}

    with WorkerProcess(settings, tmp_path / "first.log", extra_env=env,
                       command=["tests/failing_stages_worker.py"]) as first:
        first.process.wait(timeout=120)
    assert first.process.returncode == 70, f"see {first.log_path}"
    assert "exiting before its offsets are committed" in (tmp_path / "first.log").read_text()
    done_before = set(output_ids(settings))
    assert "break-0" not in done_before

    with WorkerProcess(settings, tmp_path / "second.log") as second:
        second.wait_ready()
        seen = wait_for_outputs(settings, expected, timeout=120)
    lost = expected - set(seen)
    with capsys.disabled():
        print(f"\nfailed-batch test: {len(done_before)} of {len(expected)} out before the exit, lost={len(lost)}")
    assert not lost, f"{len(lost)} articles lost, e.g. {sorted(lost)[:5]}"
