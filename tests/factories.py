"""Builders and test doubles shared by every tier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.articles.article import Article, ArticleStatus
from domain.articles.values import Slug
from domain.users.user import User
from domain.users.values import Email, Username
from infrastructure.settings import Settings

if TYPE_CHECKING:
    from httpx import AsyncClient

EPOCH = datetime(2026, 1, 1, 12, 0, 0, 123000, tzinfo=UTC)
PASSWORD = "correct horse battery"


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime = EPOCH) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def settings_for_tests(database_url: str = "memory", **overrides: Any) -> Settings:
    """Settings with a cheap password hash, so tests spend their time on behaviour."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "env": "test",
        "password_hash_memory_kib": 64,
        "password_hash_time_cost": 1,
    }
    return Settings(**(values | overrides))


def a_user(name: str = "jake", *, password_hash: str = "hash") -> User:
    return User.register(
        username=Username(name), email=Email(f"{name}@example.com"), password_hash=password_hash
    )


def an_article(
    author_id: int,
    title: str = "How to train your dragon",
    *,
    tags: list[str] | None = None,
    at: datetime = EPOCH,
    status: ArticleStatus = ArticleStatus.PUBLISHED,
) -> Article:
    """``at`` is its ``published_at`` if published; storage sets the timestamps."""
    return Article.write(
        author_id=author_id,
        title=title,
        description="Ever wonder how?",
        body="You have to believe",
        tags=tags if tags is not None else ["dragons", "training"],
        slug=Slug.from_title(title),
        now=at,
        status=status,
    )


async def register(client: AsyncClient, name: str) -> dict[str, str]:
    """Register ``name`` over HTTP; returns the Authorization header for it."""
    response = await client.post(
        "/api/users",
        json={"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}},
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Token {response.json()['user']['token']}"}


async def publish(
    client: AsyncClient, auth: dict[str, str], title: str = "How to train your dragon", **extra: Any
) -> dict[str, Any]:
    """Create an article over HTTP; returns the article JSON."""
    article = {"title": title, "description": "Ever wonder how?", "body": "Very carefully."}
    response = await client.post("/api/articles", json={"article": article | extra}, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json()["article"])
