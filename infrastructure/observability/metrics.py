"""Conduit's Prometheus metrics, and the small function API the rest of the code records with.

The metrics live in prometheus-client's process-wide registry. With several worker processes,
``PROMETHEUS_MULTIPROC_DIR`` (set before any worker starts: ``conduit serve --workers N`` does it)
makes prometheus-client keep each worker's values in memory-mapped files there, and a scrape of
any worker adds them all up.
"""

import os
from functools import cache

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from infrastructure.observability.multiprocess import MULTIPROCESS_DIR_VARIABLE


class _Metrics:
    """Made on first use, not at import: ``conduit serve`` imports this module before it
    prepares ``PROMETHEUS_MULTIPROC_DIR``, where a worker's metrics then open their files."""

    def __init__(self) -> None:
        self.requests = Counter(
            "conduit_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
        )
        self.latency = Histogram(
            "conduit_http_request_duration_seconds",
            "Time from a request's arrival to its response's end, by method and route template.",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
        )
        self.statements = Histogram(
            "conduit_db_statements_per_request",
            "SQL statements one HTTP request sent to the database.",
            buckets=(0, 1, 2, 3, 4, 6, 8, 12, 20),
        )
        self.connections = Gauge(
            "conduit_db_connections_in_use",
            "Database connections checked out of the pools (all workers together).",
            multiprocess_mode="livesum",
        )
        self.cache_hits = Counter(
            "conduit_cache_hits", "Cache look-ups that found a value.", ["cache"]
        )
        self.cache_misses = Counter(
            "conduit_cache_misses", "Cache look-ups that found nothing.", ["cache"]
        )
        self.outbox_lag = Gauge(
            "conduit_outbox_lag_seconds",
            "Age of the oldest outbox event not yet published (0 when none waits).",
            multiprocess_mode="mostrecent",
        )
        self.failovers = Counter(
            "conduit_db_failovers",
            "Times a new write connection reached another database primary than the last one.",
        )
        # Labelled children, looked up once per label set: cheaper than ``labels()`` each time.
        self.request_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self.cache_series: dict[str, tuple[Counter, Counter]] = {}

    def cache(self, name: str) -> tuple[Counter, Counter]:
        """The hit and miss counters of the cache called ``name``."""
        series = self.cache_series.get(name)
        if series is None:
            series = self.cache_hits.labels(name), self.cache_misses.labels(name)
            self.cache_series[name] = series
        return series


@cache
def _metrics() -> _Metrics:
    return _Metrics()


def record_request(method: str, route: str, status: int, seconds: float, statements: int) -> None:
    """One answered request; ``route`` is its template (``/api/articles/{slug}``), never a path."""
    metrics = _metrics()
    key = (method, route, status)
    series = metrics.request_series.get(key)
    if series is None:
        series = (
            metrics.requests.labels(method, route, str(status)),
            metrics.latency.labels(method, route),
        )
        metrics.request_series[key] = series
    count, latency = series
    count.inc()
    latency.observe(seconds)
    metrics.statements.observe(statements)


def connection_checked_out() -> None:
    _metrics().connections.inc()


def connection_checked_in() -> None:
    _metrics().connections.dec()


def record_cache_hit(cache: str) -> None:
    """A look-up in the cache named ``cache`` (a small, fixed set of names) found its value."""
    _metrics().cache(cache)[0].inc()


def record_cache_miss(cache: str) -> None:
    """A look-up in the cache named ``cache`` found nothing."""
    _metrics().cache(cache)[1].inc()


def set_outbox_lag(seconds: float) -> None:
    """How long the oldest unpublished outbox event has waited (0 when the outbox is empty)."""
    _metrics().outbox_lag.set(seconds)


def record_failover() -> None:
    """Writes now reach another database primary (a failover or switchover)."""
    _metrics().failovers.inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type; every worker's summed."""
    _metrics()  # a scrape before any request still lists every metric
    if MULTIPROCESS_DIR_VARIABLE in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped upstream
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_stopped(pid: int) -> None:
    """Drop a stopped worker's live gauges (its counters stay in the totals)."""
    if MULTIPROCESS_DIR_VARIABLE in os.environ:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]  # untyped upstream
