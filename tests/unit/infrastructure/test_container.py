"""The composition: one storage sub-container per backend, chosen once from the database URL."""

import pytest
from dependency_injector import providers

from infrastructure.container import Container
from infrastructure.persistence.memory.container import InMemoryStorage
from infrastructure.persistence.sqlmodel.container import SqlStorage
from tests.factories import settings_for_tests

# What a backend holds for itself, beside the ports every backend provides.
OWN = {
    InMemoryStorage: {"store"},
    SqlStorage: {
        "primary_watch",
        "engine",
        "session_factory",
        "transactions",
        "primary_read_database",
        "replica_router",
        "read_database",
    },
}


def test_every_storage_backend_provides_the_same_names() -> None:
    ports = [set(storage.providers) - own for storage, own in OWN.items()]

    assert ports[0] == ports[1]
    assert {"uow", "article_queries", "outbox", "serving", "close"} <= ports[0]


@pytest.mark.parametrize(
    ("url", "storage"),
    [
        ("memory", InMemoryStorage),
        ("sqlite+aiosqlite:///conduit.db", SqlStorage),
        ("postgresql+asyncpg://conduit@localhost/conduit", SqlStorage),
    ],
)
def test_the_database_url_chooses_the_storage(url: str, storage: type) -> None:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))

    assert container.storage().declarative_parent is storage


def test_a_use_case_over_read_ports_is_built_once_and_one_over_a_unit_of_work_per_request() -> None:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests("memory")))

    assert container.get_article() is container.get_article()
    assert container.authenticate() is container.authenticate()
    assert container.add_comment() is not container.add_comment()
