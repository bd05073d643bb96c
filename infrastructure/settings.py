"""Configuration from ``CONDUIT_*`` environment variables and an optional ``.env`` file."""

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_SECRET_KEY = "change-me-development-only-secret-key-0123456789"  # noqa: S105 (development default; production refuses it)
MEMORY_URL = "memory"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONDUIT_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./conduit.db"
    # Comma-separated, same database product as the primary.
    database_replica_urls: Annotated[tuple[str, ...], NoDecode] = ()
    database_replica_check_seconds: float = Field(default=2.0, gt=0)
    # PostgreSQL only: a replica further behind than this serves no reads (unset: no limit).
    database_replica_max_lag_seconds: float | None = Field(default=None, gt=0)
    redis_url: str | None = None
    secret_key: str = Field(default=DEFAULT_SECRET_KEY, min_length=32)
    access_token_ttl_minutes: int = Field(default=60 * 24 * 7, ge=1)
    db_pool_size: int = Field(default=20, ge=1)
    # Opening connections under load costs more than waiting for a pooled one.
    db_max_overflow: int = Field(default=0, ge=0)
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    # PostgreSQL: how long opening a connection may take, and any one statement (0: no limit).
    db_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    db_statement_timeout_ms: int = Field(default=5_000, ge=0)
    db_pool_pre_ping: bool = True
    db_pool_ping_idle_seconds: float = Field(default=1.0, ge=0)
    db_echo: bool = False
    # OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
    password_hash_memory_kib: int = Field(default=19_456, ge=8)
    password_hash_time_cost: int = Field(default=2, ge=1)
    password_hash_parallelism: int = Field(default=1, ge=1)
    # Login attempts allowed per window, per account (email) and per client address.
    login_attempts_per_account: int = Field(default=10, ge=1)
    login_attempts_per_address: int = Field(default=100, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    # How long a worker trusts the token version it last read for a user (see docs/security.md).
    token_version_cache_seconds: float = Field(default=5.0, ge=0)
    # How long a caller's Idempotency-Key keeps its first answer.
    idempotency_key_ttl_hours: int = Field(default=24, ge=1)
    # How long a request may hold its Idempotency-Key unanswered before a retry takes it over
    # (its process presumed dead): longer than any request, a bulk import's included.
    idempotency_claim_timeout_seconds: int = Field(default=300, ge=1)
    # How long an author may restore a deleted article (the purge is scheduled separately).
    soft_delete_retention_days: int = Field(default=30, ge=0)
    migrate_on_start: bool | None = None
    # Live updates: Redis (``redis_url``) carries events between processes when set.
    # Prefix of every Redis key and channel, so deployments can share one Redis.
    redis_namespace: str = Field(default="conduit", min_length=1, max_length=64)
    relay_in_server: bool = True
    relay_interval_seconds: float = Field(default=0.5, gt=0)
    relay_batch_size: int = Field(default=100, ge=1)
    relay_lease_seconds: float = Field(default=30.0, gt=0)
    relay_retry_seconds: float = Field(default=5.0, gt=0)
    # Cache-aside for tags, profiles and single articles: in Redis when set, else in-process.
    cache_enabled: bool = True
    cache_ttl_tags_seconds: float = Field(default=300.0, gt=0)
    cache_ttl_profile_seconds: float = Field(default=60.0, gt=0)
    cache_ttl_article_seconds: float = Field(default=60.0, gt=0)
    log_level: str = "INFO"
    # None: JSON lines in production, readable lines elsewhere.
    log_format: Literal["json", "console"] | None = None
    slow_query_ms: float = Field(default=200.0, ge=0)
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    # Comma-separated.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    trusted_hosts: Annotated[tuple[str, ...], NoDecode] = ("*",)
    max_body_bytes: int = Field(default=1_048_576, ge=0)
    gzip_min_bytes: int = Field(default=1_000, ge=0)
    hsts_seconds: int = Field(default=0, ge=0)
    shutdown_timeout_seconds: int = Field(default=30, ge=1)

    @field_validator("database_replica_urls", "cors_origins", "trusted_hosts", mode="before")
    @classmethod
    def _split_comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @model_validator(mode="after")
    def _replicas_speak_the_primary_s_dialect(self) -> "Settings":
        if not self.database_replica_urls:
            return self
        if self.backend != "sql":
            raise ValueError("read replicas need a SQL database (CONDUIT_DATABASE_URL)")
        primary = make_url(self.database_url).drivername
        for url in self.database_replica_urls:
            if make_url(url).drivername != primary:
                raise ValueError(f"a replica URL must use the primary's driver ({primary})")
        return self

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> "Settings":
        if self.env == "production" and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError("CONDUIT_SECRET_KEY must be set to a secret value in production")
        return self

    @property
    def backend(self) -> Literal["memory", "sql"]:
        return "memory" if self.database_url == MEMORY_URL else "sql"

    @property
    def broker(self) -> Literal["redis", "in_process"]:
        return "redis" if self.redis_url else "in_process"

    @property
    def caching(self) -> Literal["on", "off"]:
        return "on" if self.cache_enabled else "off"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def logs_as_json(self) -> bool:
        if self.log_format is not None:
            return self.log_format == "json"
        return self.env == "production"

    @property
    def should_migrate_on_start(self) -> bool:
        """Migrations run at start-up on the embedded SQLite default unless told otherwise."""
        if self.migrate_on_start is not None:
            return self.migrate_on_start
        return self.is_sqlite
