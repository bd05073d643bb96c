"""SIGKILL in the middle of the work: a server in a write burst, and ``conduit import`` in a
bulk import. Nothing acknowledged is lost, nothing is left in part (PostgreSQL rolls back the
transactions of a connection that vanished), and the import, run again, completes the set
without creating anything twice."""

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.databases import async_url
from tests.factories import PASSWORD
from tests.integrity import partial_records, verify_writes
from tests.load import WriteLoad, an_author, by_status
from tests.processes import serving

pytestmark = pytest.mark.fault

ACKNOWLEDGED_BEFORE_KILL = 60
IMPORT_RECORDS = 600
IMPORT_BATCH = 25
DEADLINE_SECONDS = 60


def server_settings(database: str) -> dict[str, str]:
    return {
        "database_url": async_url(database),
        "migrate_on_start": "false",
        "db_pool_size": "3",
        "log_level": "WARNING",
    }


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def test_a_server_killed_in_a_write_burst_loses_nothing_acknowledged(
    fresh_database: str, tmp_path: Path
) -> None:
    with serving(tmp_path, **server_settings(fresh_database)) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            load = WriteLoad(
                client, await an_author(client), prefix="k", writers=6, pause_seconds=0
            )
            writing = asyncio.create_task(load.run())
            await until(
                lambda: sum(o.acknowledged for o in load.outcomes) >= ACKNOWLEDGED_BEFORE_KILL,
                "acknowledged writes",
            )
            server.process.kill()
            await asyncio.to_thread(server.process.wait)
            killed_at = time.monotonic()
            await asyncio.sleep(0.2)
            load.stop()
            await writing

    verified = verify_writes(fresh_database, load.outcomes)
    in_flight = [o for o in load.outcomes if o.status is None and o.started < killed_at]
    assert in_flight, "no request was in flight when the server was killed"
    (tmp_path / "again").mkdir()
    with serving(tmp_path / "again", **server_settings(fresh_database)) as again:
        async with httpx.AsyncClient(base_url=again.url, timeout=30) as client:
            assert (await client.get("/readyz")).status_code == 200
            assert (
                await WriteLoad(client, load.author, "after").write("user", "after")
            ).acknowledged
    print(
        f"\nSIGKILL in a write burst: {len(load.outcomes)} requests {by_status(load.outcomes)}, "
        f"{len(in_flight)} in flight at the kill; writes verified: {verified.acknowledged} "
        f"acknowledged present, {verified.failed_landed} unanswered yet committed (whole), "
        f"{verified.failed_absent} unanswered and absent"
    )


def write_records(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as lines:
        for number in range(IMPORT_RECORDS):
            record = {
                "id": f"post-{number}",
                "title": f"Imported {number}",
                "body": f"Body {number}",
                "tagList": ["imported", f"import-{number}"],
            }
            lines.write(json.dumps(record) + "\n")
    return path


def add_author(database: str) -> None:
    """jake, made through the CLI's use case (with his audit entry, as any user has)."""
    conduit = Path(sys.executable).with_name("conduit")
    subprocess.run(  # noqa: S603 (our own entry point, fixed arguments)
        [
            str(conduit),
            "create-admin",
            "jake",
            "--email",
            "jake@example.com",
            "--password",
            PASSWORD,
        ],
        env=os.environ
        | {"CONDUIT_DATABASE_URL": async_url(database), "CONDUIT_MIGRATE_ON_START": "false"},
        check=True,
        capture_output=True,
        timeout=DEADLINE_SECONDS,
    )


def imported(database: str) -> tuple[int, int]:
    """Imported articles, and distinct import keys among them."""
    engine = sa.create_engine(database, poolclass=NullPool)
    with engine.connect() as connection:
        rows, keys = connection.execute(
            sa.text("SELECT count(*), count(DISTINCT import_key) FROM articles")
        ).one()
    engine.dispose()
    return int(rows), int(keys)


def start_import(database: str, source: Path) -> subprocess.Popen[bytes]:
    conduit = Path(sys.executable).with_name("conduit")
    return subprocess.Popen(  # noqa: S603 (our own entry point, fixed arguments)
        [
            str(conduit),
            "import",
            str(source),
            "--author",
            "jake",
            "--batch-size",
            str(IMPORT_BATCH),
        ],
        env=os.environ
        | {"CONDUIT_DATABASE_URL": async_url(database), "CONDUIT_MIGRATE_ON_START": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def test_an_import_killed_midway_leaves_whole_batches_and_a_rerun_completes_the_set(
    fresh_database: str, tmp_path: Path
) -> None:
    add_author(fresh_database)
    source = write_records(tmp_path / "articles.jsonl")

    importing = start_import(fresh_database, source)
    deadline = time.monotonic() + DEADLINE_SECONDS
    while imported(fresh_database)[0] < 4 * IMPORT_BATCH:
        assert importing.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.05)
    importing.kill()
    importing.communicate(timeout=10)
    landed, _ = imported(fresh_database)

    assert 0 < landed < IMPORT_RECORDS, "the kill came too late to interrupt the import"
    assert landed % IMPORT_BATCH == 0, f"{landed} articles: a batch landed in part"
    assert not {name: n for name, n in partial_records(fresh_database).items() if n}

    rerun = start_import(fresh_database, source)
    out, _ = rerun.communicate(timeout=DEADLINE_SECONDS * 3)

    assert rerun.returncode == 0
    assert out.decode().strip() == (
        f"created {IMPORT_RECORDS - landed}, skipped {landed} (already imported), rejected 0"
    )
    assert imported(fresh_database) == (IMPORT_RECORDS, IMPORT_RECORDS)
    assert not {name: n for name, n in partial_records(fresh_database).items() if n}
    print(
        f"\nSIGKILL in an import: {landed} of {IMPORT_RECORDS} articles had landed "
        f"({landed // IMPORT_BATCH} whole batches); the rerun created the other "
        f"{IMPORT_RECORDS - landed}, no duplicate"
    )
