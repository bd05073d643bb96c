"""The real container over the memory backend, as the unit tests drive it.

Nothing is wired here: ``conduit.create_article`` is what the container's provider of that name
gives at that moment, so a use case is built afresh on every access, as the application builds
it. Only the clock and, where a test says so, the password hasher are overridden.
"""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from dependency_injector import providers

from application.articles.create_article import CreateArticleCommand
from application.comments.add_comment import AddCommentCommand
from application.ports.security import PasswordHasher, TokenService
from application.users.login_user import LoginLimits
from application.users.register_user import RegisterUserCommand
from infrastructure.container import Container
from infrastructure.persistence.memory.store import MemoryStore
from tests.factories import PASSWORD, FixedClock, settings_for_tests

RETENTION = timedelta(days=30)
SECRET_KEY = "unit-tests-secret-key-0123456789-abcdef"
TTL_MINUTES = 60
LOGIN_LIMITS = LoginLimits(per_account=5, per_address=20, window_seconds=60)
SETTINGS = settings_for_tests(
    "memory",
    redis_url=None,
    secret_key=SECRET_KEY,
    access_token_ttl_minutes=TTL_MINUTES,
    soft_delete_retention_days=RETENTION.days,
    login_attempts_per_account=LOGIN_LIMITS.per_account,
    login_attempts_per_address=LOGIN_LIMITS.per_address,
    login_window_seconds=LOGIN_LIMITS.window_seconds,
)


def memory_container(clock: FixedClock, hasher: PasswordHasher | None = None) -> Container:
    """The application's container on the memory backend, at ``clock``'s time."""
    return on_memory(Container(), clock, hasher)


def on_memory(
    container: Container, clock: FixedClock, hasher: PasswordHasher | None = None
) -> Container:
    """``container`` as new: an empty store, nothing cached, no override but these."""
    container.reset_override()
    container.reset_singletons()
    container.settings.override(providers.Object(SETTINGS))
    container.clock.override(providers.Object(clock))
    if hasher is not None:
        container.password_hasher.override(providers.Object(hasher))
    return container


class Conduit:
    def __init__(self, container: Container) -> None:
        self.container = container

    def __getattr__(self, provider: str) -> Any:
        return getattr(self.container, provider)()

    @property
    def store(self) -> MemoryStore:
        store: MemoryStore = self.container.storage().store()
        return store

    @property
    def clock(self) -> FixedClock:
        clock: FixedClock = self.container.clock()
        return clock

    @property
    def tokens(self) -> TokenService:
        tokens: TokenService = self.container.token_service()
        return tokens

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
        return str(view.slug)

    async def comment(self, slug: str, author_id: int, body: str = "Thank you!") -> int:
        view = await self.add_comment.execute(
            AddCommentCommand(slug=slug, author_id=author_id, body=body)
        )
        return int(view.id)

    def user_id(self, name: str) -> int:
        user = next(u for u in self.store.committed.users.values() if u.username.value == name)
        assert user.id is not None
        return user.id

    def snapshot(self) -> dict[str, Any]:
        """Everything committed, as plain values, to compare before and after a use case."""
        return asdict(self.store.committed)
