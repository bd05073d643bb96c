"""A write load for fault tests: writers creating users, articles and comments through a real
server's API, every request's outcome recorded so that the database can be checked against
what was acknowledged (``tests.integrity``)."""

import asyncio
import itertools
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.factories import PASSWORD

WRITE_KINDS = ("user", "article", "comment")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One request: what it tried to write (``kind``, and ``key``, the unique username, title
    or comment body it carried), its answer (``status`` ``None``: no answer at all), when it
    started and how long it took."""

    kind: str
    key: str
    status: int | None
    started: float
    seconds: float
    retry_after: str | None = None
    body: dict[str, Any] | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Author:
    """The user the writers act as, and the article they comment on."""

    token: str
    slug: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


async def sign_up(client: httpx.AsyncClient, name: str) -> str:
    user = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    response = await client.post("/api/users", json={"user": user})
    assert response.status_code == 201, response.text
    return str(response.json()["user"]["token"])


async def an_author(client: httpx.AsyncClient, name: str = "author") -> Author:
    """A new user with one article of their own."""
    token = await sign_up(client, name)
    article = {"title": f"{name} writes", "description": "d", "body": "b", "tagList": ["load"]}
    response = await client.post(
        "/api/articles", json={"article": article}, headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 201, response.text
    return Author(token, response.json()["article"]["slug"])


def article_tags(title: str) -> list[str]:
    """The tags every written article carries: one of its own, two shared."""
    return sorted([f"{title}-tag", "fault", "load"])


@dataclass
class WriteLoad:
    """``writers`` concurrent loops over registrations, articles and comments, until stopped;
    keys are unique per run (``prefix``)."""

    client: httpx.AsyncClient
    author: Author
    prefix: str
    writers: int = 4
    pause_seconds: float = 0.01
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        await asyncio.gather(*(self._writer(number) for number in range(self.writers)))

    def stop(self) -> None:
        self._stop.set()

    async def _writer(self, number: int) -> None:
        for sequence in itertools.count():
            if self._stop.is_set():
                return
            kind = WRITE_KINDS[sequence % len(WRITE_KINDS)]
            self.outcomes.append(await self.write(kind, f"{self.prefix}{number}x{sequence}"))
            await asyncio.sleep(self.pause_seconds)

    async def write(self, kind: str, key: str) -> Outcome:
        started = time.monotonic()
        try:
            response = await self._send(kind, key)
        except httpx.TransportError:
            return Outcome(kind, key, None, started, time.monotonic() - started)
        seconds = time.monotonic() - started
        body = response.json() if response.content else None
        return Outcome(
            kind,
            key,
            response.status_code,
            started,
            seconds,
            response.headers.get("Retry-After"),
            body,
        )

    async def _send(self, kind: str, key: str) -> httpx.Response:
        if kind == "user":
            user = {"username": key, "email": f"{key}@example.com", "password": PASSWORD}
            return await self.client.post("/api/users", json={"user": user})
        if kind == "article":
            article = {"title": key, "description": "d", "body": "b", "tagList": article_tags(key)}
            return await self.client.post(
                "/api/articles", json={"article": article}, headers=self.author.headers
            )
        return await self.client.post(
            f"/api/articles/{self.author.slug}/comments",
            json={"comment": {"body": key}},
            headers=self.author.headers,
        )


def percentile(values: Iterable[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.99 for p99) of at least one value."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def by_status(outcomes: Iterable[Outcome]) -> dict[int | None, int]:
    counts: dict[int | None, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def between(outcomes: Iterable[Outcome], start: float, end: float) -> Iterator[Outcome]:
    """The requests sent in ``[start, end)`` (``time.monotonic`` seconds)."""
    return (o for o in outcomes if start <= o.started < end)
