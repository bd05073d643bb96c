"""IdempotencyStore: atomic claims, kept answers, released and expired keys."""

from datetime import timedelta

from application.ports.idempotency import KeyRecord, StoredResponse
from infrastructure.container import Container
from tests.factories import EPOCH

ANSWER = StoredResponse(201, "application/json", b'{"ok": true}', (("etag", '"1"'),))
LONG_AGO = EPOCH - timedelta(days=1)


async def test_the_first_claim_wins_and_later_ones_see_it(container: Container) -> None:
    store = container.idempotency_store()

    first = await store.claim("1", "k", "f1", EPOCH, LONG_AGO)
    second = await store.claim("1", "k", "f2", EPOCH + timedelta(seconds=1), LONG_AGO)

    assert first is None
    assert second == KeyRecord("f1", EPOCH, None)


async def test_a_completed_claim_carries_its_answer(container: Container) -> None:
    store = container.idempotency_store()
    await store.claim("1", "k", "f", EPOCH, LONG_AGO)

    await store.complete("1", "k", ANSWER)

    assert await store.claim("1", "k", "f", EPOCH, LONG_AGO) == KeyRecord("f", EPOCH, ANSWER)


async def test_a_released_or_expired_key_can_be_claimed_again(container: Container) -> None:
    store = container.idempotency_store()
    await store.claim("1", "released", "f", EPOCH, LONG_AGO)
    await store.release("1", "released")
    await store.claim("1", "expired", "f", EPOCH, LONG_AGO)

    later = EPOCH + timedelta(days=2)
    assert await store.claim("1", "released", "f", EPOCH, LONG_AGO) is None
    assert await store.claim("1", "expired", "g", later, later - timedelta(days=1)) is None


async def test_scopes_do_not_share_keys(container: Container) -> None:
    store = container.idempotency_store()

    claims = [await store.claim(scope, "k", "f", EPOCH, LONG_AGO) for scope in ("1", "2")]

    assert claims == [None, None]
