"""Read routing over real SQLite files standing for a primary and its replicas.

Each database answers ``SELECT name FROM whoami`` with its own name, so a read shows where
it went. Replication itself is tested on a real PostgreSQL standby in tests/integration.
"""

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from infrastructure.persistence.sqlmodel.reads import SqlAlchemyReads
from infrastructure.persistence.sqlmodel.replicas import Replica, ReplicaRouter
from infrastructure.read_your_writes import record_write, request_scope

WHOAMI = sa.text("SELECT name FROM whoami")

Databases = Callable[..., ReplicaRouter]


def a_database(path: Path, name: str) -> AsyncEngine:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE whoami (name TEXT)")
        connection.execute("INSERT INTO whoami VALUES (?)", (name,))
    return an_engine(path)


def an_engine(path: Path) -> AsyncEngine:
    # mode=rw: a missing file is an unreachable database, not a new empty one.
    return create_async_engine(f"sqlite+aiosqlite:///file:{path}?mode=rw&uri=true")


def reads(engine: AsyncEngine) -> SqlAlchemyReads:
    return SqlAlchemyReads(connect=engine.connect, dialect="sqlite")


def a_replica(engine: AsyncEngine, name: str) -> Replica:
    return Replica(name, reads(engine), engine)


@pytest.fixture
async def engines() -> AsyncIterator[list[AsyncEngine]]:
    made: list[AsyncEngine] = []
    yield made
    for engine in made:
        await engine.dispose()


@pytest.fixture
def router(tmp_path: Path, engines: list[AsyncEngine]) -> Databases:
    def build(
        *replicas: str,
        unreachable: tuple[str, ...] = (),
        check_seconds: float = 1.0,
        max_lag_seconds: float | None = None,
    ) -> ReplicaRouter:
        primary = a_database(tmp_path / "primary.db", "primary")
        replica_engines = [a_database(tmp_path / f"{name}.db", name) for name in replicas]
        replica_engines += [an_engine(tmp_path / "gone" / f"{name}.db") for name in unreachable]
        engines.extend([primary, *replica_engines])
        names = [*replicas, *unreachable]
        members = [a_replica(e, n) for e, n in zip(replica_engines, names, strict=True)]
        return ReplicaRouter(reads(primary), members, check_seconds, max_lag_seconds)

    return build


async def served_by(router: ReplicaRouter) -> str:
    [row] = await router.fetch(WHOAMI, {})
    return str(row["name"])


async def test_reads_take_the_healthy_replicas_in_turn(router: Databases) -> None:
    replicas = router("replica-1", "replica-2")

    served = [await served_by(replicas) for _ in range(4)]

    assert served == ["replica-1", "replica-2", "replica-1", "replica-2"]


async def test_without_replicas_every_read_goes_to_the_primary(router: Databases) -> None:
    replicas = router()

    assert replicas.replicas == ()
    assert await served_by(replicas) == "primary"


async def test_after_a_write_the_rest_of_the_request_reads_from_the_primary(
    router: Databases,
) -> None:
    replicas = router("replica-1")

    with request_scope():
        before = await served_by(replicas)
        record_write()
        after = [await served_by(replicas), await served_by(replicas)]
    with request_scope():
        next_request = await served_by(replicas)

    assert (before, after, next_request) == ("replica-1", ["primary", "primary"], "replica-1")


async def test_a_write_outside_any_request_pins_nothing(router: Databases) -> None:
    replicas = router("replica-1")

    record_write()

    assert await served_by(replicas) == "replica-1"


async def test_an_unreachable_replica_is_skipped_at_once_and_the_read_served_by_the_primary(
    router: Databases,
) -> None:
    replicas = router(unreachable=("replica-1",))

    first, second = await served_by(replicas), await served_by(replicas)

    assert (first, second) == ("primary", "primary")
    assert replicas.healthy == ()


async def test_the_health_check_drops_a_replica_that_went_away_and_takes_it_back_on_return(
    router: Databases, tmp_path: Path
) -> None:
    replicas = router("replica-1", "replica-2")
    (tmp_path / "replica-2.db").rename(tmp_path / "replica-2.away")

    await replicas.check()
    while_away = {await served_by(replicas) for _ in range(3)}
    (tmp_path / "replica-2.away").rename(tmp_path / "replica-2.db")
    await replicas.check()
    after_return = {await served_by(replicas) for _ in range(2)}

    assert while_away == {"replica-1"}
    assert after_return == {"replica-1", "replica-2"}


async def test_with_every_replica_down_reads_fall_back_to_the_primary_until_one_returns(
    router: Databases, tmp_path: Path
) -> None:
    replicas = router(unreachable=("replica-1",))
    await replicas.start()
    try:
        down = await served_by(replicas)
        (tmp_path / "gone").mkdir()
        a_database(tmp_path / "gone" / "replica-1.db", "replica-1").sync_engine.dispose()
        await replicas.check()
        back = await served_by(replicas)
    finally:
        await replicas.close()

    assert (down, back) == ("primary", "replica-1")


async def test_the_background_checks_bring_a_replica_back_without_any_request(
    router: Databases, tmp_path: Path
) -> None:
    replicas = router(unreachable=("replica-1",), check_seconds=0.05)
    await replicas.start()
    try:
        assert replicas.healthy == ()
        (tmp_path / "gone").mkdir()
        a_database(tmp_path / "gone" / "replica-1.db", "replica-1").sync_engine.dispose()
        for _ in range(100):
            if replicas.healthy:
                break
            await asyncio.sleep(0.05)
    finally:
        await replicas.close()

    assert len(replicas.healthy) == 1


async def test_a_statement_that_fails_on_a_replica_is_answered_by_the_primary(
    router: Databases, tmp_path: Path
) -> None:
    replicas = router("replica-1")
    with sqlite3.connect(tmp_path / "replica-1.db") as connection:
        connection.execute("DROP TABLE whoami")

    served = await served_by(replicas)

    assert served == "primary"
    assert replicas.healthy == ()


async def test_a_lag_limit_applies_to_postgresql_only_and_sqlite_replicas_stay_in(
    router: Databases,
) -> None:
    replicas = router("replica-1", max_lag_seconds=0.5)

    await replicas.check()

    assert await served_by(replicas) == "replica-1"
