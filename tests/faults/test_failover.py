"""The loss of the database primary under write load, on a real Patroni cluster (etcd and three
PostgreSQL nodes in synchronous mode, ``tests.patroni``), behind two ``conduit serve`` processes
sharing Redis, with every node also a read replica.

Writers create users, articles and comments, fans favorite articles and follow users, through
both servers; mid-load the primary's PostgreSQL is killed (SIGKILL) and Patroni promotes the
synchronous standby; later a planned switchover moves the primary again. The servers find each
new primary by themselves (one multi-host URL with ``target_session_attrs=read-write``), with
no restart. Afterwards: every write acknowledged with a 2xx is in the database, whole; nothing
but 503s (each with ``Retry-After``) failed; favorites and follows are exact; every outbox
event was relayed, and a WebSocket client that reconnects with its cursor got each of its
notifications exactly once, in order.
"""

import asyncio
import contextlib
import itertools
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from infrastructure.migrations import sync_url
from tests.databases import REDIS_URL
from tests.integrity import verify_writes
from tests.load import Author, Outcome, WriteLoad, an_author, by_status, sign_up
from tests.patroni import Cluster, Node, patroni_cluster
from tests.processes import Server, serving

pytestmark = pytest.mark.failover

WRITERS_PER_SERVER = 4
FANS = 6
TARGETS = 40  # articles to favorite and users to follow: more than a fan gets through
LOAD_SECONDS = 3.0
RECOVERY_DEADLINE_SECONDS = 60.0
DRAIN_DEADLINE_SECONDS = 60.0
# A request may wait for a pooled connection, then for connecting (to each node in turn).
POOL_TIMEOUT_SECONDS = 2
CONNECT_TIMEOUT_SECONDS = 2
STATEMENT_TIMEOUT_MS = 2000


def server_settings(cluster: Cluster) -> dict[str, str]:
    return {
        "database_url": cluster.url(),
        "redis_url": REDIS_URL,
        "redis_namespace": f"conduit-failover-{uuid.uuid4().hex}",
        "db_pool_size": "4",
        "db_pool_timeout_seconds": str(POOL_TIMEOUT_SECONDS),
        "db_connect_timeout_seconds": str(CONNECT_TIMEOUT_SECONDS),
        "db_statement_timeout_ms": str(STATEMENT_TIMEOUT_MS),
        # Every node is also a replica for reads: health-checked, each read goes to one that
        # answers, whichever is the primary.
        "database_replica_urls": ",".join(
            f"postgresql+asyncpg://postgres@{node.address}/postgres" for node in cluster.nodes
        ),
        "database_replica_check_seconds": "0.5",
        "log_level": "WARNING",
    }


@dataclass
class Social:
    """A fan who favorites articles and follows users, each target once, until stopped."""

    client: httpx.AsyncClient
    token: str
    slugs: list[str]
    usernames: list[str]
    outcomes: list[Outcome] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        for slug, username in zip(self.slugs, self.usernames, strict=True):
            for kind, path in (
                ("favorite", f"/api/articles/{slug}/favorite"),
                ("follow", f"/api/profiles/{username}/follow"),
            ):
                if stop.is_set():
                    return
                self.outcomes.append(
                    await self._send(kind, path, slug if kind == "favorite" else username)
                )
                await asyncio.sleep(0.01)

    async def _send(self, kind: str, path: str, key: str) -> Outcome:
        started = time.monotonic()
        try:
            response = await self.client.post(
                path, headers={"Authorization": f"Token {self.token}"}
            )
        except httpx.TransportError:
            return Outcome(kind, key, None, started, time.monotonic() - started)
        return Outcome(
            kind,
            key,
            response.status_code,
            started,
            time.monotonic() - started,
            response.headers.get("Retry-After"),
            response.json() if response.content else None,
        )


