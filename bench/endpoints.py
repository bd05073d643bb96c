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
    "update_article",
    "comment",
    "favorite",
)
# The targets: reads within 0.7 of the reference, article creation within 0.5.
READ_TARGET, WRITE_TARGET = 0.7, 0.5


@dataclass(frozen=True, slots=True)
class Fixtures:
    """Picked from the seeded data: the reader's token and email, the article with the most
    comments, an author the reader follows, tag names for new articles, the reader's own
    articles (to edit) and published articles the reader has not favorited (to favorite)."""

    token: str
    email: str
    slug: str
    username: str
    tags: tuple[str, ...]
    own_slugs: tuple[str, ...]
    favorite_slugs: tuple[str, ...]


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
        own = await connection.fetch(
            "SELECT slug FROM articles WHERE author_id = $1 AND deleted_at IS NULL"
            " AND status = 'published' ORDER BY id LIMIT 16",
            READER_ID,
        )
        unfavorited = await connection.fetch(
            "SELECT slug FROM articles a WHERE deleted_at IS NULL AND status = 'published'"
            " AND NOT EXISTS (SELECT 1 FROM favorites f"
            " WHERE f.article_id = a.id AND f.user_id = $1) ORDER BY id LIMIT 64",
            READER_ID,
        )
    finally:
        await connection.close()
    now = datetime.now(UTC)
    claims = {"sub": str(READER_ID), "iat": now, "exp": now + timedelta(days=1)}
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    return Fixtures(
        token,
        email,
        slug,
        username,
        tuple(row["name"] for row in tags),
        tuple(row["slug"] for row in own),
        tuple(row["slug"] for row in unfavorited),
    )


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
    first_own, first_unfavorited = fixtures.own_slugs[0], fixtures.favorite_slugs[0]
    every += [
        # Each request edits the body of one of the reader's articles, in turn.
        _write("update_article", "PUT", "/api/articles/{slug}", first_own, "update_article.lua"),
        _write("comment", "POST", "/api/articles/{slug}/comments", slug, "comment.lua"),
        # Favorite, then unfavorite, each article of a pool in turn: every request is a write.
        _write(
            "favorite",
            "POST+DELETE",
            "/api/articles/{slug}/favorite",
            first_unfavorited,
            "favorite.lua",
        ),
    ]
    return [endpoint for endpoint in every if endpoint.key in selected]


def _write(key: str, method: str, template: str, slug: str, script: str) -> Endpoint:
    """A write whose requests the script builds; ``path`` is the one the check sends."""
    path = template.format(slug=slug)
    request_method = method.partition("+")[0]
    label = f"{method} {template} (auth)"
    return Endpoint(key, label, request_method, path, script, True, 200, WRITE_TARGET)


def login_body(fixtures: Fixtures) -> dict[str, object]:
    return {"user": {"email": fixtures.email, "password": PASSWORD}}


def edit_body(number: int) -> dict[str, object]:
    """What ``update_article.lua`` sends: a new body."""
    return {"article": {"body": f"Edited under load, edit {number}. " + "An edit. " * 20}}


def comment_body(number: int) -> dict[str, object]:
    """What ``comment.lua`` sends."""
    return {"comment": {"body": f"A benchmark comment, number {number}."}}


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
