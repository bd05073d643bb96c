"""IdempotencyStore: atomic claims, kept answers, released and expired keys, each claim settled
by its own request only."""

from datetime import timedelta

from application.ports.idempotency import Claim, KeyRecord, StoredResponse
from infrastructure.container import Container
from tests.factories import EPOCH

ANSWER = StoredResponse(201, "application/json", b'{"ok": true}', (("etag", '"1"'),))
LONG_AGO = EPOCH - timedelta(days=1)


async def test_the_first_claim_wins_and_later_ones_see_it(container: Container) -> None:
    store = container.idempotency_store()

    first = await store.claim(Claim.new("1", "k"), "f1", EPOCH, LONG_AGO)
    second = await store.claim(Claim.new("1", "k"), "f2", EPOCH + timedelta(seconds=1), LONG_AGO)

    assert first is None
    assert second == KeyRecord("f1", EPOCH, None)


async def test_a_completed_claim_carries_its_answer(container: Container) -> None:
    store = container.idempotency_store()
    claim = Claim.new("1", "k")
    await store.claim(claim, "f", EPOCH, LONG_AGO)

    await store.complete(claim, ANSWER)

    assert await store.claim(Claim.new("1", "k"), "f", EPOCH, LONG_AGO) == KeyRecord(
        "f", EPOCH, ANSWER
    )


async def test_a_released_or_expired_key_can_be_claimed_again(container: Container) -> None:
    store = container.idempotency_store()
    released = Claim.new("1", "released")
    await store.claim(released, "f", EPOCH, LONG_AGO)
    await store.release(released)
    await store.claim(Claim.new("1", "expired"), "f", EPOCH, LONG_AGO)

    later = EPOCH + timedelta(days=2)
    assert await store.claim(Claim.new("1", "released"), "f", EPOCH, LONG_AGO) is None
    assert (
        await store.claim(Claim.new("1", "expired"), "g", later, later - timedelta(days=1)) is None
    )


async def test_only_the_holding_claim_completes_or_releases_its_key(container: Container) -> None:
    store = container.idempotency_store()
    holder = Claim.new("1", "k")
    other = Claim.new("1", "k")  # a claim that never held the key (its insert was lost)
    await store.claim(holder, "f", EPOCH, LONG_AGO)

    await store.complete(other, ANSWER)
    await store.release(other)

    assert await store.claim(Claim.new("1", "k"), "f", EPOCH, LONG_AGO) == KeyRecord(
        "f", EPOCH, None
    )
    await store.complete(holder, ANSWER)
    assert await store.claim(Claim.new("1", "k"), "f", EPOCH, LONG_AGO) == KeyRecord(
        "f", EPOCH, ANSWER
    )


async def test_releasing_a_claim_that_holds_nothing_changes_nothing(container: Container) -> None:
    store = container.idempotency_store()

    await store.release(Claim.new("1", "never-claimed"))

    assert await store.claim(Claim.new("1", "never-claimed"), "f", EPOCH, LONG_AGO) is None


async def test_scopes_do_not_share_keys(container: Container) -> None:
    store = container.idempotency_store()

    claims = [await store.claim(Claim.new(scope, "k"), "f", EPOCH, LONG_AGO) for scope in "12"]

    assert claims == [None, None]
