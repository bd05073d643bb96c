"""Before any load: both servers must answer alike, and each endpoint's statements are counted.

Both servers run once more for this step, each behind its own counting proxy (``pgwire``),
and receive sequential requests: a few to warm connections and statement caches, then
``COUNTED_REQUESTS`` whose statements are divided by their number.
"""

import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from bench import database, servers
from bench.config import SECRET_KEY, Sizes, asyncpg_url, server_address, sqlalchemy_url
from bench.endpoints import (
    Endpoint,
    Fixtures,
    article_body,
    comment_body,
    edit_body,
    login_body,
)
from bench.pgwire import CountingProxy
from infrastructure.settings import Settings

WARMUP_REQUESTS = 5
COUNTED_REQUESTS = 20
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
_TIMESTAMP_KEYS = ("createdAt", "updatedAt")
# The writes' answers: which object holds the times set by the request.
_WRITTEN_NOW = {
    "create_article": ("article", _TIMESTAMP_KEYS),
    "update_article": ("article", ("updatedAt",)),
    "comment": ("comment", _TIMESTAMP_KEYS),
}


@dataclass(frozen=True, slots=True)
class Statements:
    """Per request, as PostgreSQL received them (see ``pgwire.Counts``), and one request's SQL."""

    queries: float
    control: float
    round_trips: float
    prepares: float
    sample: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.queries:g} (+{self.control:g}) statements, {self.round_trips:g} round trips"


StatementCounts = dict[str, Statements]


class ResponsesDiffer(Exception):
    """The reference does not answer like Conduit: its figures would compare nothing."""


async def verify_and_count(
    url: str,
    sizes: Sizes,
    settings: Settings,
    chosen: list[Endpoint],
    fixtures: Fixtures,
    *,
    relay_in_server: bool = True,
) -> tuple[StatementCounts, StatementCounts]:
    """Statements per request of each endpoint, for Conduit and for the reference."""
    upstream = server_address(url)
    async with CountingProxy(upstream) as conduit_db, CountingProxy(upstream) as reference_db:
        conduit = servers.conduit(
            sqlalchemy_url(url, port=conduit_db.port), 1, settings, relay_in_server=relay_in_server
        )
        reference = servers.reference(asyncpg_url(url, port=reference_db.port), 1, settings)
        async with (
            servers.running(conduit, []) as conduit_url,
            servers.running(reference, []) as reference_url,
            httpx.AsyncClient(timeout=60) as http,
        ):
            problems: list[str] = []
            for endpoint in chosen:
                left = await _send(http, conduit_url, endpoint, fixtures, "verify")
                await database.discard_writes(url, sizes, fixtures.favorite_slugs)
                right = await _send(http, reference_url, endpoint, fixtures, "verify")
                await database.discard_writes(url, sizes, fixtures.favorite_slugs)
                problems += [f"{endpoint.label}: {p}" for p in _compare(endpoint, left, right)]
            if problems:
                raise ResponsesDiffer("\n".join(problems))
            print(f"verified: the reference answers like Conduit on {len(chosen)} endpoints")
            counts = (
                {e.key: await _count(http, conduit_url, e, fixtures, conduit_db) for e in chosen},
                {
                    e.key: await _count(http, reference_url, e, fixtures, reference_db)
                    for e in chosen
                },
            )
            await database.discard_writes(url, sizes, fixtures.favorite_slugs)
            return counts


async def _send(
    http: httpx.AsyncClient,
    base_url: str,
    endpoint: Endpoint,
    fixtures: Fixtures,
    title: str,
    number: int = 0,
) -> httpx.Response:
    """Request ``number`` of a count (0 to verify): the favorite endpoint alternates between
    favoriting and unfavoriting, as under load."""
    headers = {"Authorization": f"Token {fixtures.token}"} if endpoint.authenticated else {}
    body: dict[str, object] | None = None
    if endpoint.key == "login":
        body = login_body(fixtures)
    elif endpoint.key == "create_article":
        body = article_body(title, fixtures, 0)
    elif endpoint.key == "update_article":
        body = edit_body(0)
    elif endpoint.key == "comment":
        body = comment_body(0)
    method = "DELETE" if endpoint.key == "favorite" and number % 2 else endpoint.method
    return await http.request(method, base_url + endpoint.path, headers=headers, json=body)


