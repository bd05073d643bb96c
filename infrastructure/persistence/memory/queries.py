"""Read ports over the committed in-memory data, answering exactly as the SQL adapter does."""

import copy
import uuid
from collections import Counter
from datetime import datetime

from application import read_models as views
from application.pagination import Position
from application.ports import queries as ports
from application.ports.security import TokenVersions
from domain.articles.article import Article, ArticleStatus
from domain.articles.comment import Comment
from domain.users.user import User
from infrastructure.persistence.memory.store import MemoryData, MemoryStore


class _MemoryReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _data(self) -> MemoryData:
        return self._store.committed

    def _profile(self, user: User, viewer_id: int | None) -> views.ProfileView:
        return views.ProfileView(
            username=user.username.value,
            bio=user.bio,
            image=user.image,
            following=(viewer_id, user.id) in self._data.follows,
        )

    def _user_id(self, username: str) -> int | None:
        return next((u.id for u in self._data.users.values() if u.username.value == username), None)

    def _public_articles(self) -> list[Article]:
        return [a for a in self._data.articles.values() if a.is_public]

    def _visible_article(self, slug: str, viewer_id: int | None) -> Article | None:
        """The live article with this slug, if the domain lets the viewer read it."""
        return next(
            (
                a
                for a in self._data.articles.values()
                if a.slug.value == slug and a.deleted_at is None and a.is_visible_to(viewer_id)
            ),
            None,
        )


class InMemoryArticleQueries(_MemoryReader, ports.ArticleQueries):
    async def list_articles(
        self, filters: ports.ArticleFilter, viewer_id: int | None
    ) -> views.ArticlePage:
        matches = self._public_articles()
        if filters.tag is not None:
            matches = [a for a in matches if filters.tag in a.tags]
        if filters.language is not None:
            matches = [a for a in matches if a.metadata.get("language") == filters.language]
        if filters.author is not None:
            author_id = self._user_id(filters.author)
            matches = [a for a in matches if a.author_id == author_id]
        if filters.favorited_by is not None:
            fan_id = self._user_id(filters.favorited_by)
            matches = [a for a in matches if (fan_id, a.id) in self._data.favorites]
        return self._page(matches, viewer_id, filters.limit, filters.offset, filters.after)

    async def feed(
        self, viewer_id: int, limit: int, offset: int, after: Position | None = None
    ) -> views.ArticlePage:
        followed = {followee for follower, followee in self._data.follows if follower == viewer_id}
        matches = [a for a in self._public_articles() if a.author_id in followed]
        return self._page(matches, viewer_id, limit, offset, after)

    async def own_articles(
        self,
        author_id: int,
        shelf: ports.Shelf,
        limit: int,
        offset: int,
        after: Position | None = None,
    ) -> views.ArticlePage:
        matches = [
            a
            for a in self._data.articles.values()
            if a.is_authored_by(author_id) and _on_shelf(a, shelf)
        ]
        return self._page(matches, author_id, limit, offset, after)

    async def get_article(self, slug: str, viewer_id: int | None) -> views.ArticleView | None:
        article = self._visible_article(slug, viewer_id)
        return self._view(article, viewer_id, with_body=True) if article else None

    def _page(
        self,
        matches: list[Article],
        viewer_id: int | None,
        limit: int,
        offset: int,
        after: Position | None,
    ) -> views.ArticlePage:
        newest_first = sorted(matches, key=_position, reverse=True)
        if after is not None:
            newest_first = [a for a in newest_first if _position(a) < (after.created_at, after.id)]
        page = newest_first[offset : offset + limit]
        more = len(newest_first) > offset + limit
        return views.ArticlePage(
            articles=tuple(self._view(a, viewer_id, with_body=False) for a in page),
            total=len(matches),
            next=Position(*_position(page[-1])) if more else None,
        )

    def _view(
        self, article: Article, viewer_id: int | None, *, with_body: bool
    ) -> views.ArticleView:
        favorites = self._data.favorites
        created_at, updated_at = article.stored_times()
        return views.ArticleView(
            slug=article.slug.value,
            title=article.title,
            description=article.description,
            body=article.body if with_body else None,
            tags=article.tags,
            created_at=created_at,
            updated_at=updated_at,
            favorited=(viewer_id, article.id) in favorites,
            favorites_count=sum(1 for _, article_id in favorites if article_id == article.id),
            author=self._profile(self._data.users[article.author_id], viewer_id),
            status=article.status,
            deleted_at=article.deleted_at,
            version=article.version,
            metadata=copy.deepcopy(article.metadata),
            word_count=article.word_count,
        )


def _on_shelf(article: Article, shelf: ports.Shelf) -> bool:
    match shelf:
        case ports.Shelf.DELETED:
            return article.deleted_at is not None
        case ports.Shelf.DRAFTS:
            return article.deleted_at is None and article.status is ArticleStatus.DRAFT