@dataclass
class KeyedCreator:
    """Creates articles, each under an ``Idempotency-Key`` of its own, retrying with the same key
    and body after a 503, or a 409 "in progress" (a key the database was away for, settled by the
    server in the background), until the answer is 201 (the first answer replayed, or a fresh
    run) or 409 "applied" (the first attempt committed but its answer was lost)."""

    client: httpx.AsyncClient
    author: Author
    prefix: str
    answers: dict[str, list[int]] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)  # answered 409 "applied", answer lost

    async def run(self, stop: asyncio.Event) -> None:
        for number in itertools.count():
            if stop.is_set():
                return
            title = f"{self.prefix}{number}"
            article = {"title": title, "description": "d", "body": "b", "tagList": ["keyed"]}
            headers = self.author.headers | {"Idempotency-Key": f"key-{title}"}
            statuses = self.answers.setdefault(title, [])
            deadline = time.monotonic() + RECOVERY_DEADLINE_SECONDS
            while time.monotonic() < deadline and (
                not statuses
                or statuses[-1] == 503
                or (statuses[-1] == 409 and title not in self.applied)
            ):
                response = await self.client.post(
                    "/api/articles", json={"article": article}, headers=headers
                )
                statuses.append(response.status_code)
                if response.status_code == 409 and "applied" in response.text:
                    self.applied.add(title)
                await asyncio.sleep(0.01 if response.is_success else 0.1)


@dataclass
class Reader:
    """Reads the article list and one article, anonymously, until stopped."""

    client: httpx.AsyncClient
    slug: str
    outcomes: list[Outcome] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        for path in itertools.cycle(("/api/articles?limit=5", f"/api/articles/{self.slug}")):
            if stop.is_set():
                return
            started = time.monotonic()
            response = await self.client.get(path)
            self.outcomes.append(
                Outcome(
                    "read",
                    path,
                    response.status_code,
                    started,
                    time.monotonic() - started,
                    response.headers.get("Retry-After"),
                )
            )
            await asyncio.sleep(0.02)


@dataclass
class Watcher:
    """A WebSocket client of the author's notifications that reconnects with the last id it
    saw whenever its connection drops (a server closes it when the database fails)."""

    address: str
    token: str
    received: list[tuple[int, str]] = field(default_factory=list)
    reconnections: int = 0

    async def run(self) -> None:
        while True:
            last_id = self.received[-1][0] if self.received else 0
            url = f"ws://{self.address}/api/notifications/ws?token={self.token}&lastId={last_id}"
            with contextlib.suppress(WebSocketException, OSError):
                async with connect(url) as socket:
                    async for message in socket:
                        notification = json.loads(message).get("notification")
                        if notification is not None:
                            self.received.append(
                                (notification["id"], notification["article"]["title"])
                            )
            self.reconnections += 1
            await asyncio.sleep(0.2)

    async def seen(self, count: int) -> None:
        while len(self.received) < count:  # noqa: ASYNC110 (fed by another task's socket)
            await asyncio.sleep(0.1)


async def fans_and_targets(client: httpx.AsyncClient) -> tuple[list[str], list[str], list[str]]:
    """Fan tokens, article slugs to favorite, and usernames to follow."""
    fans = [await sign_up(client, f"fan{n}") for n in range(FANS)]
    slugs, usernames = [], []
    for number in range(TARGETS):
        usernames.append(f"star{number}")
        token = await sign_up(client, usernames[-1])
        article = {
            "title": f"star{number} writes",
            "description": "d",
            "body": "b",
            "tagList": ["star"],
        }
        response = await client.post(
            "/api/articles", json={"article": article}, headers={"Authorization": f"Token {token}"}
        )
        assert response.status_code == 201, response.text
        slugs.append(response.json()["article"]["slug"])
    return fans, slugs, usernames


async def first_success_after(outcomes: Callable[[], list[Outcome]], moment: float) -> float:
    """When the first write sent after ``moment`` was acknowledged (waiting for it)."""
    deadline = time.monotonic() + RECOVERY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        done = [o.started + o.seconds for o in outcomes() if o.started >= moment and o.acknowledged]
        if done:
            return min(done)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no write succeeded after the primary was lost: {by_status(outcomes())}")


def failovers_counted(server: Server) -> float:
    metrics = httpx.get(f"{server.url}/metrics", timeout=5).text
    match = re.search(r"^conduit_db_failovers_total (\S+)$", metrics, re.MULTILINE)
    assert match is not None, "no failover counter in /metrics"
    return float(match.group(1))


