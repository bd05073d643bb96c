"""``conduit serve`` in a real process, for what only a real server shows (signals, workers,
log output)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


@contextmanager
def serving(
    folder: Path, *arguments: str, env: dict[str, str] | None = None, **settings: str
) -> Iterator[Server]:
    """``conduit serve`` on a new SQLite database in ``folder``, with ``CONDUIT_<NAME>``
    for each of ``settings``; stdout and stderr go to ``folder/server.log``. Killed on the
    way out if the test did not stop it."""
    port = free_port()
    variables = (
        os.environ
        | (env or {})
        | {
            "CONDUIT_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'conduit.db'}",
            "CONDUIT_MIGRATE_ON_START": "true",
            "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "1024",
            "CONDUIT_LOG_FORMAT": "json",
        }
        | {f"CONDUIT_{name.upper()}": value for name, value in settings.items()}
    )
    conduit = Path(sys.executable).with_name("conduit")
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own entry point, fixed arguments)
            [str(conduit), "serve", "--port", str(port), *arguments],
            env=variables,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"server did not start:\n{server.log.read_text()}")
