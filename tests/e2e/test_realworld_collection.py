"""The official RealWorld API collection, run with newman against a freshly started server.

Once on SQLite, once on PostgreSQL and once on MariaDB; every assertion of the collection must
pass.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.databases import async_url, fresh_mariadb_database, fresh_postgres_database

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent
# The official collection (gothinkster/realworld, api/Conduit.postman_collection.json), vendored
# so that a clone runs it with nothing beside it.
COLLECTION = HERE / "Conduit.postman_collection.json"
NEWMAN = HERE / "node_modules" / ".bin" / "newman"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(database_url: str, log: Path) -> Iterator[str]:
    """``conduit serve`` in a subprocess (migrating first); yields the API base URL."""
    port = _free_port()
    env = os.environ | {
        "CONDUIT_DATABASE_URL": database_url,
        "CONDUIT_MIGRATE_ON_START": "true",
        "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "1024",
    }
    conduit = Path(sys.executable).with_name("conduit")
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 (our own entry point, fixed arguments)
            [str(conduit), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}/api"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/tags", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"server did not start:\n{log.read_text()}")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_collection(api_url: str, report: Path) -> dict[str, int]:
    stamp = uuid.uuid4().hex[:10]
    completed = subprocess.run(  # noqa: S603 (pinned newman from tests/e2e/package-lock.json)
        [
            str(NEWMAN),
            "run",
            str(COLLECTION),
            "--delay-request",
            "20",
            "--global-var",
            f"APIURL={api_url}",
            "--global-var",
            f"USERNAME=u{stamp}",
            "--global-var",
            f"EMAIL=u{stamp}@mail.com",
            "--global-var",
            "PASSWORD=password",
            "--reporters",
            "json",
            "--reporter-json-export",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert report.exists(), f"newman wrote no report:\n{completed.stdout}\n{completed.stderr}"
    stats = json.loads(report.read_text())["run"]["stats"]
    assert completed.returncode == 0 or stats["assertions"]["failed"] > 0, completed.stderr
    return {"total": stats["assertions"]["total"], "failed": stats["assertions"]["failed"]}


@pytest.fixture(scope="module", autouse=True)
def _newman_installed() -> None:
    if not NEWMAN.exists():
        pytest.fail("newman is missing: run 'npm ci --prefix tests/e2e' (make test does)")
    assert shutil.which("node"), "Node.js is needed for newman"


def test_the_official_collection_passes_on_sqlite(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"
    with running_server(database, tmp_path / "server.log") as api:
        assertions = run_collection(api, tmp_path / "newman.json")
    print(f"sqlite: {assertions}")
    assert assertions["total"] > 300
    assert assertions["failed"] == 0


def test_the_official_collection_passes_on_postgresql(postgres_server: str, tmp_path: Path) -> None:
    with (
        fresh_postgres_database(postgres_server) as url,
        running_server(async_url(url), tmp_path / "server.log") as api,
    ):
        assertions = run_collection(api, tmp_path / "newman.json")
    print(f"postgresql: {assertions}")
    assert assertions["total"] > 300
    assert assertions["failed"] == 0


def test_the_official_collection_passes_on_mariadb(tmp_path: Path) -> None:
    with (
        fresh_mariadb_database() as url,
        running_server(async_url(url), tmp_path / "server.log") as api,
    ):
        assertions = run_collection(api, tmp_path / "newman.json")
    print(f"mariadb: {assertions}")
    assert assertions["total"] > 300
    assert assertions["failed"] == 0
