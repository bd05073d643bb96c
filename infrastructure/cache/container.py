"""The cache-aside decorators, applied in this one place to the reads every caller sees alike.

Its providers bear the storage's names (``article_queries``...), so the application container
takes its cached reads from here or, with the cache turned off, from the storage directly.
"""

from dependency_injector import containers, providers

from application.ports.cache import Cache
from application.ports.queries import ArticleQueries, ProfileQueries, TagQueries
from infrastructure.cache.queries import (
    CachedArticleQueries,
    CachedProfileQueries,
    CachedTagQueries,
    CacheStats,
    CacheTtls,
)


class CachedReads(containers.DeclarativeContainer):
    cache: providers.Dependency[Cache] = providers.Dependency()
    ttls = providers.Dependency(instance_of=CacheTtls)
    stats = providers.Dependency(instance_of=CacheStats)
    # What fills the cache: the storage's reads on the primary.
    articles: providers.Dependency[ArticleQueries] = providers.Dependency()
    profiles: providers.Dependency[ProfileQueries] = providers.Dependency()
    tags: providers.Dependency[TagQueries] = providers.Dependency()

    article_queries = providers.Factory(CachedArticleQueries, articles, cache, ttls, stats)
    profile_queries = providers.Factory(CachedProfileQueries, profiles, cache, ttls, stats)
    tag_queries = providers.Factory(CachedTagQueries, tags, cache, ttls, stats)
