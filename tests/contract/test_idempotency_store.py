"""IdempotencyStore: atomic claims, kept answers, released and expired keys, each claim settled
by its own request only, abandoned claims taken over, and the write of a claim taken over
fenced off."""

from datetime import datetime, timedelta

import pytest

from application.ports.idempotency import Claim, KeyRecord, StoredResponse
from domain.shared.errors import AlreadyExists
from infrastructure.container import Container
from infrastructure.held_keys import holding
from tests.factories import EPOCH, a_user

ANSWER = StoredResponse(201, "application/json", b'{"ok": true}', (("etag", '"1"'),))
LONG_AGO = EPOCH - timedelta(days=1)
LATER = EPOCH + timedelta(minutes=10)


async def claim(
    container: Container,
    claim: Claim,
    fingerprint: str = "f",
    now: datetime = EPOCH,
    abandoned_before: datetime = LONG_AGO,
) -> KeyRecord | None:
    store = container.idempotency_store()
    return await store.claim(claim, fingerprint, now, LONG_AGO, abandoned_before)


async def write_a_user(container: Container, name: str) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user(name))
        await uow.commit()


async def stored_user(container: Container, name: str) -> bool:
    async with container.uow() as uow:
        return await uow.users.get_by_username(name) is not None


async def test_the_first_claim_wins_and_later_ones_see_it(container: Container) -> None:
    first = await claim(container, Claim.new("1", "k"), "f1")
    second = await claim(container, Claim.new("1", "k"), "f2", EPOCH + timedelta(seconds=1))

    assert first is None
    assert second == KeyRecord("f1", EPOCH, None)


async def test_a_completed_claim_carries_its_answer(container: Container) -> None:
    held = Claim.new("1", "k")
    await claim(container, held)

    await container.idempotency_store().complete(held, ANSWER)

    assert await claim(container, Claim.new("1", "k")) == KeyRecord("f", EPOCH, ANSWER)


async def test_a_released_or_expired_key_can_be_claimed_again(container: Container) -> None:
    store = container.idempotency_store()
    released = Claim.new("1", "released")
    await claim(container, released)
    await store.release(released)
    await claim(container, Claim.new("1", "expired"))

    later = EPOCH + timedelta(days=2)
    assert await claim(container, Claim.new("1", "released")) is None
    assert (
        await store.claim(
            Claim.new("1", "expired"), "g", later, LONG_AGO + timedelta(days=2), LONG_AGO
        )
        is None
    )


async def test_only_the_holding_claim_completes_or_releases_its_key(container: Container) -> None:
    store = container.idempotency_store()
    holder = Claim.new("1", "k")
    other = Claim.new("1", "k")  # a claim that never held the key (its insert was lost)
    await claim(container, holder)

    await store.complete(other, ANSWER)
    await store.release(other)

    assert await claim(container, Claim.new("1", "k")) == KeyRecord("f", EPOCH, None)
    await store.complete(holder, ANSWER)
    assert await claim(container, Claim.new("1", "k")) == KeyRecord("f", EPOCH, ANSWER)


async def test_releasing_a_claim_that_holds_nothing_changes_nothing(container: Container) -> None:
    await container.idempotency_store().release(Claim.new("1", "never-claimed"))

    assert await claim(container, Claim.new("1", "never-claimed")) is None


async def test_scopes_do_not_share_keys(container: Container) -> None:
    claims = [await claim(container, Claim.new(scope, "k")) for scope in "12"]

    assert claims == [None, None]


async def test_an_abandoned_claim_of_the_same_request_is_taken_over(container: Container) -> None:
    store = container.idempotency_store()
    abandoned, retry = Claim.new("1", "k"), Claim.new("1", "k")
    await claim(container, abandoned)

    assert await claim(container, retry, now=LATER, abandoned_before=LATER) is None
    await store.complete(abandoned, StoredResponse(500, "", b""))
    await store.release(abandoned)
    await store.complete(retry, ANSWER)
    assert await claim(container, Claim.new("1", "k"), now=LATER) == KeyRecord("f", LATER, ANSWER)


@pytest.mark.parametrize("how", ["young", "another request", "answered", "landed"])
async def test_a_claim_is_not_taken_over_unless_abandoned(container: Container, how: str) -> None:
    store = container.idempotency_store()
    held = Claim.new("1", "k")
    await claim(container, held)
    if how == "answered":
        await store.complete(held, ANSWER)
    if how == "landed":
        with holding(held):
            await write_a_user(container, "jake")

    fingerprint = "g" if how == "another request" else "f"
    abandoned_before = EPOCH if how == "young" else LATER
    retry = await claim(container, Claim.new("1", "k"), fingerprint, LATER, abandoned_before)

    assert retry is not None
    assert (retry.response, retry.landed) == (
        ANSWER if how == "answered" else None,
        how == "landed",
    )


async def test_the_write_of_a_claim_taken_over_commits_nothing(container: Container) -> None:
    abandoned, retry = Claim.new("1", "k"), Claim.new("1", "k")
    await claim(container, abandoned)
    await claim(container, retry, now=LATER, abandoned_before=LATER)

    with holding(abandoned), pytest.raises(AlreadyExists, match="a retry took it over"):
        await write_a_user(container, "late")
    with holding(retry):
        await write_a_user(container, "retry")

    assert (await stored_user(container, "late"), await stored_user(container, "retry")) == (
        False,
        True,
    )