def database_facts(database_url: str) -> dict[str, object]:
    engine = sa.create_engine(sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:

            def rows(query: str) -> set[tuple[str, ...]]:
                return {tuple(row) for row in connection.execute(sa.text(query))}

            return {
                "favorites": rows(
                    "SELECT u.username, a.slug FROM favorites f"
                    " JOIN users u ON u.id = f.user_id JOIN articles a ON a.id = f.article_id"
                ),
                "follows": rows(
                    "SELECT a.username, b.username FROM follows f"
                    " JOIN users a ON a.id = f.follower_id JOIN users b ON b.id = f.followee_id"
                ),
                "pending events": connection.execute(
                    sa.text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                ).scalar_one(),
                "keyed articles": rows(
                    "SELECT a.title, count(*) FROM articles a WHERE a.title LIKE 'keyed-%'"
                    " GROUP BY a.title"
                ),
                "author's articles": rows(
                    "SELECT a.title FROM articles a JOIN users u ON u.id = a.author_id"
                    " WHERE u.username = 'author'"
                ),
            }
    finally:
        engine.dispose()


async def drained(database_url: str) -> None:
    deadline = time.monotonic() + DRAIN_DEADLINE_SECONDS
    while database_facts(database_url)["pending events"]:
        assert time.monotonic() < deadline, "the outbox did not drain after the failover"
        await asyncio.sleep(0.5)


def _spread(outcomes: list[Outcome]) -> float:
    """From the first of them sent to the last answered (0 for none)."""
    if not outcomes:
        return 0.0
    return max(o.started + o.seconds for o in outcomes) - min(o.started for o in outcomes)


async def wait_for_a_new_primary(cluster: Cluster, lost: Node) -> None:
    deadline = time.monotonic() + RECOVERY_DEADLINE_SECONDS
    while (leader := cluster.leader()) is None or leader.name == lost.name:
        assert time.monotonic() < deadline, "no new primary"
        await asyncio.sleep(0.1)


async def test_losing_the_primary_under_write_load_loses_no_acknowledged_write(
    tmp_path: Path,
) -> None:
    with patroni_cluster() as cluster:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        settings = server_settings(cluster)
        with (
            serving(tmp_path / "a", **settings) as first,
            serving(tmp_path / "b", **settings) as second,
        ):
            async with (
                httpx.AsyncClient(base_url=first.url, timeout=30) as a,
                httpx.AsyncClient(base_url=second.url, timeout=30) as b,
            ):
                author = await an_author(a)
                watcher_token = await sign_up(a, "watcher")
                follow = await a.post(
                    "/api/profiles/author/follow",
                    headers={"Authorization": f"Token {watcher_token}"},
                )
                assert follow.status_code == 200, follow.text
                fans, slugs, usernames = await fans_and_targets(a)
                loads = [
                    WriteLoad(client, author, prefix=f"{name}", writers=WRITERS_PER_SERVER)
                    for name, client in (("a", a), ("b", b))
                ]
                socials = [
                    Social((a, b)[number % 2], token, slugs, usernames)
                    for number, token in enumerate(fans)
                ]
                keyed = [
                    KeyedCreator(client, author, f"keyed-{name}-")
                    for name, client in (("a", a), ("b", b))
                ]
                readers = [Reader(client, slugs[0]) for client in (a, b)]
                watcher = Watcher(second.url.removeprefix("http://"), watcher_token)
                stop = asyncio.Event()
                watching = asyncio.create_task(watcher.run())
                writing = [asyncio.create_task(load.run()) for load in loads]
                favoriting = [asyncio.create_task(social.run(stop)) for social in socials]
                favoriting += [asyncio.create_task(creator.run(stop)) for creator in keyed]
                favoriting += [asyncio.create_task(reader.run(stop)) for reader in readers]

                def outcomes() -> list[Outcome]:
                    return [o for load in loads for o in load.outcomes]

                await asyncio.sleep(LOAD_SECONDS)
                lost = await asyncio.to_thread(cluster.kill_primary_postgres)
                killed_at = time.monotonic()
                await wait_for_a_new_primary(cluster, lost)
                promoted_at = time.monotonic()
                recovered_at = await first_success_after(outcomes, killed_at)
                await asyncio.to_thread(cluster.wait_until_healthy)
                await asyncio.sleep(LOAD_SECONDS)

                switching = time.monotonic()
                await asyncio.to_thread(cluster.switchover)
                switched = time.monotonic()
                await asyncio.to_thread(cluster.wait_until_healthy)
                await asyncio.sleep(LOAD_SECONDS)

                for load in loads:
                    load.stop()
                stop.set()
                await asyncio.gather(*writing, *favoriting)
                await drained(cluster.url())
                readiness = (await b.get("/readyz")).json()
                leader = cluster.leader()
                failovers = [failovers_counted(server) for server in (first, second)]
                facts = database_facts(cluster.url())
                # The author's first article came before the watcher followed.
                published = {title for (title,) in facts["author's articles"]} - {"author writes"}  # type: ignore[attr-defined]
                await asyncio.wait_for(watcher.seen(len(published)), DRAIN_DEADLINE_SECONDS)
                watching.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watching
            assert first.process.poll() is None, "a server died"
            assert second.process.poll() is None, "a server died"
        writes = outcomes()
        verified = verify_writes(cluster.url(), writes)

    social = [o for s in socials for o in s.outcomes]
    every = writes + social
    statuses = by_status(every)
    assert set(statuses) <= {200, 201, 503}, statuses
    for failure in (o for o in every if not o.acknowledged):
        assert int(failure.retry_after or 0) > 0, failure
    for number, fan in enumerate(socials):
        for kind, table in (("favorite", "favorites"), ("follow", "follows")):
            stored = {key for name, key in facts[table] if name == f"fan{number}"}  # type: ignore[attr-defined]
            acknowledged = {o.key for o in fan.outcomes if o.kind == kind and o.acknowledged}
            attempted = {o.key for o in fan.outcomes if o.kind == kind}
            # Every acknowledged one is there; nothing is there that was never asked for.
            assert acknowledged <= stored <= attempted, (kind, number)
    ids = [number for number, _ in watcher.received]
    assert ids == sorted(set(ids)), "a notification arrived twice or out of order"
    assert sorted(title for _, title in watcher.received) == sorted(published)
    answers = {title: codes for creator in keyed for title, codes in creator.answers.items()}
    assert {code for codes in answers.values() for code in codes} <= {201, 409, 503}, answers
    assert all(codes[-1] in (201, 409) for codes in answers.values()), answers
    # One article per key, however many 503s and 409s came before its 201 or "applied".
    applied = set().union(*(creator.applied for creator in keyed))
    created = {title for title, codes in answers.items() if codes[-1] == 201} | applied
    unsettled = {title: codes for title, codes in answers.items() if title not in created}
    assert not unsettled, unsettled
    assert facts["keyed articles"] == {(title, 1) for title in created}
    retried = sum(len(codes) > 1 for codes in answers.values())
    waited = sum(409 in codes for codes in answers.values())
    reads = [o for reader in readers for o in reader.outcomes]
    assert set(by_status(reads)) <= {200, 503}, by_status(reads)
    # While no node accepted writes, the standbys went on serving reads.
    reads_while_down = [o for o in reads if killed_at <= o.started < recovered_at]
    served_while_down = sum(o.status == 200 for o in reads_while_down)
    assert served_while_down, by_status(reads_while_down)
    assert leader is not None
    assert readiness["primary"] == leader.address
    assert failovers == [2.0, 2.0], "each server saw the kill and the switchover"
    kill_window = [o for o in every if killed_at - 1 <= o.started <= recovered_at]
    switch_503s = [o for o in every if o.status == 503 and o.started >= switching]
    print(
        f"\nfailover: {len(every)} writes, statuses {statuses}; {verified.acknowledged} creations"
        f" acknowledged and present, {verified.failed_landed} failed yet committed;"
        f" kill -> new primary {promoted_at - killed_at:.2f} s, kill -> first successful write"
        f" {recovered_at - killed_at:.2f} s, slowest request then"
        f" {max((o.seconds for o in kill_window), default=0):.2f} s; switchover"
        f" {switched - switching:.2f} s, {len(switch_503s)} 503s after it began, over"
        f" {_spread(switch_503s):.2f} s; failovers counted {failovers};"
        f" WebSocket: {len(watcher.received)} notifications, {watcher.reconnections} reconnections;"
        f" keyed creations: {len(answers)}, {retried} retried after a 503, {len(applied)} answered"
        f" 'applied', {waited} waited on a key settled in the background, none twice;"
        f" reads {by_status(reads)}, {served_while_down} of {len(reads_while_down)} served"
        " while no node accepted writes"
    )
