"""The reference server: Starlette and raw asyncpg, one hand-written statement per endpoint.

It answers the benchmarked endpoints with the same JSON as Conduit for the same data, and is
the practical limit Conduit is measured against. It lives in ``bench/``, never in the product;
it validates only what the benchmark sends. Run it with
``uvicorn --factory bench.reference:create_app`` and the ``REFERENCE_*`` variables below.
"""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg  # type: ignore[import-untyped]
import jwt
import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench import reference_json as shapes
from bench import reference_sql as sql


class Unauthorized(Exception):
    pass


def _viewer(request: Request) -> int | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in ("token", "bearer"):
        raise Unauthorized
    try:
        claims = jwt.decode(
            token.strip(),
            request.app.state.secret_key,
            algorithms=["HS256"],
            options={"require": ["exp", "sub"]},
        )
        return int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError) as error:
        raise Unauthorized from error


def _user(request: Request) -> int:
    user_id = _viewer(request)
    if user_id is None:
        raise Unauthorized
    return user_id


async def list_articles(request: Request) -> Response:
    limit = int(request.query_params.get("limit", 20))
    offset = int(request.query_params.get("offset", 0))
    viewer = _viewer(request)
    rows = await request.app.state.pool.fetch(sql.LIST_ARTICLES, viewer, limit + 1, offset)
    return shapes.page(rows, limit)


async def feed(request: Request) -> Response:
    limit = int(request.query_params.get("limit", 20))
    offset = int(request.query_params.get("offset", 0))
    rows = await request.app.state.pool.fetch(sql.FEED, _user(request), limit + 1, offset)
    return shapes.page(rows, limit)


async def get_article(request: Request) -> Response:
    slug = request.path_params["slug"]
    row = await request.app.state.pool.fetchrow(sql.ARTICLE, _viewer(request), slug)
    if row is None:
        return shapes.response({"errors": {"body": ["article not found"]}}, 404)
    return shapes.tagged(shapes.response({"article": shapes.article(row, row["body"])}), row)


async def get_profile(request: Request) -> Response:
    username = request.path_params["username"]
    row = await request.app.state.pool.fetchrow(sql.PROFILE, _viewer(request), username)
    if row is None:
        return shapes.response({"errors": {"body": ["profile not found"]}}, 404)
    return shapes.response({"profile": shapes.profile(row)})


async def list_comments(request: Request) -> Response:
    slug = request.path_params["slug"]
    rows = await request.app.state.pool.fetch(sql.COMMENTS, _viewer(request), slug)
    if not rows:
        return shapes.response({"errors": {"body": ["article not found"]}}, 404)
    comments = [
        {
            "id": row["id"],
            "createdAt": shapes.timestamp(row["created_at"]),
            "updatedAt": shapes.timestamp(row["updated_at"]),
            "body": row["body"],
            "author": shapes.profile(row),
        }
        for row in rows
        if row["id"] is not None
    ]
    return shapes.response({"comments": comments})


async def list_tags(request: Request) -> Response:
    rows = await request.app.state.pool.fetch(sql.TAGS)
    return shapes.response({"tags": [row["name"] for row in rows]})


async def create_article(request: Request) -> Response:
    author_id = _user(request)
    new = orjson.loads(await request.body())["article"]
    title, tags = new["title"].strip(), sorted({tag.strip() for tag in new.get("tagList", [])})
    values = (title, new["description"].strip(), new["body"].strip(), author_id)
    base = shapes.slug(title)
    for attempt in range(5):
        slug = base if attempt == 0 else f"{base}-{secrets.token_hex(3)}"
        now = datetime.now(UTC)
        words = len(values[2].split())
        row = await request.app.state.pool.fetchrow(
            sql.CREATE_ARTICLE, slug, *values, now, tags, words
        )
        if row is not None:
            fields = dict(row) | {"tag_list": tags, "favorites_count": 0}
            fields |= {"favorited": False, "following": False}
            answer = shapes.response({"article": shapes.article(fields, row["body"])}, 201)
            return shapes.tagged(answer, row)
    return shapes.response({"errors": {"body": ["could not find a free slug for this title"]}}, 409)


async def update_article(request: Request) -> Response:
    author_id = _user(request)
    changes = orjson.loads(await request.body())["article"]
    title, description = changes.get("title"), changes.get("description")
    body = changes.get("body")
    words = len(body.split()) if body is not None else None
    row = await request.app.state.pool.fetchrow(
        sql.UPDATE_ARTICLE,
        request.path_params["slug"],
        author_id,
        title.strip() if title is not None else None,
        description.strip() if description is not None else None,
        body.strip() if body is not None else None,
        datetime.now(UTC),
        words,
    )
    if row is None:
        return shapes.response({"errors": {"body": ["article not found"]}}, 404)
    return shapes.tagged(shapes.response({"article": shapes.article(row, row["body"])}), row)


