"""The token version check on the authenticated hot path: one primary statement per user per
cache window, and never one per request; a password change reaches every worker within it."""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from infrastructure.persistence.sqlmodel.token_versions import SqlModelTokenVersions
from tests.conftest import SQL_BACKENDS, counting_statements
from tests.contract.storage import Storage, id_of
from tests.factories import register
from tests.integration.test_statement_counts import queries_issued

WINDOW = 5.0


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=SQL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def storage(container: Container) -> Storage:
    return Storage(container)


def a_worker(container: Container, ticks: Ticks, window: float = WINDOW) -> SqlModelTokenVersions:
    return SqlModelTokenVersions(container.storage().primary_read_database(), window, ticks)


async def statements_for(client: AsyncClient, container: Container, auth: dict[str, str]) -> int:
    async with counting_statements(container) as counter:
        response = await client.get("/api/profiles/jake", headers=auth)
    assert response.status_code == 200, response.text
    return queries_issued(counter)


@pytest.mark.parametrize(("window", "expected"), [(WINDOW, [2, 1, 1, 2, 1]), (0.0, [2] * 5)])
async def test_an_authenticated_read_adds_one_statement_only_when_the_cached_version_expired(
    container: Container, client: AsyncClient, window: float, expected: list[int]
) -> None:
    ticks = Ticks()
    container.token_versions.override(providers.Object(a_worker(container, ticks, window)))
    auth = await register(client, "jake")

    counts = [await statements_for(client, container, auth) for _ in range(3)]
    ticks.now += WINDOW
    counts += [await statements_for(client, container, auth) for _ in range(2)]

    assert counts == expected


async def test_another_worker_sees_a_password_change_once_its_cached_version_expires(
    container: Container, storage: Storage
) -> None:
    ticks = Ticks()
    changer, other = a_worker(container, ticks), a_worker(container, ticks)
    user = await storage.user("jake")
    jake = id_of(user)
    assert (await changer.current(jake), await other.current(jake)) == (0, 0)

    await storage.edit_user(user, password_hash="new hash")
    await changer.changed(jake, 1)
    within_window = (await changer.current(jake), await other.current(jake))
    ticks.now += WINDOW
    after_window = await other.current(jake)

    assert within_window == (1, 0)
    assert after_window == 1


async def test_a_token_newer_than_the_cached_version_is_checked_afresh(
    container: Container, storage: Storage
) -> None:
    ticks = Ticks()
    worker = a_worker(container, ticks)
    jake = await storage.user("jake")
    assert await worker.current(id_of(jake)) == 0
    await storage.edit_user(jake, password_hash="new hash")

    assert await worker.current(id_of(jake)) == 0
    assert await worker.current(id_of(jake), fresh=True) == 1
    assert await worker.current(id_of(jake)) == 1
