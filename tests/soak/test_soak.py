"""A bounded soak: mixed reads and writes at a fixed rate against a ``conduit serve`` process on
PostgreSQL, over loopback, for ``CONDUIT_SOAK_SECONDS`` (60 by default) at
``CONDUIT_SOAK_RATE`` requests a second (50). No request may fail, and the server's memory
must show no growth trend; the figures (error count, p50/p99 latency, RSS at start and end)
are printed.

The load is open-loop: each request is sent at its planned time whether or not the earlier
ones have been answered, and its latency counts from that time, so a stall shows in full.
"""

import asyncio
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import async_url
from tests.load import percentile, sign_up
from tests.processes import serving

pytestmark = pytest.mark.soak

SECONDS = float(os.environ.get("CONDUIT_SOAK_SECONDS", "60"))
RATE = float(os.environ.get("CONDUIT_SOAK_RATE", "50"))
WARM_UP_SECONDS = 5.0
RSS_SAMPLE_SECONDS = 5.0
USERS = 5
CONNECTIONS = 32
# Growth allowed between the first and the last quarter of the run (after the warm-up): the
# pools, statement caches and the read cache fill early; a leak keeps growing.
RSS_GROWTH_BOUND = 1.25


def rss_kib(pid: int) -> int:
    """The resident memory of a process, from ``/proc`` (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


@dataclass
class Soak:
    client: httpx.AsyncClient
    tokens: list[str]
    names: list[str]
    slugs: list[str]
    random: random.Random
    latencies: list[float]
    errors: list[str]
    # Latencies count from here (after the warm-up); errors count from the start.
    measure_from: float = 0.0
    # Requests beyond the client's connections wait here, first come first served: httpx's own
    # pool gets slower with every request queued in it, and would stall the load it measures.
    connections: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(CONNECTIONS))

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.random.choice(self.tokens)}"}

    def next_request(self, number: int) -> tuple[str, str, dict[str, Any]]:
        """Seven reads for three writes, over the main screens and writes."""
        slug = self.random.choice(self.slugs)
        choices: list[Callable[[], tuple[str, str, dict[str, Any]]]] = [
            lambda: ("GET", "/api/articles?limit=20", {}),
            lambda: ("GET", "/api/articles?limit=20", {"headers": self.headers()}),
            lambda: ("GET", "/api/articles/feed", {"headers": self.headers()}),
            lambda: ("GET", f"/api/articles/{slug}", {}),
            lambda: ("GET", f"/api/articles/{slug}/comments", {}),
            lambda: ("GET", f"/api/profiles/{self.random.choice(self.names)}", {}),
            lambda: ("GET", "/api/tags", {}),
            lambda: ("POST", "/api/articles", {"headers": self.headers(), "json": article(number)}),
            lambda: (
                "POST",
                f"/api/articles/{slug}/comments",
                {"headers": self.headers(), "json": {"comment": {"body": f"Soak {number}"}}},
            ),
            lambda: ("POST", f"/api/articles/{slug}/favorite", {"headers": self.headers()}),
        ]
        return self.random.choice(choices)()

    async def run(self, start: float, total: int) -> None:
        """Send request ``n`` at ``start + n / RATE``, each in a task of its own, whether or
        not the earlier ones have been answered."""
        in_flight: set[asyncio.Task[None]] = set()
        for number in range(total):
            planned = start + number / RATE
            await asyncio.sleep(max(0.0, planned - time.monotonic()))
            task = asyncio.create_task(self.send(planned, number))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        await asyncio.gather(*in_flight)

    async def send(self, planned: float, number: int) -> None:
        method, path, options = self.next_request(number)
        try:
            async with self.connections:
                response = await self.client.request(method, path, **options)
            if not response.is_success:
                self.errors.append(f"{method} {path}: {response.status_code} {response.text}")
            elif method == "POST" and path == "/api/articles":
                self.slugs.append(response.json()["article"]["slug"])
        except httpx.TransportError as error:
            self.errors.append(f"{method} {path}: {error!r}")
        if planned >= self.measure_from:
            self.latencies.append(time.monotonic() - planned)


def article(number: int) -> dict[str, Any]:
    tags = [f"tag{number % 7}", f"tag{number % 11}"]
    return {
        "article": {
            "title": f"Soak {number}",
            "description": "d",
            "body": "b" * 500,
            "tagList": tags,
        }
    }


async def prepare(client: httpx.AsyncClient) -> Soak:
    names = [f"soaker{n}" for n in range(USERS)]
    tokens = [await sign_up(client, name) for name in names]
    slugs = []
    for number in range(4 * USERS):
        response = await client.post(
            "/api/articles",
            json=article(-1 - number),
            headers={"Authorization": f"Token {tokens[number % USERS]}"},
        )
        slugs.append(response.json()["article"]["slug"])
    for token, name in zip(tokens, names, strict=True):
        for other in names:
            if other != name:
                await client.post(
                    f"/api/profiles/{other}/follow", headers={"Authorization": f"Token {token}"}
                )
    return Soak(client, tokens, names, slugs, random.Random(8), [], [])


async def test_a_steady_mixed_load_has_no_errors_and_no_memory_growth(
    fresh_database: str, tmp_path: Path
) -> None:
    settings = {
        "database_url": async_url(fresh_database),
        "migrate_on_start": "false",
        "db_pool_size": "4",
    }
    with serving(tmp_path, log_level="WARNING", **settings) as server:
        pid = server.process.pid
        async with httpx.AsyncClient(
            base_url=server.url, timeout=30, limits=httpx.Limits(max_connections=CONNECTIONS)
        ) as client:
            soak = await prepare(client)
            start = time.monotonic() + 0.1
            soak.measure_from = start + WARM_UP_SECONDS
            running = asyncio.create_task(soak.run(start, int((WARM_UP_SECONDS + SECONDS) * RATE)))
            await asyncio.sleep(WARM_UP_SECONDS)
            samples: list[tuple[float, int]] = []
            while not running.done():
                samples.append((time.monotonic() - start, rss_kib(pid)))
                await asyncio.wait({running}, timeout=RSS_SAMPLE_SECONDS)
            samples.append((time.monotonic() - start, rss_kib(pid)))
            await running

    quarter = max(1, len(samples) // 4)
    early = sum(kib for _, kib in samples[:quarter]) / quarter
    late = sum(kib for _, kib in samples[-quarter:]) / quarter
    p50, p99 = percentile(soak.latencies, 0.5), percentile(soak.latencies, 0.99)
    print(
        f"\nsoak: {SECONDS:.0f} s at {RATE:.0f} requests/s after a {WARM_UP_SECONDS:.0f} s "
        f"warm-up: {len(soak.latencies)} requests, {len(soak.errors)} errors, p50 "
        f"{p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {max(soak.latencies) * 1000:.1f} ms; "
        f"server RSS {samples[0][1] / 1024:.1f} MiB at start, {samples[-1][1] / 1024:.1f} MiB "
        f"at end (first quarter {early / 1024:.1f}, last quarter {late / 1024:.1f})"
    )
    assert soak.errors == [], soak.errors[:5]
    assert late <= early * RSS_GROWTH_BOUND, samples
