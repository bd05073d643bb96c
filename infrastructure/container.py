"""The one dependency-injection container: settings in, adapters and use cases out.

Storage is one sub-container per backend, all with the same provider names (the storage ports),
chosen once, in ``storage``, by ``Settings.backend`` (from ``CONDUIT_DATABASE_URL``). Everything
else, the use cases first, is wired once against those names. Tests override providers: the
clock, the settings, or one storage provider through ``container.storage()``.
"""

from datetime import timedelta
from operator import attrgetter

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
from application.articles.recount_articles import RecountArticles
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
from infrastructure.cache.container import CachedReads
from infrastructure.cache.invalidation import CacheInvalidator
from infrastructure.cache.memory import InMemoryCache
from infrastructure.cache.queries import CacheStats, CacheTtls
from infrastructure.cache.redis import RedisCache
from infrastructure.clock import SystemClock
from infrastructure.events.hub import NotificationHub
from infrastructure.events.in_process import InProcessEventBus
from infrastructure.events.listener import DeliveryListener
from infrastructure.events.on_commit import AfterCommit
from infrastructure.events.redis import RedisEventBus
from infrastructure.events.relay_loop import RelayLoop
from infrastructure.health import readiness_probes
from infrastructure.persistence.memory.container import InMemoryStorage
from infrastructure.persistence.sqlmodel.container import SqlStorage
from infrastructure.rate_limiting.memory import InMemoryRateLimiter
from infrastructure.rate_limiting.redis import RedisRateLimiter
from infrastructure.security.passwords import Argon2PasswordHasher
from infrastructure.security.tokens import JwtTokenService
from infrastructure.settings import Settings


def _rate_limit_backend(settings: Settings) -> str:
    return "redis" if settings.redis_url else "memory"


def _retention(settings: Settings) -> timedelta:
    return timedelta(days=settings.soft_delete_retention_days)


