"""The benchmarked endpoints, and the data each request needs (a slug, a token, a login)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg  # type: ignore[import-untyped]
import jwt

from bench.config import PASSWORD, SECRET_KEY, asyncpg_url
from bench.data import READER_ID

KEYS = (
    "articles",
    "articles_auth",
    "feed",
    "article",
    "profile",
    "tags",
    "comments",
    "login",
    "create_article",
)
# The targets: reads within 0.7 of the reference, article creation within 0.5.
READ_TARGET, WRITE_TARGET = 0.7, 0.5


@dataclass(frozen=True, slots=True)
class Fixtures:
    """Picked from the seeded data: the reader's token and email, the article with the most
    comments, an author the reader follows, and tag names for new articles."""

    token: str
    email: str
    slug: str
    username: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    script: str
    authenticated: bool
    status: int
    target: float | None


async def load_fixtures(url: str) -> Fixtures:
    connection = await asyncpg.connect(asyncpg_url(url))
    try:
        email = await connection.fetchval("SELECT email FROM users WHERE id = $1", READER_ID)
        slug = await connection.fetchval(
            "SELECT a.slug FROM articles a JOIN comments c ON c.article_id = a.id"
            " GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1"
        )
        username = await connection.fetchval(
            "SELECT u.username FROM follows f JOIN users u ON u.id = f.followee_id"
            " WHERE f.follower_id = $1 ORDER BY u.id LIMIT 1",
            READER_ID,
        )
        tags = await connection.fetch("SELECT name FROM tags ORDER BY id LIMIT 12")
    finally:
        await connection.close()
    now = datetime.now(UTC)
    claims = {"sub": str(READER_ID), "iat": now, "exp": now + timedelta(days=1)}
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    return Fixtures(token, email, slug, username, tuple(row["name"] for row in tags))


def _read(key: str, template: str, *, auth: bool, **values: str) -> Endpoint:
    """A GET whose label shows the path template and whose path has the values filled in."""
    label = f"GET {template}" + (" (auth)" if auth else "")
    path = template.format(**values)
    return Endpoint(key, label, "GET", path, "get.lua", auth, 200, READ_TARGET)


def endpoints(fixtures: Fixtures, selected: tuple[str, ...] = KEYS) -> list[Endpoint]:
    """In benchmark order: reads, then login, then the write (whose rows are discarded)."""
    slug, username = fixtures.slug, fixtures.username
    every = [
        _read("articles", "/api/articles?limit=20", auth=False),
        _read("articles_auth", "/api/articles?limit=20", auth=True),
        _read("feed", "/api/articles/feed", auth=True),
        _read("article", "/api/articles/{slug}", auth=True, slug=slug),
        _read("profile", "/api/profiles/{username}", auth=True, username=username),
        _read("tags", "/api/tags", auth=False),
        _read("comments", "/api/articles/{slug}/comments", auth=True, slug=slug),
        Endpoint(
            key="login",
            label="POST /api/users/login",
            method="POST",
            path="/api/users/login",
            script="login.lua",
            authenticated=False,
            status=200,
            target=None,
        ),
        Endpoint(
            key="create_article",
            label="POST /api/articles (auth)",
            method="POST",
            path="/api/articles",
            script="create_article.lua",
            authenticated=True,
            status=201,
            target=WRITE_TARGET,
        ),
    ]
    return [endpoint for endpoint in every if endpoint.key in selected]


def login_body(fixtures: Fixtures) -> dict[str, object]:
    return {"user": {"email": fixtures.email, "password": PASSWORD}}


def article_body(title: str, fixtures: Fixtures, number: int) -> dict[str, object]:
    """What ``create_article.lua`` sends: three pool tags, a short description and body."""
    tags = [fixtures.tags[(number + i) % len(fixtures.tags)] for i in range(3)]
    return {
        "article": {
            "title": title,
            "description": "Measured under load",
            "body": "A benchmark article. " * 20,
            "tagList": tags,
        }
    }