async def add_comment(request: Request) -> Response:
    author_id = _user(request)
    body = orjson.loads(await request.body())["comment"]["body"].strip()
    slug = request.path_params["slug"]
    row = await request.app.state.pool.fetchrow(
        sql.ADD_COMMENT, slug, author_id, body, datetime.now(UTC)
    )
    if row is None:
        return shapes.response({"errors": {"body": ["article not found"]}}, 404)
    comment = {
        "id": row["id"],
        "createdAt": shapes.timestamp(row["created_at"]),
        "updatedAt": shapes.timestamp(row["updated_at"]),
        "body": row["body"],
        "author": shapes.profile(row),
    }
    return shapes.response({"comment": comment})


async def favorite(request: Request) -> Response:
    statement = sql.FAVORITE if request.method == "POST" else sql.UNFAVORITE
    row = await request.app.state.pool.fetchrow(
        statement, _user(request), request.path_params["slug"], datetime.now(UTC)
    )
    if row is None:
        return shapes.response({"errors": {"body": ["article not found"]}}, 404)
    return shapes.tagged(shapes.response({"article": shapes.article(row, row["body"])}), row)


async def login(request: Request) -> Response:
    state = request.app.state
    credentials = orjson.loads(await request.body())["user"]
    row = await state.pool.fetchrow(sql.LOGIN, credentials["email"].strip().lower())
    stored = row["password_hash"] if row is not None else state.decoy_hash
    # Unknown emails cost the same hashing time as wrong passwords, as in Conduit.
    verified = await asyncio.to_thread(_verify, state.hasher, stored, credentials["password"])
    if row is None or not verified:
        raise Unauthorized
    now = datetime.now(UTC)
    claims = {"sub": str(row["id"]), "iat": now, "exp": now + state.token_ttl}
    token = jwt.encode(claims, state.secret_key, algorithm="HS256")
    user = {"email": row["email"], "token": token, "username": row["username"]}
    return shapes.response({"user": user | {"bio": row["bio"], "image": row["image"]}})


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def _unauthorized(_request: Request, _error: Exception) -> Response:
    response = shapes.response({"errors": {"body": ["authentication failed"]}}, 401)
    response.headers["WWW-Authenticate"] = "Token"
    return response


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    env = os.environ
    pool_size, overflow = int(env["REFERENCE_POOL_SIZE"]), int(env["REFERENCE_MAX_OVERFLOW"])
    async with asyncpg.create_pool(
        env["REFERENCE_DATABASE_URL"], min_size=pool_size, max_size=pool_size + overflow
    ) as pool:
        app.state.pool = pool
        yield


def create_app() -> Starlette:
    env = os.environ
    hasher = PasswordHasher(
        memory_cost=int(env["REFERENCE_ARGON2_MEMORY_KIB"]),
        time_cost=int(env["REFERENCE_ARGON2_TIME_COST"]),
        parallelism=int(env["REFERENCE_ARGON2_PARALLELISM"]),
    )
    app = Starlette(
        routes=[
            Route("/api/articles", list_articles, methods=["GET"]),
            Route("/api/articles", create_article, methods=["POST"]),
            Route("/api/articles/feed", feed, methods=["GET"]),
            Route("/api/articles/{slug}", get_article, methods=["GET"]),
            Route("/api/articles/{slug}", update_article, methods=["PUT"]),
            Route("/api/articles/{slug}/favorite", favorite, methods=["POST", "DELETE"]),
            Route("/api/articles/{slug}/comments", list_comments, methods=["GET"]),
            Route("/api/articles/{slug}/comments", add_comment, methods=["POST"]),
            Route("/api/profiles/{username}", get_profile, methods=["GET"]),
            Route("/api/tags", list_tags, methods=["GET"]),
            Route("/api/users/login", login, methods=["POST"]),
        ],
        exception_handlers={Unauthorized: _unauthorized},
        lifespan=_lifespan,
    )
    app.state.secret_key = env["REFERENCE_SECRET_KEY"]
    app.state.token_ttl = timedelta(minutes=int(env["REFERENCE_TOKEN_TTL_MINUTES"]))
    app.state.hasher = hasher
    app.state.decoy_hash = hasher.hash("decoy password for unknown users")
    return app