def _redis_for_pubsub(settings: Settings) -> Redis:
    # No socket timeout: a subscription waits for messages as long as none are published.
    assert settings.redis_url is not None, "only built when CONDUIT_REDIS_URL is set"
    return Redis.from_url(settings.redis_url)


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
    backend = providers.Callable(attrgetter("backend"), settings)
    rate_limit_backend = providers.Callable(_rate_limit_backend, settings)
    broker = providers.Callable(attrgetter("broker"), settings)
    caching = providers.Callable(attrgetter("caching"), settings)

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

    # Storage: the one place a backend is chosen. A new backend is one more line here.
    storage = providers.Selector(
        backend,
        memory=providers.Container(InMemoryStorage, settings=settings, clock=clock),
        sql=providers.Container(SqlStorage, settings=settings, clock=clock),
    )
    outbox = storage.provided.outbox.call()
    notification_repository = storage.provided.notification_repository.call()
    notification_queries = storage.provided.notification_queries.call()
    idempotency_store = storage.provided.idempotency_store.call()
    article_queries = storage.provided.article_queries.call()
    profile_queries = storage.provided.profile_queries.call()
    comment_queries = storage.provided.comment_queries.call()
    tag_queries = storage.provided.tag_queries.call()
    audit_queries = storage.provided.audit_queries.call()
    token_versions = storage.provided.token_versions.call()
    article_search = storage.provided.article_search.call()
    inventory = storage.provided.inventory.call()
    article_count_repair = storage.provided.article_count_repair.call()
    database_probe = storage.provided.database_probe.call()
    # SQL only: the engine and the read database, which the processes open and close.
    engine = storage.provided.engine.call()
    read_database = storage.provided.read_database.call()

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
    relay_outbox = providers.Factory(
        RelayOutbox,
        outbox=outbox,
        notifications=notification_repository,
        publisher=event_bus,
        clock=clock,
        policy=providers.Singleton(_relay_policy, settings),
    )
    relay_loop = providers.Singleton(
        RelayLoop,
        relay=relay_outbox.provider,
        interval=settings.provided.relay_interval_seconds,
        batch_size=settings.provided.relay_batch_size,
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
    cached_reads = providers.Selector(
        caching,
        on=providers.Container(
            CachedReads,
            cache=cache,
            ttls=cache_ttls,
            stats=cache_stats,
            articles=storage.provided.primary_article_queries.call(),
            profiles=storage.provided.primary_profile_queries.call(),
            tags=storage.provided.primary_tag_queries.call(),
        ),
        off=storage,
    )
    cache_invalidator = providers.Selector(
        caching,
        on=providers.Singleton(CacheInvalidator, cache),
        off=providers.Object(None),
    )
    commit_observer = providers.Singleton(AfterCommit, relay_loop, cache_invalidator)
    delivery_listener = providers.Singleton(
        DeliveryListener, event_bus, notification_hub, cache_invalidator
    )
    uow = storage.provided.uow.call(observer=commit_observer)

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
    idempotency_keys = providers.Factory(
        IdempotencyKeys,
        store=idempotency_store,
        clock=clock,
        ttl=providers.Factory(timedelta, hours=settings.provided.idempotency_key_ttl_hours),
        abandon_after=providers.Factory(
            timedelta, seconds=settings.provided.idempotency_claim_timeout_seconds
        ),
    )

    # Use cases. Those over read ports hold no state of a request: each is built once, where
    # building one per request through the cache and storage selectors cost 4-10 us.
    authenticate = providers.Singleton(Authenticate, tokens=token_service, versions=token_versions)
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

    get_profile = providers.Singleton(
        GetProfile, profiles=cached_reads.provided.profile_queries.call()
    )
    get_profile_stats = providers.Singleton(GetProfileStats, profiles=profile_queries)
    follow_user = providers.Factory(FollowUser, uow=uow)
    unfollow_user = providers.Factory(UnfollowUser, uow=uow)

    list_articles = providers.Singleton(ListArticles, articles=article_queries)
    feed_articles = providers.Singleton(FeedArticles, articles=article_queries)
    search_articles = providers.Singleton(SearchArticles, search=article_search)
    get_article = providers.Singleton(
        GetArticle, articles=cached_reads.provided.article_queries.call()
    )
    create_article = providers.Factory(CreateArticle, uow=uow, clock=clock)
    update_article = providers.Factory(UpdateArticle, uow=uow, clock=clock)
    delete_article = providers.Factory(DeleteArticle, uow=uow, clock=clock)
    restore_article = providers.Factory(
        RestoreArticle,
        uow=uow,
        clock=clock,
        retention=providers.Callable(_retention, settings),
    )
    list_own_articles = providers.Singleton(ListOwnArticles, articles=article_queries)
    publish_article = providers.Factory(PublishArticle, uow=uow, clock=clock)
    purge_deleted = providers.Factory(PurgeDeleted, uow=uow, clock=clock)
    recount_articles = providers.Factory(RecountArticles, repair=article_count_repair)
    import_articles = providers.Factory(ImportArticles, uow=uow, clock=clock)
    favorite_article = providers.Factory(FavoriteArticle, uow=uow)
    unfavorite_article = providers.Factory(UnfavoriteArticle, uow=uow)

    list_comments = providers.Singleton(ListComments, comments=comment_queries)
    add_comment = providers.Factory(AddComment, uow=uow)
    delete_comment = providers.Factory(DeleteComment, uow=uow, clock=clock)

    list_tags = providers.Singleton(ListTags, tags=cached_reads.provided.tag_queries.call())

    make_admin = providers.Factory(MakeAdmin, uow=uow)
    list_audit_entries = providers.Factory(ListAuditEntries, uow=uow, audit=audit_queries)
    is_store_empty = providers.Factory(IsStoreEmpty, inventory=inventory)
    check_readiness = providers.Factory(
        CheckReadiness,
        probes=providers.Callable(
            readiness_probes, database_probe, redis_client.provider, settings
        ),
    )

    list_notifications = providers.Singleton(ListNotifications, notifications=notification_queries)
    missed_notifications = providers.Singleton(
        MissedNotifications, notifications=notification_queries
    )
