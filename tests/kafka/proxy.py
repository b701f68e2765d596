"""A TCP proxy in front of the bundled broker: TLS-terminating (the broker cannot serve TLS itself,
so the clients' TLS settings are tested through it, with a self-signed CA made by openssl), and able
to blackhole the traffic or reset every connection, for the fault suite."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
from pathlib import Path


def make_ca_and_server_cert(folder: Path, name: str = "test") -> dict[str, Path]:
    """A CA and a server certificate for localhost / 127.0.0.1 signed by it."""
    ca_key, ca, key, csr, cert = (folder / f"{name}-{p}" for p in ("ca.key", "ca.pem", "server.key",
                                                                     "server.csr", "server.pem"))
    ext = folder / f"{name}-san.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca), "-days", "2",
        "-subj", f"/CN={name} test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", "/CN=localhost")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(cert), "-days", "2", "-extfile", str(ext))
    return {"ca": ca, "cert": cert, "key": key}


class Proxy:
    """Accepts on `port` (TLS when given a context) and forwards to the broker, in a thread of its own.
    `blackhole()` holds every byte until `restore()`; `reset()` closes every open connection."""

    def __init__(self, port: int, upstream_port: int, context: ssl.SSLContext | None = None):
        self.port, self.upstream_port, self.context = port, upstream_port, context
        self.flowing = threading.Event()
        self.flowing.set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", self.port, ssl=self.context))
        self._started.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _serve(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)
        self._writers -= {writer, up_writer}

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                while not self.flowing.is_set():
                    await asyncio.sleep(0.05)
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    def blackhole(self) -> None:
        self.flowing.clear()

    def restore(self) -> None:
        self.flowing.set()

    def reset(self) -> None:
        def close_all():
            for writer in list(self._writers):
                writer.transport.abort()
        self._loop.call_soon_threadsafe(close_all)

    def __enter__(self) -> "Proxy":
        self._thread.start()
        self._started.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
