"""Real PostgreSQL servers in a temporary folder: a throwaway server, or a primary and a hot
standby (streaming replication).

The servers come from the machine's PostgreSQL binaries (``/usr/lib/postgresql/<version>/bin``,
newest first, with the standard contrib extensions such as ``citext``). ``initdb`` refuses to
run as root, so a root test run starts the servers as the ``postgres`` user
(``runuser -u postgres --``); any other user runs them directly. Each server listens on
127.0.0.1 on a free port of its own.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def postgres_binaries() -> Path:
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    if not installed:
        raise RuntimeError(
            "No PostgreSQL for the tests: set CONDUIT_TEST_POSTGRES_URL to a server, or install"
            " PostgreSQL (Debian: apt-get install postgresql) so a throwaway cluster can start."
        )
    return installed[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    data: Path
    port: int
    binaries: Path
    as_postgres: bool

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.binaries / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 (PostgreSQL's own tools, fixed arguments, no shell)

    def start(self) -> None:
        log = self.data.parent / f"{self.data.name}.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast`` rolls back the sessions and shuts down cleanly; ``immediate`` drops every
        connection at once, as a crash would (the next start recovers from the WAL)."""
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def configure(self, **options: str) -> None:
        lines = [f"{name} = '{value}'" for name, value in options.items()]
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            conf.write("\n".join(lines) + "\n")


@contextmanager
def _cluster_folder() -> Iterator[tuple[Path, Path, bool]]:
    """A temporary folder for servers, owned by ``postgres`` when running as root."""
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="conduit-postgres-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    try:
        yield folder, postgres_binaries(), as_postgres
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _initialise(server: Server, folder: Path) -> None:
    server.run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust")
    server.configure(
        port=str(server.port), listen_addresses="127.0.0.1", unix_socket_directories=str(folder)
    )


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """A started server of its own, stopped and removed after (a test may stop and start it
    meanwhile)."""
    with _cluster_folder() as (folder, binaries, as_postgres):
        server = Server(folder / "server", free_port(), binaries, as_postgres)
        _initialise(server, folder)
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
                server.stop()


@contextmanager
def primary_and_standby() -> Iterator[tuple[Server, Server]]:
    """A started primary and a hot standby streaming from it; both stopped and removed after."""
    with _cluster_folder() as (folder, binaries, as_postgres):
        primary = Server(folder / "primary", free_port(), binaries, as_postgres)
        standby = Server(folder / "standby", free_port(), binaries, as_postgres)
        started: list[Server] = []
        try:
            _initialise(primary, folder)
            primary.start()
            started.append(primary)
            primary.run(
                "pg_basebackup",
                *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
                *("-D", str(standby.data), "--write-recovery-conf", "--wal-method=stream"),
            )
            standby.configure(port=str(standby.port), hot_standby="on")
            standby.start()
            started.append(standby)
            yield primary, standby
        finally:
            for server in reversed(started):
                with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
                    server.stop()
