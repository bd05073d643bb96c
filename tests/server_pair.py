"""Two real server processes on one PostgreSQL database, and a client that spreads requests
over them in turn: races meet the database's constraints and locks, not a lock in one Python
process."""

import itertools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx

from tests.factories import PASSWORD
from tests.servers import server_process


@contextmanager
def server_pair(database_url: str) -> Iterator[list[str]]:
    """Two servers' addresses; cheap password hashing, no cache, small pools."""
    environment = {
        "CONDUIT_ENV": "test",
        "CONDUIT_DATABASE_URL": database_url,
        "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "64",
        "CONDUIT_PASSWORD_HASH_TIME_COST": "1",
        "CONDUIT_DB_POOL_SIZE": "8",
        "CONDUIT_CACHE_ENABLED": "false",
        # No relay transactions in the background: emptying the tables between tests (TRUNCATE)
        # would wait on them, or deadlock with them.
        "CONDUIT_RELAY_IN_SERVER": "false",
    }
    with ExitStack() as stack:
        yield [stack.enter_context(server_process(environment)) for _ in range(2)]


class Api:
    """Spreads requests over the servers in turn."""

    def __init__(self, client: httpx.AsyncClient, servers: list[str]) -> None:
        self._client = client
        self._next = itertools.cycle(servers)

    async def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        return await self._client.request(method, f"http://{next(self._next)}{path}", **kwargs)  # type: ignore[arg-type]

    async def register(self, name: str, email: str | None = None) -> httpx.Response:
        user = {"username": name, "email": email or f"{name}@example.com", "password": PASSWORD}
        return await self.request("POST", "/api/users", json={"user": user})
