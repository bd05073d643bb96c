"""The one dependency-injection container: settings in, adapters and use cases out.

The persistence adapter is chosen by ``Settings.backend``; adding a backend is one more
branch in each ``Selector`` below.
"""

from datetime import timedelta

from dependency_injector import containers, providers
from redis.asyncio import Redis

from application.admin.list_audit_entries import ListAuditEntries
from application.articles.create_article import CreateArticle
from application.articles.delete_article import DeleteArticle
from application.articles.favorite_article import FavoriteArticle
from application.articles.feed_articles import FeedArticles
from application.articles.get_article import GetArticle
from application.articles.import_articles import ImportArticles
from application.articles.list_articles import ListArticles
from application.articles.list_own_articles import ListOwnArticles
from application.articles.publish_article import PublishArticle
from application.articles.purge_deleted import PurgeDeleted
from application.articles.restore_article import RestoreArticle
from application.articles.search_articles import SearchArticles
from application.articles.unfavorite_article import UnfavoriteArticle
from application.articles.update_article import UpdateArticle
from application.comments.add_comment import AddComment
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments
from application.health.check_readiness import CheckReadiness
from application.idempotency import IdempotencyKeys
from application.inventory.is_store_empty import IsStoreEmpty
from application.notifications.list_notifications import ListNotifications, MissedNotifications
from application.notifications.relay_outbox import RelayOutbox, RelayPolicy
from application.profiles.follow_user import FollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.get_profile_stats import GetProfileStats
from application.profiles.unfollow_user import UnfollowUser
from application.settings.get_user_settings import GetUserSettings
from application.settings.update_user_settings import UpdateUserSettings
from application.tags.list_tags import ListTags
from application.users.authenticate import Authenticate
from application.users.get_current_user import GetCurrentUser
from application.users.login_user import LoginLimits, LoginUser
from application.users.make_admin import MakeAdmin
from application.users.register_user import RegisterUser
from application.users.update_current_user import UpdateCurrentUser
from infrastructure.cache.invalidation import CacheInvalidator
from infrastructure.cache.memory import InMemoryCache
from infrastructure.cache.queries import (
    CachedArticleQueries,
    CachedProfileQueries,
    CachedTagQueries,
    CacheStats,
    CacheTtls,
)
from infrastructure.cache.redis import RedisCache
from infrastructure.clock import SystemClock
from infrastructure.events.hub import NotificationHub
from infrastructure.events.in_process import InProcessEventBus
from infrastructure.events.listener import DeliveryListener
from infrastructure.events.on_commit import AfterCommit
from infrastructure.events.redis import RedisEventBus
from infrastructure.events.relay_loop import RelayLoop
from infrastructure.health import InMemoryDatabaseProbe, SqlDatabaseProbe, readiness_probes
from infrastructure.persistence.memory import outbox as memory_outbox
from infrastructure.persistence.memory import queries as memory_queries
from infrastructure.persistence.memory.idempotency import InMemoryIdempotencyStore
from infrastructure.persistence.memory.inventory import InMemoryInventory
from infrastructure.persistence.memory.search import InMemoryArticleSearch
from infrastructure.persistence.memory.store import MemoryStore
from infrastructure.persistence.memory.unit_of_work import InMemoryUnitOfWork
from infrastructure.persistence.sqlmodel import notifications as sql_notifications
from infrastructure.persistence.sqlmodel import queries as sql_queries
from infrastructure.persistence.sqlmodel.engine import (
    create_engine,
    create_session_factory,
)
from infrastructure.persistence.sqlmodel.idempotency import SqlIdempotencyStore
from infrastructure.persistence.sqlmodel.inventory import SqlModelInventory
from infrastructure.persistence.sqlmodel.outbox import SqlModelOutbox
from infrastructure.persistence.sqlmodel.primary import PrimaryWatch
from infrastructure.persistence.sqlmodel.reads import create_read_database
from infrastructure.persistence.sqlmodel.replicas import (
    create_replica_router,
    routed_read_database,
)
from infrastructure.persistence.sqlmodel.search import SqlModelArticleSearch
from infrastructure.persistence.sqlmodel.token_versions import SqlModelTokenVersions
from infrastructure.persistence.sqlmodel.unit_of_work import SqlModelUnitOfWork
from infrastructure.rate_limiting.memory import InMemoryRateLimiter
from infrastructure.rate_limiting.redis import RedisRateLimiter
from infrastructure.security.passwords import Argon2PasswordHasher
from infrastructure.security.tokens import JwtTokenService
from infrastructure.settings import Settings


