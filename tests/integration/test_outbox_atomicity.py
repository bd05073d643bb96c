"""An event exists if and only if its change committed, even when storage fails between them.

The failures are real ones, made by the database: a trigger or constraint that refuses the
outbox row (the change's INSERT succeeded just before), and on PostgreSQL a deferred
constraint trigger that makes the COMMIT itself fail.
"""

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from dependency_injector import providers

from application.articles.create_article import CreateArticleCommand
from domain.shared.errors import DomainError
from infrastructure.container import Container
from tests.conftest import SQL_BACKENDS
from tests.contract.storage import Storage, id_of
from tests.factories import settings_for_tests

REFUSE_OUTBOX_ROWS = {
    "sqlite": [
        "CREATE TRIGGER refuse_events BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END"
    ],
    "postgresql": ["ALTER TABLE outbox ADD CONSTRAINT refuse_events CHECK (false) NOT VALID"],
    "mysql": ["ALTER TABLE outbox ADD CONSTRAINT refuse_events CHECK (false)"],
}
# MariaDB's tests share one database for the session (their rows are emptied, not rolled back).
ACCEPT_OUTBOX_ROWS = {"mysql": ["ALTER TABLE outbox DROP CONSTRAINT refuse_events"]}


@pytest.fixture(params=SQL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def storage(container: Container) -> Storage:
    return Storage(container)


async def run_sql(container: Container, *statements: str) -> None:
    async with container.storage().session_factory()() as session:
        for statement in statements:
            await session.execute(sa.text(statement))
        await session.commit()


async def count(container: Container, table: str) -> int:
    async with container.storage().session_factory()() as session:
        return int((await session.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one())


def dragons(author_id: int) -> CreateArticleCommand:
    return CreateArticleCommand(author_id=author_id, title="Dragons", description="d", body="b")


async def test_when_the_outbox_insert_fails_the_change_is_not_committed_either(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    dialect = container.engine().dialect.name
    await run_sql(container, *REFUSE_OUTBOX_ROWS[dialect])

    try:
        with pytest.raises(DomainError):
            await container.create_article().execute(dragons(id_of(jake)))
    finally:
        await run_sql(container, *ACCEPT_OUTBOX_ROWS.get(dialect, []))

    assert await count(container, "articles") == 0
    assert await count(container, "outbox") == 0


async def test_a_committed_change_always_has_its_event(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    await container.create_article().execute(dragons(id_of(jake)))

    assert await count(container, "articles") == 1
    assert await count(container, "outbox") == 1


@pytest.fixture
async def committing(empty_committing_postgres: str) -> AsyncIterator[Container]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(empty_committing_postgres)))
    yield container
    await container.engine().dispose()


async def test_when_the_commit_itself_fails_neither_the_change_nor_its_event_exists(
    committing: Container,
) -> None:
    jake = await Storage(committing).user("jake")
    await run_sql(
        committing,
        "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'check_violation'; END $$",
        "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON outbox "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()",
    )
    try:
        with pytest.raises(DomainError):
            await committing.create_article().execute(dragons(id_of(jake)))

        assert await count(committing, "articles") == 0
        assert await count(committing, "outbox") == 0
    finally:
        await run_sql(
            committing,
            "DROP TRIGGER refuse_at_commit ON outbox",
            "DROP FUNCTION refuse_at_commit()",
        )
