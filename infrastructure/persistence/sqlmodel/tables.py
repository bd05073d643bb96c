"""SQLModel table models (``...Row``): the storage shape, separate from entities and schemas.

Relationships are declared for the model's sake and for writes; they load with
``lazy="raise"`` so no read can slip into N+1 loading. Reads use Core projections.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import CITEXT, JSONB
from sqlmodel import Field, Relationship, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_NO_LAZY_LOADS = {"lazy": "raise"}
# MariaDB's emails: case-insensitive, accent-sensitive, trailing spaces significant (as citext).
CASE_INSENSITIVE = "utf8mb4_uca1400_nopad_as_ci"


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware timestamp stored and returned in UTC on every database.

    SQLite keeps no offset: without this, 14:00+02:00 would come back as 14:00 UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class CaseInsensitiveText(sa.TypeDecorator[str]):
    """Text compared without regard to case by the database itself: PostgreSQL's ``citext``,
    SQLite's ``NOCASE`` collation (ASCII letters only), a ``_ci`` collation on MariaDB. Unique
    indexes and lookups then treat ``Jake@Example.com`` and ``jake@example.com`` as one value,
    whoever wrote the row."""

    impl = sa.String
    cache_ok = True

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(CITEXT())
        if dialect.name == "mysql":
            return dialect.type_descriptor(sa.String(self.length, collation=CASE_INSENSITIVE))
        return dialect.type_descriptor(sa.String(self.length, collation="NOCASE"))


class TimestampedRow(SQLModel):
    """The storage side of ``domain.shared.timestamps.Timestamped``: its rows are stamped by
    the unit of work's session as it flushes them (``timestamps.py``), never by the code that
    builds or edits them. ``None`` in Python until the first flush; never ``NULL`` stored."""

    created_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=False)
    updated_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=False)


def _timestamp(*, index: bool = False) -> sa.Column[datetime]:
    return sa.Column(UtcDateTime(), nullable=False, index=index)


def _deleted_at() -> sa.Column[datetime | None]:
    """When the row was soft-deleted; ``NULL`` while it is live."""
    return sa.Column(UtcDateTime(), nullable=True)


def _fk(target: str, *, primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        sa.Integer,
        sa.ForeignKey(target, ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


class UserRow(TimestampedRow, table=True):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("username <> ''", name="username_not_blank"),
        sa.CheckConstraint("email <> ''", name="email_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    email: str = Field(sa_column=sa.Column(CaseInsensitiveText(254), nullable=False, unique=True))
    password_hash: str = Field(max_length=255)
    bio: str = Field(default="", sa_type=sa.Text)
    image: str = Field(default="", max_length=2048)
    token_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    is_admin: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )

    articles: list["ArticleRow"] = Relationship(
        back_populates="author",
        passive_deletes="all",
        sa_relationship_kwargs=_NO_LAZY_LOADS,
    )
    settings: "UserSettingsRow" = Relationship(
        back_populates="user",
        passive_deletes="all",
        sa_relationship_kwargs={"uselist": False, **_NO_LAZY_LOADS},
    )


class UserSettingsRow(SQLModel, table=True):
    """One-to-one with users: the primary key is the user's id. No row means the defaults."""

    __tablename__ = "user_settings"

    user_id: int = Field(sa_column=_fk("users.id", primary_key=True))
    notify_on_follow: bool = True
    notify_on_comment: bool = True
    notify_on_favorite: bool = True
    default_language: str | None = Field(default=None, max_length=35)

    user: UserRow = Relationship(back_populates="settings", sa_relationship_kwargs=_NO_LAZY_LOADS)


class FollowRow(SQLModel, table=True):
    """Self-referential association object: follower -> followee, with its own timestamp."""

    __tablename__ = "follows"
    __table_args__ = (sa.CheckConstraint("follower_id <> followee_id", name="no_self_follow"),)

    follower_id: int = Field(sa_column=_fk("users.id", primary_key=True))
    followee_id: int = Field(sa_column=_fk("users.id", primary_key=True))
    created_at: datetime = Field(sa_column=_timestamp())


