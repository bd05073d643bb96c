"""The article entity: the author alone may see a draft, change, delete or restore it; what
happens to it is raised as a domain event."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from domain.articles.errors import ArticleNotFound
from domain.articles.metadata import JsonValue, article_metadata
from domain.articles.values import (
    Slug,
    clean_body,
    clean_description,
    clean_import_key,
    clean_title,
    tag_set,
    word_count,
)
from domain.events import (
    ArticleDeleted,
    ArticleEdited,
    ArticleFavorited,
    ArticlePublished,
    ArticleRestored,
    ArticleUnfavorited,
)
from domain.shared.entity import Entity
from domain.shared.errors import InvalidValue, PermissionDenied


class NotArticleAuthor(PermissionDenied):
    """Someone other than the author tried to change an article."""

    def __init__(self) -> None:
        super().__init__("only the author may change this article")


class RestoreWindowClosed(InvalidValue):
    """The article was deleted longer ago than the retention window allows to restore."""

    def __init__(self, retention: timedelta) -> None:
        super().__init__(
            f"slug was deleted more than {retention.days} days ago and can no longer be restored",
            field="slug",
        )


class ArticleStatus(StrEnum):
    """A draft is its author's alone; a published article is everyone's to read."""

    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(eq=False, slots=True)
class Article(Entity):
    """A piece of writing. ``tags`` are unique and sorted; ``published_at`` is set while the
    article is published; ``deleted_at`` is set while it sits in its author's bin, invisible
    to every read, its slug still reserved. ``version`` counts stored changes: storage moves
    it on every write that changes something and refuses a write based on an older one
    (optimistic locking).
    ``metadata`` is validated by ``article_metadata``; ``import_key`` is set on articles that
    came from a bulk import."""

    slug: Slug
    title: str
    description: str
    body: str
    tags: tuple[str, ...]
    author_id: int
    status: ArticleStatus = ArticleStatus.PUBLISHED
    published_at: datetime | None = None
    deleted_at: datetime | None = None
    version: int = 1
    id: int | None = None
    metadata: dict[str, JsonValue] = field(default_factory=dict)
    import_key: str | None = None

    @classmethod
    def write(
        cls,
        *,
        author_id: int,
        title: str,
        description: str,
        body: str,
        tags: list[str],
        slug: Slug,
        now: datetime,
        status: ArticleStatus = ArticleStatus.PUBLISHED,
        metadata: Mapping[str, JsonValue] | None = None,
        import_key: str | None = None,
        created_at: datetime | None = None,
    ) -> "Article":
        """A new article, published at ``now`` unless asked to be a draft (RealWorld clients
        ask not). ``import_key`` and ``created_at`` are given when it comes from a bulk import
        (writing older than this store); otherwise storage sets ``created_at``.

        A new published article is news to its author's followers (``ArticlePublished``);
        an imported one is history, and raises nothing."""
        article = cls(
            slug=slug,
            title=clean_title(title),
            description=clean_description(description),
            body=clean_body(body),
            tags=tag_set(tags),
            author_id=author_id,
            created_at=created_at,
            status=status,
            published_at=now if status is ArticleStatus.PUBLISHED else None,
            metadata=article_metadata(metadata or {}),
            import_key=clean_import_key(import_key) if import_key is not None else None,
        )
        if status is ArticleStatus.PUBLISHED and import_key is None:
            article._raise(article._published)
        return article

    @property
    def word_count(self) -> int:
        return word_count(self.body)

    # The rules below are stated once, here; the storage adapters translate them (the SQL
    # adapter into query predicates) and the contract suite proves that they agree.

    def is_authored_by(self, user_id: int | None) -> bool:
        """Ownership: an article is its author's alone to change, delete or restore."""
        return user_id == self.author_id

    def is_visible_to(self, user_id: int | None) -> bool:
        """A published article is everyone's to read; a draft, its author's alone."""
        return self.status is ArticleStatus.PUBLISHED or self.is_authored_by(user_id)

    @property
    def is_public(self) -> bool:
        """In the lists, feeds and search: live (not in its author's bin) and published."""
        return self.deleted_at is None and self.status is ArticleStatus.PUBLISHED

    def ensure_visible_to(self, user_id: int | None) -> None:
        """To anyone but its author, a draft does not exist."""
        if not self.is_visible_to(user_id):
            raise ArticleNotFound()

    def ensure_author(self, user_id: int) -> None:
        self.ensure_visible_to(user_id)
        if not self.is_authored_by(user_id):
            raise NotArticleAuthor()

    def edit(
        self,
        *,
        by: int,
        now: datetime,
        title: str | None = None,
        description: str | None = None,
        body: str | None = None,
        tags: list[str] | None = None,
        status: ArticleStatus | None = None,
        metadata: Mapping[str, JsonValue] | None = None,
    ) -> None:
        """Change the given fields (``metadata`` is replaced whole); the slug stays stable so
        links keep working. ``now`` is the ``published_at`` of an edit that publishes.

        Raises ``ArticleEdited`` (even when nothing changed: the author saved), then
        ``ArticlePublished`` when the edit took a draft public."""
        self.ensure_author(by)
        was_draft = self.status is ArticleStatus.DRAFT
        if title is not None:
            self.title = clean_title(title)
        if description is not None:
            self.description = clean_description(description)
        if body is not None:
            self.body = clean_body(body)
        if tags is not None:
            self.tags = tag_set(tags)
        if status is not None:
            self._move_to(status, now)
        if metadata is not None:
            self.metadata = article_metadata(metadata)
        self._raise(lambda: ArticleEdited(self.stored_id(), self.slug.value, self.author_id))
        if was_draft and self.status is ArticleStatus.PUBLISHED:
            self._raise(self._published)

    def publish(self, *, by: int, now: datetime) -> None:
        """Make a draft public (``ArticlePublished``); publishing a published article changes
        nothing and raises nothing."""
        self.ensure_author(by)
        if self.status is ArticleStatus.DRAFT:
            self._move_to(ArticleStatus.PUBLISHED, now)
            self._raise(self._published)

    def delete(self, *, by: int, now: datetime) -> None:
        """Move the article to its author's bin; it can be restored within the retention."""
        self.ensure_author(by)
        self.deleted_at = now
        self._raise(lambda: ArticleDeleted(self.stored_id(), self.slug.value, self.author_id))

    def restore(self, *, by: int, now: datetime, retention: timedelta) -> None:
        """Take the article out of the bin. To anyone but its author it does not exist."""
        if self.deleted_at is None or not self.is_authored_by(by):
            raise ArticleNotFound()
        if now - self.deleted_at > retention:
            raise RestoreWindowClosed(retention)
        self.deleted_at = None
        self._raise(lambda: ArticleRestored(self.stored_id(), self.slug.value, self.author_id))

    def favorite(self, *, by: int) -> None:
        """A reader marks the article a favorite (storage counts it once however often)."""
        self.ensure_visible_to(by)
        self._raise(
            lambda: ArticleFavorited(
                self.stored_id(), self.slug.value, self.title, self.author_id, user_id=by
            )
        )

    def unfavorite(self, *, by: int) -> None:
        """A reader takes the article out of their favorites (an absent one is fine)."""
        self.ensure_visible_to(by)
        self._raise(lambda: ArticleUnfavorited(self.stored_id(), self.slug.value, user_id=by))

    def _move_to(self, status: ArticleStatus, now: datetime) -> None:
        if status is not self.status:
            self.status = status
            self.published_at = now if status is ArticleStatus.PUBLISHED else None

    def _published(self) -> ArticlePublished:
        """The article went public: its author's followers hear of it."""
        return ArticlePublished(self.stored_id(), self.slug.value, self.title, self.author_id)
