"""What MariaDB does differently and the adapter makes the same: text compared by code point
(usernames, slugs, tags) except emails, full-text search without stop words or case, and
outages answered as ``ServiceUnavailable``."""

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import ServiceUnavailable
from application.ports.search import SearchRequest
from application.search import SearchTerms
from domain.users.user import User
from domain.users.values import Email, Username
from infrastructure.container import Container
from infrastructure.persistence.sqlmodel.availability import outages_as_unavailable
from infrastructure.persistence.sqlmodel.engine import create_engine
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH, an_article, settings_for_tests


@pytest.fixture
def backend() -> str:
    return "mariadb"


@pytest.fixture
def storage(container: Container) -> Storage:
    return Storage(container)


async def test_usernames_differing_only_in_case_or_accent_are_distinct(
    storage: Storage, container: Container
) -> None:
    for number, name in enumerate(("jake", "Jake", "jaké")):
        email = Email(f"user{number}@example.com")
        await storage.add_user(
            User.register(username=Username(name), email=email, password_hash="hash")
        )

    async with container.uow() as uow:
        found = [await uow.users.get_by_username(name) for name in ("jake", "Jake", "jaké")]
    assert [user.username.value for user in found if user] == ["jake", "Jake", "jaké"]


async def test_an_email_differing_only_in_accent_is_another_address(
    storage: Storage, container: Container
) -> None:
    await storage.user("jake")
    engine: AsyncEngine = container.engine()
    async with engine.begin() as connection:
        emails = sa.text("SELECT count(*) FROM users WHERE email = :email")
        assert (await connection.execute(emails, {"email": "JAKE@example.com"})).scalar() == 1
        assert (await connection.execute(emails, {"email": "jaké@example.com"})).scalar() == 0


@pytest.mark.parametrize("query", ["how DRAGON", '"train your"', "about wyverns"])
async def test_common_words_and_any_case_are_found(
    storage: Storage, container: Container, query: str
) -> None:
    jake = await storage.user("jake")
    await storage.add_article(an_article(id_of(jake), "How to train your dragon"))
    async with container.uow() as uow:
        stored = await uow.articles.get_by_slug("how-to-train-your-dragon")
        assert stored is not None
        stored.edit(by=id_of(jake), now=EPOCH, body="All about Wyverns.")
        await uow.articles.update(stored)
        await uow.commit()

    page = await container.article_search().search(SearchRequest(SearchTerms.parse(query)), None)

    assert [hit.article.title for hit in page.hits] == ["How to train your dragon"]


@pytest.fixture
async def impatient_engine(mariadb_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings_for_tests(mariadb_url, db_statement_timeout_ms=200))
    yield engine
    await engine.dispose()


async def test_a_statement_past_the_statement_timeout_is_an_outage(
    impatient_engine: AsyncEngine,
) -> None:
    async with impatient_engine.connect() as connection:
        with pytest.raises(ServiceUnavailable), outages_as_unavailable():
            await connection.execute(sa.text("SELECT SLEEP(2) FROM DUAL WHERE 1 = 1"))


async def test_a_server_that_refuses_connections_is_an_outage() -> None:
    engine = create_engine(settings_for_tests("mysql+asyncmy://root@127.0.0.1:9/conduit"))
    try:
        with pytest.raises(ServiceUnavailable), outages_as_unavailable():
            await engine.connect().start()
    finally:
        await engine.dispose()
