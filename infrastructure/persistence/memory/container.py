"""The memory backend's composition: every storage port over one in-process store.

``infrastructure/persistence/sqlmodel/container.py`` provides the same names over SQL; the
application container picks one of the two and never names an adapter itself.
"""

from contextlib import nullcontext

from dependency_injector import containers, providers

from application.ports.clock import Clock
from infrastructure.health import InMemoryDatabaseProbe
from infrastructure.persistence.memory.idempotency import InMemoryIdempotencyStore
from infrastructure.persistence.memory.inventory import InMemoryInventory
from infrastructure.persistence.memory.outbox import (
    InMemoryNotificationQueries,
    InMemoryNotificationRepository,
    InMemoryOutbox,
)
from infrastructure.persistence.memory.queries import (
    InMemoryArticleQueries,
    InMemoryAuditQueries,
    InMemoryCommentQueries,
    InMemoryProfileQueries,
    InMemoryTagQueries,
    InMemoryTokenVersions,
)
from infrastructure.persistence.memory.search import InMemoryArticleSearch
from infrastructure.persistence.memory.store import MemoryStore
from infrastructure.persistence.memory.unit_of_work import InMemoryUnitOfWork
from infrastructure.settings import Settings


async def nothing_to_close() -> None:
    """The store lives as long as the process."""


class InMemoryStorage(containers.DeclarativeContainer):
    # Every storage is given the same two; memory needs no setting.
    settings = providers.Dependency(instance_of=Settings)
    clock: providers.Dependency[Clock] = providers.Dependency()

    store = providers.Singleton(MemoryStore)

    # The application gives the unit of work its commit observer when it asks for one.
    uow = providers.Factory(InMemoryUnitOfWork, store, clock)
    outbox = providers.Factory(InMemoryOutbox, store)
    notification_repository = providers.Factory(InMemoryNotificationRepository, store)
    notification_queries = providers.Factory(InMemoryNotificationQueries, store)
    idempotency_store = providers.Singleton(InMemoryIdempotencyStore, store)

    article_queries = providers.Factory(InMemoryArticleQueries, store)
    profile_queries = providers.Factory(InMemoryProfileQueries, store)
    comment_queries = providers.Factory(InMemoryCommentQueries, store)
    tag_queries = providers.Factory(InMemoryTagQueries, store)
    audit_queries = providers.Factory(InMemoryAuditQueries, store)
    token_versions = providers.Factory(InMemoryTokenVersions, store)
    article_search = providers.Factory(InMemoryArticleSearch, store)
    inventory = providers.Factory(InMemoryInventory, store)

    # One store: the reads the cache is filled from are the same reads.
    primary_article_queries = article_queries
    primary_profile_queries = profile_queries
    primary_tag_queries = tag_queries

    database_probe = providers.Factory(InMemoryDatabaseProbe)
    # A process holds nothing open in memory.
    serving = providers.Factory(nullcontext)
    close = providers.Callable(nothing_to_close)
