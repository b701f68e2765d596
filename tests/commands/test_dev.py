"""`newsworker dev`: the embedded default shows the sample enriched quickly and stops cleanly."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.kafka import REPO

pytestmark = pytest.mark.integration

# Broker, topics, worker and the stage process's model: about 10 s on an idle 2-core machine; the
# bound is generous so a loaded CI machine does not fail it.
SHOW_WITHIN = 45


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


RUTTE_TITLE = "title:      Britain backs outgoing Dutch premier Mark Rutte for Nato secretary-general"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout
    return bool(stat.strip()) and not stat.strip().startswith("Z")


def test_dev_shows_the_sample_and_sigterm_stops_everything(tmp_path):
    log = tmp_path / "dev.log"
    started = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "worker", "dev"], cwd=REPO, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            # the samples go to several partitions, so the sample article need not be shown first
            while time.monotonic() - started < SHOW_WITHIN and RUTTE_TITLE not in log.read_text(errors="replace"):
                time.sleep(0.2)
            shown_after = time.monotonic() - started
            text = log.read_text(errors="replace")
            broker_pids = _children(process.pid)
            process.send_signal(signal.SIGTERM)
            process.wait(60)
        finally:
            if process.poll() is None:
                process.kill()
    assert RUTTE_TITLE in text, text
    assert "standfirst: The alliance is looking for a replacement" in text
    assert "metrics: http://127.0.0.1:" in text
    assert "\x1b[" not in text, "cursor escape codes in output that is not a terminal"
    assert shown_after < SHOW_WITHIN
    assert process.returncode == 0
    deadline = time.monotonic() + 5  # the stage process and its helper go with their parent
    while [pid for pid in broker_pids if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert broker_pids and not [pid for pid in broker_pids if _alive(pid)], "broker or stage process outlived dev"