def _compare(endpoint: Endpoint, left: httpx.Response, right: httpx.Response) -> list[str]:
    problems = [
        f"{name} answered {response.status_code}, expected {endpoint.status}: {response.text[:300]}"
        for name, response in (("Conduit", left), ("the reference", right))
        if response.status_code != endpoint.status
    ]
    if problems:
        return problems
    conduit, reference = left.json(), right.json()
    for name, payload in (("Conduit", conduit), ("the reference", reference)):
        problems += [f"{name}: {p}" for p in _bad_timestamps(payload, "$")]
    if endpoint.key == "login":
        conduit_token = conduit["user"].pop("token")
        reference_token = reference["user"].pop("token")
        subjects = {_subject(conduit_token), _subject(reference_token)}
        if len(subjects) != 1:
            problems.append(f"tokens are for different users: {subjects}")
    if endpoint.key in _WRITTEN_NOW:
        # Written a moment apart: the times differ, their format was checked above.
        for payload in (conduit, reference):
            written, keys = _WRITTEN_NOW[endpoint.key]
            for key in keys:
                payload[written].pop(key)
    return problems + differences(conduit, reference, "$")


def _subject(token: str) -> str:
    return str(jwt.decode(token, SECRET_KEY, algorithms=["HS256"])["sub"])


def _bad_timestamps(value: Any, path: str) -> list[str]:
    if isinstance(value, dict):
        found = [
            f"{path}.{key} = {value[key]!r} is not like 2024-01-31T12:34:56.789Z"
            for key in _TIMESTAMP_KEYS
            if key in value and not _TIMESTAMP.match(str(value[key]))
        ]
        return found + [p for k, v in value.items() for p in _bad_timestamps(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _bad_timestamps(v, f"{path}[{i}]")]
    return []


def differences(conduit: Any, reference: Any, path: str) -> list[str]:
    """Every place where the two JSON documents differ: keys, types, lengths and values."""
    if isinstance(conduit, dict) and isinstance(reference, dict):
        found = [f"{path}.{key}: only in Conduit" for key in conduit.keys() - reference.keys()]
        found += [
            f"{path}.{key}: only in the reference" for key in reference.keys() - conduit.keys()
        ]
        for key in conduit.keys() & reference.keys():
            found += differences(conduit[key], reference[key], f"{path}.{key}")
        return found
    if isinstance(conduit, list) and isinstance(reference, list):
        if len(conduit) != len(reference):
            return [
                f"{path}: {len(conduit)} items from Conduit, {len(reference)} from the reference"
            ]
        pairs = enumerate(zip(conduit, reference, strict=True))
        return [d for i, (c, r) in pairs for d in differences(c, r, f"{path}[{i}]")]
    if type(conduit) is not type(reference) or conduit != reference:
        return [f"{path}: Conduit {conduit!r}, the reference {reference!r}"]
    return []


async def _count(
    http: httpx.AsyncClient,
    base_url: str,
    endpoint: Endpoint,
    fixtures: Fixtures,
    proxy: CountingProxy,
) -> Statements:
    run = uuid.uuid4().hex[:8]

    async def requests(first: int, count: int) -> None:
        for number in range(first, first + count):
            response = await _send(
                http, base_url, endpoint, fixtures, f"Count {run} {number}", number
            )
            if response.status_code != endpoint.status:
                raise ResponsesDiffer(f"{endpoint.label}: {response.status_code} {response.text}")

    await requests(0, WARMUP_REQUESTS)
    proxy.counts.reset()
    await requests(WARMUP_REQUESTS, COUNTED_REQUESTS)
    seen, n = proxy.counts, COUNTED_REQUESTS
    per = {"queries": seen.queries / n, "control": seen.control / n}
    per |= {"round_trips": seen.round_trips / n, "prepares": seen.prepares / n}
    proxy.counts.reset()
    # One more request, alone: its SQL is the sample shown by --show-sql.
    await requests(WARMUP_REQUESTS + COUNTED_REQUESTS, 1)
    return Statements(**per, sample=tuple(proxy.counts.statements))
