"""A counting proxy between a server and PostgreSQL: statements as the database receives them.

Counting on the wire sees what a driver-level hook cannot: the transaction control and the
connection pings a pool adds around each query, and re-prepared statements. It reads only
the client's side of the protocol (v3): ``Query`` messages, and ``Execute`` messages with
the SQL of the statement their portal was bound to.
"""

import asyncio
import struct
from dataclasses import dataclass, field

_SSL_REQUEST, _GSSENC_REQUEST = 80877103, 80877104
_CONTROL = (
    *("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"),
    # Connection hygiene: what asyncpg's pool sends when a connection is released.
    *("SELECT PG_ADVISORY_UNLOCK_ALL()", "RESET", "DISCARD", "UNLISTEN", "CLOSE ALL"),
)


@dataclass
class Counts:
    """What the proxy saw: ``queries`` read or write data; ``control`` is everything else
    (BEGIN, COMMIT, ROLLBACK, savepoints, ``;`` pings, connection resets); ``round_trips`` are
    the client's waits for the server (each ``Sync`` or simple ``Query``); ``prepares`` are
    ``Parse`` messages (statement cache misses); ``statements`` is the SQL, in order."""

    queries: int = 0
    control: int = 0
    round_trips: int = 0
    prepares: int = 0
    statements: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.queries = self.control = self.round_trips = self.prepares = 0
        self.statements.clear()


def is_control(query: str) -> bool:
    text = query.strip().rstrip(";").strip().upper()
    return not text or text.startswith(_CONTROL)


def _cstrings(body: bytes, count: int) -> list[str]:
    return [part.decode() for part in body.split(b"\0", count)[:count]]


class CountingProxy:
    """Listens on 127.0.0.1 (``port`` once entered) and forwards to the real server."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self._upstream = upstream
        self.counts = Counts()
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> "CountingProxy":
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.close()

    async def _serve(self, client: asyncio.StreamReader, to_client: asyncio.StreamWriter) -> None:
        server, to_server = await asyncio.open_connection(*self._upstream)
        # Each pump closes the side it writes to when it ends, which ends the other pump.
        await asyncio.gather(
            self._from_client(client, to_client, to_server),
            _copy(server, to_client),
            return_exceptions=True,
        )

    async def _from_client(
        self,
        client: asyncio.StreamReader,
        to_client: asyncio.StreamWriter,
        to_server: asyncio.StreamWriter,
    ) -> None:
        try:
            await self._pump(client, to_client, to_server)
        finally:
            to_server.close()

    async def _pump(
        self,
        client: asyncio.StreamReader,
        to_client: asyncio.StreamWriter,
        to_server: asyncio.StreamWriter,
    ) -> None:
        # The start-up message has no type byte. Encryption requests are declined here, so
        # the rest of the conversation stays readable.
        while True:
            head = await client.readexactly(8)
            length, code = struct.unpack("!ii", head)
            if code in (_SSL_REQUEST, _GSSENC_REQUEST):
                to_client.write(b"N")
                await to_client.drain()
                continue
            to_server.write(head + await client.readexactly(length - 8))
            break
        prepared: dict[str, str] = {}
        portals: dict[str, str] = {}
        while True:
            head = await client.readexactly(5)
            body = await client.readexactly(int.from_bytes(head[1:], "big") - 4)
            self._observe(head[:1], body, prepared, portals)
            to_server.write(head + body)
            await to_server.drain()
            if head[:1] == b"X":
                return

    def _observe(
        self, kind: bytes, body: bytes, prepared: dict[str, str], portals: dict[str, str]
    ) -> None:
        if kind == b"Q":
            self.counts.round_trips += 1
            self._count(body[:-1].decode())
        elif kind == b"P":
            name, query = _cstrings(body, 2)
            prepared[name] = query
            self.counts.prepares += 1
        elif kind == b"B":
            portal, statement = _cstrings(body, 2)
            portals[portal] = statement
        elif kind == b"E":
            (portal,) = _cstrings(body, 1)
            self._count(prepared.get(portals.get(portal, ""), ""))
        elif kind == b"S":
            self.counts.round_trips += 1

    def _count(self, query: str) -> None:
        self.counts.statements.append(query)
        if is_control(query):
            self.counts.control += 1
        else:
            self.counts.queries += 1


async def _copy(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
    try:
        while data := await source.read(65536):
            target.write(data)
            await target.drain()
    finally:
        target.close()