class ArticleTagRow(SQLModel, table=True):
    """Link table of the articles <-> tags many-to-many."""

    __tablename__ = "article_tags"

    article_id: int = Field(sa_column=_fk("articles.id", primary_key=True))
    tag_id: int = Field(sa_column=_fk("tags.id", primary_key=True))


class TagRow(SQLModel, table=True):
    __tablename__ = "tags"
    __table_args__ = (sa.CheckConstraint("trim(name) <> ''", name="name_not_blank"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)

    articles: list["ArticleRow"] = Relationship(
        back_populates="tags", link_model=ArticleTagRow, sa_relationship_kwargs=_NO_LAZY_LOADS
    )


# JSONB on PostgreSQL (binary, indexable), JSON text on SQLite; SQL NULL for "none".
JsonDocument = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


# Optimistic locking: the article repository moves it with every change it stores, and the
# ORM's UPDATE checks it (``version_id_col``); HTTP shows it as the ETag.
_article_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class ArticleRow(TimestampedRow, table=True):
    """``meta``: the article's metadata object, NULL when it has none. ``word_count``: of the
    body, kept at write time so lists can show reading times without reading bodies.
    ``import_key``: the record's id in a bulk import, unique per author (NULL otherwise)."""

    __tablename__ = "articles"
    __mapper_args__ = {"version_id_col": _article_version, "version_id_generator": False}
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'published')", name="status"),
        sa.CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_at"),
        sa.CheckConstraint("version > 0", name="version"),
        sa.CheckConstraint("trim(title) <> ''", name="title_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=255, unique=True)
    title: str = Field(max_length=255)
    description: str = Field(sa_type=sa.Text)
    body: str = Field(sa_type=sa.Text)
    author_id: int = Field(sa_column=_fk("users.id"))
    # Rows written without a status (an older client, a manual insert) are published.
    status: str = Field(
        sa_column=sa.Column(sa.String(16), nullable=False, server_default="published")
    )
    published_at: datetime | None = Field(
        default=None, sa_column=sa.Column(UtcDateTime(), nullable=True)
    )
    deleted_at: datetime | None = Field(default=None, sa_column=_deleted_at())
    version: int = Field(default=1, sa_column=_article_version)
    meta: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(JsonDocument))
    word_count: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
    import_key: str | None = Field(default=None, max_length=100)

    author: UserRow = Relationship(back_populates="articles", sa_relationship_kwargs=_NO_LAZY_LOADS)
    tags: list[TagRow] = Relationship(
        back_populates="articles", link_model=ArticleTagRow, sa_relationship_kwargs=_NO_LAZY_LOADS
    )
    comments: list["CommentRow"] = Relationship(
        back_populates="article",
        passive_deletes="all",
        sa_relationship_kwargs=_NO_LAZY_LOADS,
    )


ANY_TAG = ""
ANY_AUTHOR = 0


class ArticleCountRow(SQLModel, table=True):
    """How many public articles (live, published) are tagged ``tag`` by ``author_id``; ``''``
    means any tag, ``0`` any author. Kept: overall (``'', 0``), per author (``'', id``) and per
    tag (``name, 0``), in the transaction of each change (``application.article_counts``), so a
    list's total is a primary-key range read. No foreign keys: ``''`` and ``0`` refer to nothing,
    and a tag is named as the lists filter by it. ``conduit recount`` rebuilds them.

    A count is the sum of its ``shard`` rows: each write adds to one shard picked at random
    (``counts.COUNT_SHARDS``), so concurrent writes seldom wait on each other's row lock, held
    until their commit; one shard alone may be negative."""

    __tablename__ = "article_counts"

    tag: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True, nullable=False))
    author_id: int = Field(sa_column=sa.Column(sa.Integer, primary_key=True, nullable=False))
    shard: int = Field(
        sa_column=sa.Column(
            sa.SmallInteger, primary_key=True, nullable=False, server_default=sa.text("0")
        )
    )
    articles: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))