def _position(article: Article) -> tuple[datetime, int]:
    return (article.stored_times()[0], article.id or 0)


class InMemoryProfileQueries(_MemoryReader, ports.ProfileQueries):
    async def get_profile(self, username: str, viewer_id: int | None) -> views.ProfileView | None:
        user_id = self._user_id(username)
        return self._profile(self._data.users[user_id], viewer_id) if user_id else None

    async def get_stats(self, username: str) -> views.ProfileStatsView | None:
        user_id = self._user_id(username)
        if user_id is None:
            return None
        data = self._data
        public = {a.id: a for a in self._public_articles()}
        received = Counter(
            public[article_id].author_id for _, article_id in data.favorites if article_id in public
        )
        own = [a for a in public.values() if a.author_id == user_id]
        uses = Counter(tag for article in own for tag in article.tags)
        ordered = sorted(uses.items(), key=lambda pair: (-pair[1], pair[0]))[: ports.TOP_TAGS]
        comments = [
            c
            for c in data.comments.values()
            if c.author_id == user_id and c.deleted_at is None and c.article_id in public
        ]
        return views.ProfileStatsView(
            username=username,
            articles=len(own),
            comments=len(comments),
            favorites_received=received[user_id],
            followers=sum(1 for _, followee in data.follows if followee == user_id),
            # RANK(): one more than the number of users who received strictly more.
            favorites_rank=1 + sum(1 for u in data.users if received[u] > received[user_id]),
            top_tags=tuple(views.TagCount(tag, count) for tag, count in ordered),
        )


class InMemoryCommentQueries(_MemoryReader, ports.CommentQueries):
    async def list_comments(
        self, slug: str, viewer_id: int | None
    ) -> tuple[views.CommentView, ...] | None:
        article = self._visible_article(slug, viewer_id)
        if article is None:
            return None
        on_article = [
            c
            for c in self._data.comments.values()
            if c.article_id == article.id and c.deleted_at is None
        ]
        oldest_first = sorted(on_article, key=lambda c: (c.stored_times()[0], c.id or 0))
        return tuple(self._comment_view(comment, viewer_id) for comment in oldest_first)

    def _comment_view(self, comment: Comment, viewer_id: int | None) -> views.CommentView:
        created_at, updated_at = comment.stored_times()
        return views.CommentView(
            id=comment.id or 0,
            body=comment.body,
            created_at=created_at,
            updated_at=updated_at,
            author=self._profile(self._data.users[comment.author_id], viewer_id),
        )

    async def comment_page(
        self, slug: str, viewer_id: int | None, limit: int, after: Position | None = None
    ) -> views.CommentPage | None:
        every = await self.list_comments(slug, viewer_id)
        if every is None:
            return None
        if after is not None:
            every = tuple(c for c in every if (c.created_at, c.id) > (after.created_at, after.id))
        page = every[:limit]
        last = page[-1] if len(every) > limit else None
        return views.CommentPage(
            comments=page, next=Position(last.created_at, last.id) if last else None
        )


class InMemoryTagQueries(_MemoryReader, ports.TagQueries):
    async def list_tags(self) -> tuple[str, ...]:
        return tuple(sorted({tag for a in self._public_articles() for tag in a.tags}))


class InMemoryTokenVersions(_MemoryReader, TokenVersions):
    """Reads the committed store every time: nothing to cache, so nothing goes stale."""

    async def current(
        self,
        user_id: int,
        *,
        fresh: bool = False,  # noqa: ARG002 (always fresh here)
    ) -> int | None:
        user = self._data.users.get(user_id)
        return user.token_version if user is not None else None

    async def changed(
        self,
        user_id: int,  # noqa: ARG002 (the store is the truth: nothing to update)
        token_version: int,  # noqa: ARG002 (idem)
    ) -> None:
        return None


class InMemoryAuditQueries(_MemoryReader, ports.AuditQueries):
    async def list_entries(self, filters: ports.AuditFilter) -> views.AuditPage:
        entries = sorted(self._data.audit, key=lambda entry: entry.id, reverse=True)
        if filters.entity is not None:
            entries = [e for e in entries if e.entity == filters.entity]
        if filters.actor is not None:
            actor_id = self._user_id(filters.actor)
            entries = [e for e in entries if actor_id is not None and e.actor_id == actor_id]
        if filters.after is not None:
            after = uuid.UUID(filters.after)
            entries = [e for e in entries if e.id < after]
        page = tuple(
            views.AuditEntryView(
                id=str(entry.id),
                occurred_at=entry.occurred_at,
                actor=self._data.users[entry.actor_id].username.value
                if entry.actor_id in self._data.users
                else None,
                entity=entry.entity,
                entity_id=entry.entity_id,
                action=entry.action,
                before=entry.before,
                after=entry.after,
            )
            for entry in entries[: filters.limit]
        )
        return views.AuditPage(
            entries=page, next=page[-1].id if len(entries) > filters.limit else None
        )
