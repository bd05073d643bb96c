"""Concurrent claims of one Idempotency-Key on PostgreSQL, each on its own connection: of a
new key, and of an abandoned claim taken over."""

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import create_async_engine

from application.ports.idempotency import Claim
from infrastructure.persistence.sqlmodel.engine import create_session_factory
from infrastructure.persistence.sqlmodel.idempotency import SqlIdempotencyStore
from tests.databases import async_url
from tests.factories import EPOCH

LONG_AGO = EPOCH - timedelta(days=1)


async def test_of_concurrent_claims_of_one_key_exactly_one_wins(postgres_url: str) -> None:
    engine = create_async_engine(async_url(postgres_url), pool_size=10)
    store = SqlIdempotencyStore(create_session_factory(engine))
    scope = uuid.uuid4().hex[:16]
    try:
        claims = await asyncio.gather(
            *(store.claim(Claim.new(scope, "k"), "f", EPOCH, LONG_AGO, LONG_AGO) for _ in range(10))
        )
    finally:
        await engine.dispose()

    assert sum(claim is None for claim in claims) == 1
    assert {claim.fingerprint for claim in claims if claim is not None} == {"f"}


async def test_of_concurrent_takeovers_of_an_abandoned_claim_exactly_one_wins(
    postgres_url: str,
) -> None:
    engine = create_async_engine(async_url(postgres_url), pool_size=10)
    store = SqlIdempotencyStore(create_session_factory(engine))
    scope = uuid.uuid4().hex[:16]
    later = EPOCH + timedelta(minutes=10)
    try:
        await store.claim(Claim.new(scope, "k"), "f", EPOCH, LONG_AGO, LONG_AGO)
        takeovers = await asyncio.gather(
            *(store.claim(Claim.new(scope, "k"), "f", later, LONG_AGO, later) for _ in range(10))
        )
    finally:
        await engine.dispose()

    assert sum(takeover is None for takeover in takeovers) == 1
    assert {t.claimed_at for t in takeovers if t is not None} == {later}