class FavoriteRow(SQLModel, table=True):
    """Association object: a user's favorite article, with its own timestamp."""

    __tablename__ = "favorites"

    user_id: int = Field(sa_column=_fk("users.id", primary_key=True))
    article_id: int = Field(sa_column=_fk("articles.id", primary_key=True))
    created_at: datetime = Field(sa_column=_timestamp())


class CommentRow(TimestampedRow, table=True):
    __tablename__ = "comments"
    __table_args__ = (sa.CheckConstraint("trim(body) <> ''", name="body_not_blank"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_fk("articles.id"))
    author_id: int = Field(sa_column=_fk("users.id"))
    body: str = Field(sa_type=sa.Text)
    deleted_at: datetime | None = Field(default=None, sa_column=_deleted_at())

    article: ArticleRow = Relationship(
        back_populates="comments", sa_relationship_kwargs=_NO_LAZY_LOADS
    )


class IdempotencyKeyRow(SQLModel, table=True):
    """A request sent with an ``Idempotency-Key``: claimed by its fingerprint, then answered.

    ``scope`` is the caller (a user id, or ``anonymous``); no foreign key, so that keeping a
    caller's keys never blocks deleting the caller.
    """

    __tablename__ = "idempotency_keys"

    scope: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    key: str = Field(sa_column=sa.Column(sa.String(255), primary_key=True))
    fingerprint: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    claimed_at: datetime = Field(sa_column=_timestamp(index=True))
    # Which request holds the claim (``Claim.by``): it alone completes or releases it.
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    status: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    content_type: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(100), nullable=True)
    )
    body: bytes | None = Field(default=None, sa_column=sa.Column(sa.LargeBinary, nullable=True))
    headers: list[list[str]] | None = Field(
        default=None, sa_column=sa.Column(sa.JSON, nullable=True)
    )
    # Set by the write's own transaction (``infrastructure.held_keys``): it committed, so the
    # key is never released for another run, answered or not.
    landed_at: datetime | None = Field(
        default=None, sa_column=sa.Column(UtcDateTime(), nullable=True)
    )


class AuditEntryRow(SQLModel, table=True):
    """Append-only: nothing updates or deletes an entry (an actor's deletion only unlinks it).

    UUIDv7 keys: ordered by time (the log pages on them) yet not guessable or enumerable.
    """

    __tablename__ = "audit_entries"

    id: uuid.UUID = Field(sa_column=sa.Column(sa.Uuid, primary_key=True))
    occurred_at: datetime = Field(sa_column=_timestamp())
    actor_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
    )
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=16)
    before: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))


class OutboxRow(SQLModel, table=True):
    """An event written with its change; the relay leases, delivers and marks it."""

    __tablename__ = "outbox"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    occurred_at: datetime = Field(sa_column=_timestamp())
    # Due time: when the event may be leased (again), after a failure or a lost lease.
    available_at: datetime = Field(sa_column=_timestamp())
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    published_at: datetime | None = Field(
        default=None, sa_column=sa.Column(UtcDateTime(), nullable=True)
    )


