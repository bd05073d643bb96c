"""``python -m bench.depth``: first pages against deep pages, by offset and by cursor.

Against an already seeded benchmark database (run ``python -m bench --verify`` with the same
sizes first), brought to Conduit's latest migration, it starts Conduit, times each list
endpoint's first page, a page deep in the matches by ``offset`` and the same page by ``cursor``
(sequential requests: latency, not load), and prints the ``EXPLAIN (ANALYZE, BUFFERS)`` of the
statements Conduit runs for the first and the keyed page. The output is Markdown, for
``docs/performance.md``.
"""

import argparse
import asyncio
import statistics
import time
from dataclasses import dataclass, replace
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx

from application.pagination import Position, encode_cursor
from bench import database, servers
from bench.config import DEFAULT_DATABASE_URL, asyncpg_url, sqlalchemy_url
from bench.data import READER_ID
from bench.endpoints import load_fixtures
from infrastructure.persistence.sqlmodel import statements
from infrastructure.persistence.sqlmodel.reads import compile_for_asyncpg
from infrastructure.settings import Settings

PAGE = 20
SAMPLES = 25


@dataclass(frozen=True)
class Scenario:
    name: str
    query: str  # the list endpoint's filter, as the client sends it
    matches_sql: str  # the same matches in SQL ($1: the filter's value), to find depths and count
    shape: statements.ListShape
    params: dict[str, Any]
    argument: Any = None
    feed: bool = False

    @property
    def arguments(self) -> list[Any]:
        if self.argument is not None:
            return [self.argument]
        return list(self.params.values())


def scenarios(tag: str, author: str, fan: str) -> list[Scenario]:
    everything = "SELECT id, created_at FROM articles"
    return [
        Scenario("all articles", "", everything, statements.ListShape(), {}),
        Scenario(
            f"tag={tag}",
            f"&tag={tag}",
            "SELECT a.id, a.created_at FROM articles a JOIN article_tags t ON t.article_id = a.id"
            " JOIN tags g ON g.id = t.tag_id WHERE g.name = $1",
            statements.ListShape(tag=True),
            {"tag": tag},
        ),
        Scenario(
            f"author={author}",
            f"&author={author}",
            "SELECT a.id, a.created_at FROM articles a JOIN users u ON u.id = a.author_id"
            " WHERE u.username = $1",
            statements.ListShape(author=True),
            {"author": author},
        ),
        Scenario(
            f"favorited={fan}",
            f"&favorited={fan}",
            "SELECT a.id, a.created_at FROM articles a JOIN favorites f ON f.article_id = a.id"
            " JOIN users u ON u.id = f.user_id WHERE u.username = $1",
            statements.ListShape(favorited_by=True),
            {"favorited_by": fan},
        ),
        Scenario(
            "feed",
            "",
            "SELECT a.id, a.created_at FROM articles a"
            " JOIN follows f ON f.followee_id = a.author_id WHERE f.follower_id = $1::int",
            statements.ListShape(feed=True),
            {},
            argument=READER_ID,
            feed=True,
        ),
    ]


async def _position_at(connection: asyncpg.Connection, scenario: Scenario, depth: int) -> Position:
    arguments = scenario.arguments
    row = await connection.fetchrow(
        "SELECT id, created_at FROM (" + scenario.matches_sql + ") m"  # noqa: S608 (constants; values bound)
        f" ORDER BY created_at DESC, id DESC OFFSET ${len(arguments) + 1} LIMIT 1",
        *arguments,
        depth - 1,
    )
    return Position(created_at=row["created_at"], id=row["id"])


async def _timed(http: httpx.AsyncClient, path: str, headers: dict[str, str]) -> dict[str, float]:
    for _ in range(3):
        (await http.get(path, headers=headers)).raise_for_status()
    samples = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        (await http.get(path, headers=headers)).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1]}


async def _explain(
    connection: asyncpg.Connection, shape: statements.ListShape, **params: Any
) -> str:
    compiled = compile_for_asyncpg(statements.article_page("postgresql", shape))
    values = {"viewer_id": READER_ID, "limit": PAGE + 1, "offset": 0} | params
    arguments = [values[name] for name in compiled.parameter_names]
    rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {compiled.sql}", *arguments)
    return "\n".join(row[0] for row in rows)


async def study(database_url: str, depth_wanted: int, explain: bool) -> None:
    connection = await asyncpg.connect(asyncpg_url(database_url))
    fixtures = await load_fixtures(database_url)
    author = fixtures.username
    fan = await connection.fetchval(
        "SELECT u.username FROM favorites f JOIN users u ON u.id = f.user_id"
        " GROUP BY u.username ORDER BY count(*) DESC LIMIT 1"
    )
    total = await connection.fetchval("SELECT count(*) FROM articles")
    print(f"## {total:,} articles: first page, deep page by offset, deep page by cursor\n")
    print("| list | matches | depth | first page | by offset | by cursor | cursor / first |")
    print("|---|---|---|---|---|---|---|")
    auth = {"Authorization": f"Token {fixtures.token}"}
    plans: list[str] = []
    server = servers.conduit(sqlalchemy_url(database_url), 1, Settings())
    async with (
        servers.running(server, []) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=60) as http,
    ):
        for scenario in scenarios(fixtures.tags[0], author, fan):
            matches = await connection.fetchval(
                "SELECT count(*) FROM (" + scenario.matches_sql + ") m",  # noqa: S608 (as above)
                *scenario.arguments,
            )
            depth = max(1, min(depth_wanted, matches - PAGE))
            position = await _position_at(connection, scenario, depth)
            base = ("/api/articles/feed?" if scenario.feed else "/api/articles?") + f"limit={PAGE}"
            first = await _timed(http, base + scenario.query, auth)
            offset = await _timed(http, f"{base}{scenario.query}&offset={depth}", auth)
            cursor = encode_cursor(position)
            keyed = await _timed(http, f"{base}{scenario.query}&cursor={cursor}", auth)
            print(
                f"| {scenario.name} | {matches:,} | {depth:,} "
                f"| {first['median']:.1f} ms (p95 {first['p95']:.1f}) "
                f"| {offset['median']:.1f} ms (p95 {offset['p95']:.1f}) "
                f"| {keyed['median']:.1f} ms (p95 {keyed['p95']:.1f}) "
                f"| {keyed['median'] / first['median']:.2f} |"
            )
            if explain:
                after = {"after_created_at": position.created_at, "after_id": position.id}
                keyed_shape = replace(scenario.shape, after=True)
                plans.append(
                    f"### {scenario.name}: first page\n\n```\n"
                    f"{await _explain(connection, scenario.shape, **scenario.params)}\n```\n\n"
                    f"### {scenario.name}: page at depth {depth:,} by cursor\n\n```\n"
                    f"{await _explain(connection, keyed_shape, **scenario.params, **after)}\n```\n"
                )
    await connection.close()
    print()
    print("\n".join(plans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--depth", type=int, default=500_000, help="rows before the deep page")
    parser.add_argument("--no-explain", action="store_true", help="timings only")
    arguments = parser.parse_args()
    database.migrate(arguments.database_url)
    asyncio.run(study(arguments.database_url, arguments.depth, not arguments.no_explain))


if __name__ == "__main__":
    main()