def _backend(settings: Settings) -> str:
    return settings.backend


def _rate_limit_backend(settings: Settings) -> str:
    return "redis" if settings.redis_url else "memory"


def _retention(settings: Settings) -> timedelta:
    return timedelta(days=settings.soft_delete_retention_days)


def _broker(settings: Settings) -> str:
    return settings.broker


def _redis_for_pubsub(settings: Settings) -> Redis:
    # No socket timeout: a subscription waits for messages as long as none are published.
    assert settings.redis_url is not None, "only built when CONDUIT_REDIS_URL is set"
    return Redis.from_url(settings.redis_url)


def _caching(settings: Settings) -> str:
    return settings.caching


def _cache_ttls(settings: Settings) -> CacheTtls:
    return CacheTtls(
        tags=timedelta(seconds=settings.cache_ttl_tags_seconds),
        profile=timedelta(seconds=settings.cache_ttl_profile_seconds),
        article=timedelta(seconds=settings.cache_ttl_article_seconds),
    )


def _relay_policy(settings: Settings) -> RelayPolicy:
    return RelayPolicy(
        batch_size=settings.relay_batch_size,
        lease=timedelta(seconds=settings.relay_lease_seconds),
        retry_after=timedelta(seconds=settings.relay_retry_seconds),
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)
    backend = providers.Callable(_backend, settings)
    rate_limit_backend = providers.Callable(_rate_limit_backend, settings)
    broker = providers.Callable(_broker, settings)
    caching = providers.Callable(_caching, settings)

    clock = providers.Singleton(SystemClock)
    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        memory_kib=settings.provided.password_hash_memory_kib,
        time_cost=settings.provided.password_hash_time_cost,
        parallelism=settings.provided.password_hash_parallelism,
    )
    token_service = providers.Singleton(
        JwtTokenService,
        secret_key=settings.provided.secret_key,
        ttl_minutes=settings.provided.access_token_ttl_minutes,
        clock=clock,
    )

    # Persistence: SQL (SQLite or PostgreSQL through SQLModel) or in-memory.
    primary_watch = providers.Singleton(PrimaryWatch)
    engine = providers.Singleton(create_engine, settings, primary_watch)
    session_factory = providers.Singleton(create_session_factory, engine)
    primary_read_database = providers.Singleton(create_read_database, settings, engine)
    replica_router = providers.Singleton(create_replica_router, settings, primary_read_database)
    read_database = providers.Singleton(routed_read_database, primary_read_database, replica_router)
    memory_store = providers.Singleton(MemoryStore)

    # Redis, when configured. Short timeouts for login limits and the cache: an unreachable
    # Redis must not hold a request for long (both fall back). Pub/sub has its own client.
    redis_client = providers.Singleton(
        Redis.from_url,
        settings.provided.redis_url,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
    )
    redis_pubsub_client = providers.Singleton(_redis_for_pubsub, settings)

    # Events: the outbox, its relay, and the publisher between processes.
    event_bus = providers.Selector(
        broker,
        redis=providers.Singleton(
            RedisEventBus, redis_pubsub_client, settings.provided.redis_namespace
        ),
        in_process=providers.Singleton(InProcessEventBus),
    )
    outbox = providers.Selector(
        backend,
        sql=providers.Factory(SqlModelOutbox, session_factory),
        memory=providers.Factory(memory_outbox.InMemoryOutbox, memory_store),
    )
    notification_repository = providers.Selector(
        backend,
        sql=providers.Factory(sql_notifications.SqlModelNotificationRepository, session_factory),
        memory=providers.Factory(memory_outbox.InMemoryNotificationRepository, memory_store),
    )
    # On the primary: a live push reads what the relay has just committed.
    notification_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_notifications.SqlModelNotificationQueries, primary_read_database),
        memory=providers.Factory(memory_outbox.InMemoryNotificationQueries, memory_store),
    )
    relay_outbox = providers.Factory(
        RelayOutbox,
        outbox=outbox,
        notifications=notification_repository,
        publisher=event_bus,
        clock=clock,
        policy=providers.Singleton(_relay_policy, settings),
    )
    relay_loop = providers.Singleton(
        RelayLoop, relay=relay_outbox.provider, interval=settings.provided.relay_interval_seconds
    )
    notification_hub = providers.Singleton(NotificationHub)

    # Cache-aside reads: shared in Redis when configured, else one cache per process.
    cache = providers.Selector(
        broker,
        redis=providers.Singleton(RedisCache, redis_client, settings.provided.redis_namespace),
        in_process=providers.Singleton(InMemoryCache),
    )
    cache_ttls = providers.Singleton(_cache_ttls, settings)
    cache_stats = providers.Singleton(CacheStats)
    cache_invalidator = providers.Selector(
        caching,
        on=providers.Singleton(CacheInvalidator, cache),
        off=providers.Object(None),
    )
    commit_observer = providers.Singleton(AfterCommit, relay_loop, cache_invalidator)
    delivery_listener = providers.Singleton(
        DeliveryListener, event_bus, notification_hub, cache_invalidator
    )

    uow = providers.Selector(
        backend,
        sql=providers.Factory(SqlModelUnitOfWork, session_factory, clock, commit_observer),
        memory=providers.Factory(InMemoryUnitOfWork, memory_store, clock, commit_observer),
    )
    article_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_queries.SqlModelArticleQueries, read_database),
        memory=providers.Factory(memory_queries.InMemoryArticleQueries, memory_store),
    )
    profile_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_queries.SqlModelProfileQueries, read_database),
        memory=providers.Factory(memory_queries.InMemoryProfileQueries, memory_store),
    )
    comment_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_queries.SqlModelCommentQueries, read_database),
        memory=providers.Factory(memory_queries.InMemoryCommentQueries, memory_store),
    )
    token_versions = providers.Selector(
        backend,
        sql=providers.Singleton(
            SqlModelTokenVersions,
            primary_read_database,
            cache_seconds=settings.provided.token_version_cache_seconds,
        ),
        memory=providers.Factory(memory_queries.InMemoryTokenVersions, memory_store),
    )
    audit_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_queries.SqlModelAuditQueries, read_database),
        memory=providers.Factory(memory_queries.InMemoryAuditQueries, memory_store),
    )
    article_search = providers.Selector(
        backend,
        sql=providers.Factory(SqlModelArticleSearch, read_database),
        memory=providers.Factory(InMemoryArticleSearch, memory_store),
    )
    tag_queries = providers.Selector(
        backend,
        sql=providers.Factory(sql_queries.SqlModelTagQueries, read_database),
        memory=providers.Factory(memory_queries.InMemoryTagQueries, memory_store),
    )
    inventory = providers.Selector(
        backend,
        sql=providers.Factory(SqlModelInventory, read_database),
        memory=providers.Factory(InMemoryInventory, memory_store),
    )

    # Login attempts: counted in Redis when configured (shared by every worker), else here.
    local_rate_limiter = providers.Singleton(InMemoryRateLimiter, clock)
    rate_limiter = providers.Selector(
        rate_limit_backend,
        redis=providers.Singleton(RedisRateLimiter, redis_client, fallback=local_rate_limiter),
        memory=local_rate_limiter,
    )
    login_limits = providers.Singleton(
        LoginLimits,
        per_account=settings.provided.login_attempts_per_account,
        per_address=settings.provided.login_attempts_per_address,
        window_seconds=settings.provided.login_window_seconds,
    )

    # Idempotency keys: in the database, so that a retry reaching another process finds them.
    idempotency_store = providers.Selector(
        backend,
        sql=providers.Factory(SqlIdempotencyStore, session_factory),
        memory=providers.Singleton(InMemoryIdempotencyStore, memory_store),
    )
    idempotency_keys = providers.Factory(
        IdempotencyKeys,
        store=idempotency_store,
        clock=clock,
        ttl=providers.Factory(timedelta, hours=settings.provided.idempotency_key_ttl_hours),
    )

    # Readiness: the database, and Redis when configured.
    database_probe = providers.Selector(
        backend,
        sql=providers.Factory(
            SqlDatabaseProbe, engine, settings.provided.readiness_timeout_seconds, primary_watch
        ),
        memory=providers.Factory(InMemoryDatabaseProbe),
    )

    # The cache is filled from the primary: a lagging replica's answer stored right after a
    # write's invalidation would outlive it for a whole TTL.
    cached_article_queries = providers.Selector(
        caching,
        on=providers.Factory(
            CachedArticleQueries,
            providers.Selector(
                backend,
                sql=providers.Factory(sql_queries.SqlModelArticleQueries, primary_read_database),
                memory=article_queries,
            ),
            cache,
            cache_ttls,
            cache_stats,
        ),
        off=article_queries,
    )
    cached_profile_queries = providers.Selector(
        caching,
        on=providers.Factory(
            CachedProfileQueries,
            providers.Selector(
                backend,
                sql=providers.Factory(sql_queries.SqlModelProfileQueries, primary_read_database),
                memory=profile_queries,
            ),
            cache,
            cache_ttls,
            cache_stats,
        ),
        off=profile_queries,
    )
    cached_tag_queries = providers.Selector(
        caching,
        on=providers.Factory(
            CachedTagQueries,
            providers.Selector(
                backend,
                sql=providers.Factory(sql_queries.SqlModelTagQueries, primary_read_database),
                memory=tag_queries,
            ),
            cache,
            cache_ttls,
            cache_stats,
        ),
        off=tag_queries,
    )

    # Use cases.
    authenticate = providers.Factory(Authenticate, tokens=token_service, versions=token_versions)
    register_user = providers.Factory(
        RegisterUser, uow=uow, hasher=password_hasher, tokens=token_service
    )
    login_user = providers.Factory(
        LoginUser,
        uow=uow,
        hasher=password_hasher,
        tokens=token_service,
        limiter=rate_limiter,
        limits=login_limits,
    )
    get_current_user = providers.Factory(GetCurrentUser, uow=uow, tokens=token_service)
    update_current_user = providers.Factory(
        UpdateCurrentUser,
        uow=uow,
        hasher=password_hasher,
        tokens=token_service,
        versions=token_versions,
    )

    get_user_settings = providers.Factory(GetUserSettings, uow=uow)
    update_user_settings = providers.Factory(UpdateUserSettings, uow=uow)

    get_profile = providers.Factory(GetProfile, profiles=cached_profile_queries)
    get_profile_stats = providers.Factory(GetProfileStats, profiles=profile_queries)
    follow_user = providers.Factory(FollowUser, uow=uow)
    unfollow_user = providers.Factory(UnfollowUser, uow=uow)

    list_articles = providers.Factory(ListArticles, articles=article_queries)
    feed_articles = providers.Factory(FeedArticles, articles=article_queries)
    search_articles = providers.Factory(SearchArticles, search=article_search)
    get_article = providers.Factory(GetArticle, articles=cached_article_queries)
    create_article = providers.Factory(CreateArticle, uow=uow, clock=clock)
    update_article = providers.Factory(UpdateArticle, uow=uow, clock=clock)
    delete_article = providers.Factory(DeleteArticle, uow=uow, clock=clock)
    restore_article = providers.Factory(
        RestoreArticle,
        uow=uow,
        clock=clock,
        retention=providers.Callable(_retention, settings),
    )
    list_own_articles = providers.Factory(ListOwnArticles, articles=article_queries)
    publish_article = providers.Factory(PublishArticle, uow=uow, clock=clock)
    purge_deleted = providers.Factory(PurgeDeleted, uow=uow, clock=clock)
    import_articles = providers.Factory(ImportArticles, uow=uow, clock=clock)
    favorite_article = providers.Factory(FavoriteArticle, uow=uow)
    unfavorite_article = providers.Factory(UnfavoriteArticle, uow=uow)

    list_comments = providers.Factory(ListComments, comments=comment_queries)
    add_comment = providers.Factory(AddComment, uow=uow)
    delete_comment = providers.Factory(DeleteComment, uow=uow, clock=clock)

    list_tags = providers.Factory(ListTags, tags=cached_tag_queries)

    make_admin = providers.Factory(MakeAdmin, uow=uow)
    list_audit_entries = providers.Factory(ListAuditEntries, uow=uow, audit=audit_queries)
    is_store_empty = providers.Factory(IsStoreEmpty, inventory=inventory)
    check_readiness = providers.Factory(
        CheckReadiness,
        probes=providers.Callable(
            readiness_probes, database_probe, redis_client.provider, settings
        ),
    )

    list_notifications = providers.Factory(ListNotifications, notifications=notification_queries)
    missed_notifications = providers.Factory(
        MissedNotifications, notifications=notification_queries
    )
