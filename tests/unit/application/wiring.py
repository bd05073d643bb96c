"""One Conduit per test: the real use cases over one in-memory store, a FixedClock and JWTs.

Use cases are built fresh on every access, as the container's ``Factory`` providers do.
"""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from application.admin.list_audit_entries import ListAuditEntries
from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.delete_article import DeleteArticle
from application.articles.favorite_article import FavoriteArticle
from application.articles.feed_articles import FeedArticles
from application.articles.get_article import GetArticle
from application.articles.list_articles import ListArticles
from application.articles.list_own_articles import ListOwnArticles
from application.articles.publish_article import PublishArticle
from application.articles.purge_deleted import PurgeDeleted
from application.articles.restore_article import RestoreArticle
from application.articles.unfavorite_article import UnfavoriteArticle
from application.articles.update_article import UpdateArticle
from application.comments.add_comment import AddComment, AddCommentCommand
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments
from application.ports.security import PasswordHasher
from application.profiles.follow_user import FollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.unfollow_user import UnfollowUser
from application.tags.list_tags import ListTags
from application.users.authenticate import Authenticate
from application.users.get_current_user import GetCurrentUser
from application.users.login_user import LoginLimits, LoginUser
from application.users.make_admin import MakeAdmin
from application.users.register_user import RegisterUser, RegisterUserCommand
from application.users.update_current_user import UpdateCurrentUser
from infrastructure.persistence.memory.queries import (
    InMemoryArticleQueries,
    InMemoryAuditQueries,
    InMemoryCommentQueries,
    InMemoryProfileQueries,
    InMemoryTagQueries,
    InMemoryTokenVersions,
)
from infrastructure.persistence.memory.store import MemoryStore
from infrastructure.persistence.memory.unit_of_work import InMemoryUnitOfWork
from infrastructure.rate_limiting.memory import InMemoryRateLimiter
from infrastructure.security.tokens import JwtTokenService
from tests.factories import PASSWORD, FixedClock

RETENTION = timedelta(days=30)
SECRET_KEY = "unit-tests-secret-key-0123456789-abcdef"
TTL_MINUTES = 60
LOGIN_LIMITS = LoginLimits(per_account=5, per_address=20, window_seconds=60)


class Conduit:
    def __init__(self, hasher: PasswordHasher, clock: FixedClock | None = None) -> None:
        self.store = MemoryStore()
        self.clock = clock or FixedClock()
        self.hasher = hasher
        self.tokens = JwtTokenService(
            secret_key=SECRET_KEY, ttl_minutes=TTL_MINUTES, clock=self.clock
        )
        self.article_queries = InMemoryArticleQueries(self.store)
        self.profile_queries = InMemoryProfileQueries(self.store)
        self.comment_queries = InMemoryCommentQueries(self.store)
        self.tag_queries = InMemoryTagQueries(self.store)
        self.token_versions = InMemoryTokenVersions(self.store)
        self.rate_limiter = InMemoryRateLimiter(self.clock)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store, self.clock)

    @property
    def register_user(self) -> RegisterUser:
        return RegisterUser(self.uow(), self.hasher, self.tokens)

    @property
    def login_user(self) -> LoginUser:
        return LoginUser(self.uow(), self.hasher, self.tokens, self.rate_limiter, LOGIN_LIMITS)

    @property
    def authenticate(self) -> Authenticate:
        return Authenticate(self.tokens, self.token_versions)

    @property
    def get_current_user(self) -> GetCurrentUser:
        return GetCurrentUser(self.uow(), self.tokens)

    @property
    def update_current_user(self) -> UpdateCurrentUser:
        return UpdateCurrentUser(self.uow(), self.hasher, self.tokens, self.token_versions)

    @property
    def get_profile(self) -> GetProfile:
        return GetProfile(self.profile_queries)

    @property
    def follow_user(self) -> FollowUser:
        return FollowUser(self.uow())

    @property
    def unfollow_user(self) -> UnfollowUser:
        return UnfollowUser(self.uow())

    @property
    def create_article(self) -> CreateArticle:
        return CreateArticle(self.uow(), self.clock)

    @property
    def get_article(self) -> GetArticle:
        return GetArticle(self.article_queries)

    @property
    def list_articles(self) -> ListArticles:
        return ListArticles(self.article_queries)

    @property
    def feed_articles(self) -> FeedArticles:
        return FeedArticles(self.article_queries)

    @property
    def update_article(self) -> UpdateArticle:
        return UpdateArticle(self.uow(), self.clock)

    @property
    def delete_article(self) -> DeleteArticle:
        return DeleteArticle(self.uow(), self.clock)

    @property
    def restore_article(self) -> RestoreArticle:
        return RestoreArticle(self.uow(), self.clock, RETENTION)

    @property
    def list_own_articles(self) -> ListOwnArticles:
        return ListOwnArticles(self.article_queries)

    @property
    def publish_article(self) -> PublishArticle:
        return PublishArticle(self.uow(), self.clock)

    @property
    def purge_deleted(self) -> PurgeDeleted:
        return PurgeDeleted(self.uow(), self.clock)

    @property
    def favorite_article(self) -> FavoriteArticle:
        return FavoriteArticle(self.uow())

    @property
    def unfavorite_article(self) -> UnfavoriteArticle:
        return UnfavoriteArticle(self.uow())

    @property
    def add_comment(self) -> AddComment:
        return AddComment(self.uow())

    @property
    def list_comments(self) -> ListComments:
        return ListComments(self.comment_queries)

    @property
    def delete_comment(self) -> DeleteComment:
        return DeleteComment(self.uow(), self.clock)

    @property
    def list_tags(self) -> ListTags:
        return ListTags(self.tag_queries)

    @property
    def make_admin(self) -> MakeAdmin:
        return MakeAdmin(self.uow())

    @property
    def list_audit_entries(self) -> ListAuditEntries:
        return ListAuditEntries(self.uow(), InMemoryAuditQueries(self.store))

    async def sign_up(self, name: str, password: str = PASSWORD) -> int:
        """Register ``name`` through the use case; returns the stored user's id."""
        await self.register_user.execute(
            RegisterUserCommand(username=name, email=f"{name}@example.com", password=password)
        )
        return self.user_id(name)

    async def publish(
        self, author_id: int, title: str = "How to train your dragon", tags: list[str] | None = None
    ) -> str:
        """Create an article through the use case; returns its slug."""
        view = await self.create_article.execute(
            CreateArticleCommand(
                author_id=author_id,
                title=title,
                description="Ever wonder how?",
                body="You have to believe",
                tags=tags if tags is not None else [],
            )
        )
        return view.slug

    async def comment(self, slug: str, author_id: int, body: str = "Thank you!") -> int:
        view = await self.add_comment.execute(
            AddCommentCommand(slug=slug, author_id=author_id, body=body)
        )
        return view.id

    def user_id(self, name: str) -> int:
        user = next(u for u in self.store.committed.users.values() if u.username.value == name)
        assert user.id is not None
        return user.id

    def snapshot(self) -> dict[str, Any]:
        """Everything committed, as plain values, to compare before and after a use case."""
        return asdict(self.store.committed)