class NotificationRow(SQLModel, table=True):
    """One recipient's notice of one event: what happened, by whom, on which article."""

    __tablename__ = "notifications"
    __table_args__ = (sa.UniqueConstraint("event_id", "recipient_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=36)
    recipient_id: int = Field(sa_column=_fk("users.id"))
    actor_id: int = Field(sa_column=_fk("users.id"))
    kind: str = Field(max_length=32)
    article_slug: str = Field(max_length=255)
    article_title: str = Field(max_length=255)
    comment_body: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_column=_timestamp())


# Indexes: every foreign key, and the columns the list filters and orderings use.
sa.Index("ix_follows_followee_id", FollowRow.__table__.c.followee_id)  # type: ignore[attr-defined]
sa.Index("ix_article_tags_tag_id", ArticleTagRow.__table__.c.tag_id)  # type: ignore[attr-defined]
sa.Index("ix_favorites_article_id", FavoriteRow.__table__.c.article_id)  # type: ignore[attr-defined]
# Public lists read live published articles only: a partial index holds just those rows.
_PUBLIC_ARTICLES = sa.text("deleted_at IS NULL AND status = 'published'")
sa.Index(
    "ix_articles_public_created_at_id",
    ArticleRow.__table__.c.created_at,  # type: ignore[attr-defined]
    ArticleRow.__table__.c.id,  # type: ignore[attr-defined]
    postgresql_where=_PUBLIC_ARTICLES,
    sqlite_where=_PUBLIC_ARTICLES,
)
# The purge finds what it removes by deletion time, without scanning live rows.
_DELETED = sa.text("deleted_at IS NOT NULL")
sa.Index(
    "ix_articles_deleted_at",
    ArticleRow.__table__.c.deleted_at,  # type: ignore[attr-defined]
    postgresql_where=_DELETED,
    sqlite_where=_DELETED,
)
sa.Index(
    "ix_comments_deleted_at",
    CommentRow.__table__.c.deleted_at,  # type: ignore[attr-defined]
    postgresql_where=_DELETED,
    sqlite_where=_DELETED,
)
sa.Index(
    "ix_articles_author_id_created_at",
    ArticleRow.__table__.c.author_id,  # type: ignore[attr-defined]
    ArticleRow.__table__.c.created_at,  # type: ignore[attr-defined]
)
sa.Index(
    "ix_comments_article_id_created_at",
    CommentRow.__table__.c.article_id,  # type: ignore[attr-defined]
    CommentRow.__table__.c.created_at,  # type: ignore[attr-defined]
)
# A unique index rather than a constraint: SQLite can add one without rebuilding the table.
sa.Index(
    "uq_articles_author_id_import_key",
    ArticleRow.__table__.c.author_id,  # type: ignore[attr-defined]
    ArticleRow.__table__.c.import_key,  # type: ignore[attr-defined]
    unique=True,
)
sa.Index("ix_comments_author_id", CommentRow.__table__.c.author_id)  # type: ignore[attr-defined]

# The audit log filters by kind of entity or by actor, newest (highest id) first.
sa.Index(
    "ix_audit_entries_by_entity",
    AuditEntryRow.__table__.c.entity,  # type: ignore[attr-defined]
    AuditEntryRow.__table__.c.id,  # type: ignore[attr-defined]
)
sa.Index(
    "ix_audit_entries_by_actor",
    AuditEntryRow.__table__.c.actor_id,  # type: ignore[attr-defined]
    AuditEntryRow.__table__.c.id,  # type: ignore[attr-defined]
)
# The relay's lease query: unpublished events that are due, oldest first.
sa.Index(
    "ix_outbox_published_at_available_at",
    OutboxRow.__table__.c.published_at,  # type: ignore[attr-defined]
    OutboxRow.__table__.c.available_at,  # type: ignore[attr-defined]
)
sa.Index(
    "ix_notifications_recipient_id_id",
    NotificationRow.__table__.c.recipient_id,  # type: ignore[attr-defined]
    NotificationRow.__table__.c.id,  # type: ignore[attr-defined]
)
sa.Index("ix_notifications_actor_id", NotificationRow.__table__.c.actor_id)  # type: ignore[attr-defined]

users = UserRow.__table__  # type: ignore[attr-defined]
user_settings = UserSettingsRow.__table__  # type: ignore[attr-defined]
follows = FollowRow.__table__  # type: ignore[attr-defined]
tags = TagRow.__table__  # type: ignore[attr-defined]
idempotency_keys = IdempotencyKeyRow.__table__  # type: ignore[attr-defined]
article_tags = ArticleTagRow.__table__  # type: ignore[attr-defined]
articles = ArticleRow.__table__  # type: ignore[attr-defined]
article_counts = ArticleCountRow.__table__  # type: ignore[attr-defined]
favorites = FavoriteRow.__table__  # type: ignore[attr-defined]
comments = CommentRow.__table__  # type: ignore[attr-defined]
audit_entries = AuditEntryRow.__table__  # type: ignore[attr-defined]
outbox = OutboxRow.__table__  # type: ignore[attr-defined]
notifications = NotificationRow.__table__  # type: ignore[attr-defined]
