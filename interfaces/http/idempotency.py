"""``Idempotency-Key`` on the creating endpoints: a retry gets the first answer, creates nothing.

Pure ASGI around the routes: the request body is read once (it is part of what makes two
requests the same), the key is claimed for the caller before the route runs, and a successful
answer is stored before it is sent, so a retry that arrives any time after it, in any process,
is answered from the store.
"""

import asyncio
import logging
import re
from contextlib import AbstractContextManager, nullcontext

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.errors import AuthenticationFailed, ServiceUnavailable
from application.idempotency import FIELD, KEY_MAX_LENGTH, IdempotencyKeys, Replay, fingerprint
from application.ports.idempotency import Claim, StoredResponse
from domain.shared.errors import DomainError
from infrastructure.container import Container
from infrastructure.held_keys import holding
from interfaces.http.dependencies import token_in
from interfaces.http.errors import domain_error_response

logger = logging.getLogger("conduit.idempotency")
_BULK = "/api/articles/bulk"
_CREATING = re.compile(r"^/api/(?:users|articles|articles/bulk|articles/[^/]+/comments)$")
_HEADER = FIELD.lower().encode()
ANONYMOUS = "anonymous"
# Headers of the first answer that a retry gets too: what a client may act on.
_REPLAYED_HEADERS = (b"etag", b"location")
# A database restart or failover is over within seconds, a primary's machine lost within a
# minute or two (Patroni's leader key expires): retry settling a key for ten minutes, doubling
# the wait from half a second up to a minute. Until then its retries get 409.
_SETTLE_DELAYS_SECONDS = (0.5, 1, 2, 4, 8, 16, 32, *(60,) * 9)
# How a key is settled whose request never ran: released, like a failed one.
_NOT_RUN = StoredResponse(503, "", b"")
# Tasks settling keys in the background: held here so that none is collected mid-way.
_settling: set[asyncio.Task[None]] = set()

OPENAPI = {
    "parameters": [
        {
            "name": FIELD,
            "in": "header",
            "required": False,
            "description": (
                "A unique key (for example a UUID) that makes retries safe: a retry with the "
                "same key and body gets the first successful answer again (with "
                "`Idempotent-Replayed: true`) and creates nothing; the same key with another "
                "body is a 422, and while the first request runs, a 409. Keys are kept per "
                "caller for `CONDUIT_IDEMPOTENCY_KEY_TTL_HOURS` (24 by default)."
            ),
            "schema": {"type": "string", "maxLength": KEY_MAX_LENGTH},
            "example": "7d2b4f0e-3c1a-4e8a-9b6f-2f6d1c0a9e55",
        }
    ]
}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, container: Container) -> None:
        self._app = app
        self._container = container

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _key_of(scope)
        if key is None:
            await self._app(scope, receive, send)
            return
        body = await _read_body(receive)
        keys = self._container.idempotency_keys()
        try:
            claim = Claim.new(await self._caller(scope), key)
        except DomainError as error:
            await domain_error_response(error)(scope, receive, send)
            return
        try:
            outcome = await keys.claim(claim, fingerprint("POST", scope["path"], body))
        except DomainError as error:
            if isinstance(error, ServiceUnavailable):
                # The claim may have committed with its acknowledgement lost: left alone, it
                # would hold the key "in progress" until it expired, for a request never run.
                _settle_in_the_background(keys, claim, _NOT_RUN)
            await domain_error_response(error)(scope, receive, send)
            return
        if isinstance(outcome, Replay):
            await _send_stored(outcome.response, send)
            return
        answer: list[Message] = []

        async def capture(message: Message) -> None:
            answer.append(message)

        try:
            with _settled_by_the_write(scope, claim):
                await self._app(scope, _replaying(body), capture)
        except BaseException:
            await _finish(keys, claim, StoredResponse(500, "", b""))
            raise
        await _finish(keys, claim, _stored(answer))
        for message in answer:
            await send(message)

    async def _caller(self, scope: Scope) -> str:
        """The user the request's token speaks for; without a valid one, ``anonymous`` (the
        route then refuses the token, and the failed request releases its key)."""
        header = _header(scope, b"authorization")
        if header is None:
            return ANONYMOUS
        try:
            return str(await self._container.authenticate().execute(token_in(header)))
        except AuthenticationFailed:
            return ANONYMOUS


async def _finish(keys: IdempotencyKeys, claim: Claim, response: StoredResponse) -> None:
    """Store the answer, or free the key. The request's own answer is sent even when the
    database fails here: its work committed (or failed) already, and a 503 would tell a
    client whose write landed to retry it. The key is then settled in the background."""
    try:
        await keys.finish(claim, response)
    except DomainError as error:
        logger.warning("Idempotency-Key not settled: %s; retrying", error.message)
        _settle_in_the_background(keys, claim, response)


def _settle_in_the_background(
    keys: IdempotencyKeys, claim: Claim, response: StoredResponse
) -> None:
    task = asyncio.create_task(_settle_later(keys, claim, response))
    _settling.add(task)
    task.add_done_callback(_settling.discard)


async def _settle_later(keys: IdempotencyKeys, claim: Claim, response: StoredResponse) -> None:
    """Settle a key the database was away for: until then a retry with it gets 409 "in
    progress"; after, the first answer or, when the request failed, a fresh run (a write that
    committed marked the key landed in its own transaction, so it never runs twice)."""
    waited = 0.0
    for delay in _SETTLE_DELAYS_SECONDS:
        await asyncio.sleep(delay)
        waited += delay
        try:
            await keys.finish(claim, response)
        except DomainError:
            continue
        logger.info("Idempotency-Key settled after %s s", waited)
        return
    logger.warning("Idempotency-Key left unsettled: retries with it get 409 until it expires")


def _settled_by_the_write(scope: Scope, claim: Claim) -> AbstractContextManager[None]:
    """The write marks the key landed in its own transaction (``held_keys``), except in a bulk
    import: it commits batch by batch and skips the records it already holds, so a failed one
    is better run again than refused as applied."""
    return nullcontext() if scope["path"] == _BULK else holding(claim)


def _key_of(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "POST" or not _CREATING.match(scope["path"]):
        return None
    return _header(scope, _HEADER)


def _header(scope: Scope, name: bytes) -> str | None:
    for header, value in scope["headers"]:
        if header == name:
            return str(value.decode("latin-1"))
    return None


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _stored(answer: list[Message]) -> StoredResponse:
    start = next(m for m in answer if m["type"] == "http.response.start")
    headers = {name: value.decode("latin-1") for name, value in start.get("headers", [])}
    body = b"".join(m.get("body", b"") for m in answer if m["type"] == "http.response.body")
    kept = tuple((name.decode(), headers[name]) for name in _REPLAYED_HEADERS if name in headers)
    return StoredResponse(int(start["status"]), headers.get(b"content-type", ""), body, kept)


async def _send_stored(response: StoredResponse, send: Send) -> None:
    headers = [
        (b"content-type", response.content_type.encode("latin-1")),
        (b"content-length", str(len(response.body)).encode()),
        (b"idempotent-replayed", b"true"),
        *((name.encode(), value.encode("latin-1")) for name, value in response.headers),
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
