"""A database outage under write load: PostgreSQL (a server of the test's own) is stopped as a
crash would stop it, twice, while writers create users, articles and comments through a real
``conduit serve`` process.

During each outage every request fails fast with a 503 and ``Retry-After`` and ``/readyz``
says 503; when PostgreSQL is back the service recovers by itself, with no restart. Afterwards
every write acknowledged with a 2xx is in the database, whole, and no write is there in part.
"""

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.integrity import verify_writes
from tests.load import Outcome, WriteLoad, an_author, between, by_status
from tests.processes import serving
from tests.replication import Server, throwaway_server

pytestmark = pytest.mark.fault

OUTAGES = 2
LOAD_SECONDS = 3.0
OUTAGE_SECONDS = 4.0
RECOVERY_DEADLINE_SECONDS = 30.0
# The server's timeouts: waiting for a pooled connection, opening one, running a statement.
POOL_TIMEOUT_SECONDS = 2
CONNECT_TIMEOUT_SECONDS = 2
STATEMENT_TIMEOUT_MS = 2000
# No request may take longer than the longest chain of them (a pool wait, then a connect).
FAIL_FAST_SECONDS = POOL_TIMEOUT_SECONDS + CONNECT_TIMEOUT_SECONDS
# Connections the pools held before the outage are found dead on their next use and replaced:
# requests sent this long after /readyz answers 200 again all succeed.
SETTLING_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Outage:
    stopping: float  # pg_ctl stop was called
    stopped: float  # PostgreSQL is down from here (pg_ctl returned)
    restarting: float  # ... until here (pg_ctl start was called)
    started: float  # PostgreSQL accepts connections again (pg_ctl start returned)
    ready: float  # /readyz answered 200 again
    readiness_while_down: httpx.Response


def database_settings(postgres: Server) -> dict[str, str]:
    return {
        "database_url": f"postgresql+asyncpg://postgres@127.0.0.1:{postgres.port}/postgres",
        "db_pool_size": "4",
        "db_pool_timeout_seconds": str(POOL_TIMEOUT_SECONDS),
        "db_connect_timeout_seconds": str(CONNECT_TIMEOUT_SECONDS),
        "db_statement_timeout_ms": str(STATEMENT_TIMEOUT_MS),
        "log_level": "WARNING",
    }


async def ready_again(client: httpx.AsyncClient) -> float:
    """When ``/readyz`` first answers 200 (within the recovery deadline)."""
    deadline = time.monotonic() + RECOVERY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if (await client.get("/readyz")).status_code == 200:
            return time.monotonic()
        await asyncio.sleep(0.1)
    raise AssertionError("the service did not recover by itself")


async def outage(client: httpx.AsyncClient, postgres: Server) -> Outage:
    stopping = time.monotonic()
    # pg_ctl blocks: in a thread, so that the writers keep writing meanwhile.
    await asyncio.to_thread(postgres.stop, "immediate")
    stopped = time.monotonic()
    readiness = await client.get("/readyz")
    await asyncio.sleep(OUTAGE_SECONDS)
    restarting = time.monotonic()
    await asyncio.to_thread(postgres.start)
    started = time.monotonic()
    return Outage(stopping, stopped, restarting, started, await ready_again(client), readiness)


def finished_before(outcomes: list[Outcome], moment: float) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome.started + outcome.seconds < moment]


def assert_fails_fast(failure: Outcome) -> None:
    assert failure.status == 503, failure
    assert int(failure.retry_after or 0) > 0, failure
    assert (failure.body or {}).get("errors", {}).get("body"), failure


def assert_all_acknowledged(outcomes: list[Outcome]) -> None:
    assert outcomes, "no request in this phase"
    assert all(outcome.acknowledged for outcome in outcomes), by_status(outcomes)


async def test_writes_fail_fast_during_an_outage_recover_after_it_and_none_is_lost(
    tmp_path: Path,
) -> None:
    with (
        throwaway_server() as postgres,
        serving(tmp_path, **database_settings(postgres)) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            load = WriteLoad(client, await an_author(client), prefix="w")
            writing = asyncio.create_task(load.run())
            await asyncio.sleep(LOAD_SECONDS)
            outages = []
            for _ in range(OUTAGES):
                outages.append(await outage(client, postgres))
                await asyncio.sleep(LOAD_SECONDS)
            load.stop()
            await writing
        assert server.process.poll() is None, "the server died"
        verified = verify_writes(postgres.url, load.outcomes)

    outcomes = load.outcomes
    statuses = by_status(outcomes)
    assert set(statuses) <= {200, 201, 503}, statuses
    slowest = max(outcome.seconds for outcome in outcomes)
    assert slowest <= FAIL_FAST_SECONDS, f"a request took {slowest:.2f} s"
    assert_all_acknowledged(finished_before(outcomes, outages[0].stopping))
    ends = [window.stopping for window in outages[1:]] + [float("inf")]
    for window, end in zip(outages, ends, strict=True):
        assert window.readiness_while_down.status_code == 503
        assert "database" in window.readiness_while_down.json()["fields"]
        during = list(between(outcomes, window.stopped, window.restarting))
        assert during, "no request was sent while the database was down"
        for failure in during:
            assert_fails_fast(failure)
        assert_all_acknowledged(
            [
                outcome
                for outcome in finished_before(outcomes, end)
                if outcome.started >= window.ready + SETTLING_SECONDS
            ]
        )
    failures = [outcome for outcome in outcomes if not outcome.acknowledged]
    for failure in failures:
        assert_fails_fast(failure)
    print(
        f"\ndatabase outage: {len(outcomes)} requests, {OUTAGES} outages injected, "
        f"statuses {statuses}, slowest {slowest:.3f} s, slowest 503 "
        f"{max((f.seconds for f in failures), default=0):.3f} s, ready again "
        f"{max(w.ready - w.started for w in outages):.2f} s at most after PostgreSQL was; "
        "writes verified: "
        f"{verified.acknowledged} acknowledged present, {verified.failed_absent} failed absent, "
        f"{verified.failed_landed} failed yet committed (whole)"
    )
