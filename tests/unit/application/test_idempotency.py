"""IdempotencyKeys: the first successful answer to a key is the answer to every retry."""

from datetime import timedelta

import pytest

from application.idempotency import KEY_MAX_LENGTH, IdempotencyKeys, Proceed, Replay, fingerprint
from application.ports.idempotency import Claim, StoredResponse
from domain.shared.errors import AlreadyExists, InvalidValue
from infrastructure.held_keys import holding
from infrastructure.persistence.memory.idempotency import InMemoryIdempotencyStore
from infrastructure.persistence.memory.store import MemoryStore
from infrastructure.persistence.memory.unit_of_work import InMemoryUnitOfWork
from tests.factories import FixedClock, a_user

CREATED = StoredResponse(201, "application/json", b'{"article": {}}')
REQUEST = fingerprint("POST", "/api/articles", b'{"article": {"title": "t"}}')


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def keys(clock: FixedClock, store: MemoryStore) -> IdempotencyKeys:
    return IdempotencyKeys(
        InMemoryIdempotencyStore(store),
        clock,
        ttl=timedelta(hours=24),
        abandon_after=timedelta(minutes=5),
    )


async def write_a_user(store: MemoryStore, clock: FixedClock, *, commit: bool = True) -> None:
    async with InMemoryUnitOfWork(store, clock) as uow:
        await uow.users.add(a_user("jake"))
        if commit:
            await uow.commit()


async def answered(keys: IdempotencyKeys, claim: Claim, response: StoredResponse) -> None:
    assert await keys.claim(claim, REQUEST) == Proceed()
    await keys.finish(claim, response)


async def test_a_key_whose_write_committed_never_runs_again_even_when_its_answer_was_lost(
    keys: IdempotencyKeys, store: MemoryStore, clock: FixedClock
) -> None:
    first = Claim.new("1", "k")
    assert await keys.claim(first, REQUEST) == Proceed()
    with holding(first):
        await write_a_user(store, clock)
    await keys.finish(first, StoredResponse(503, "application/json", b"{}"))

    with pytest.raises(AlreadyExists, match="applied but its answer was lost"):
        await keys.claim(Claim.new("1", "k"), REQUEST)


async def test_a_key_whose_request_failed_before_committing_runs_again(
    keys: IdempotencyKeys, store: MemoryStore, clock: FixedClock
) -> None:
    first = Claim.new("1", "k")
    assert await keys.claim(first, REQUEST) == Proceed()
    with holding(first):
        await write_a_user(store, clock, commit=False)
    await keys.finish(first, StoredResponse(503, "application/json", b"{}"))

    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Proceed()


async def test_a_new_key_proceeds_and_its_retry_replays_the_answer(keys: IdempotencyKeys) -> None:
    first = Claim.new("1", "k")
    assert await keys.claim(first, REQUEST) == Proceed()
    await keys.finish(first, CREATED)

    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Replay(CREATED)


async def test_a_key_reused_for_another_request_is_refused(keys: IdempotencyKeys) -> None:
    await answered(keys, Claim.new("1", "k"), CREATED)

    with pytest.raises(InvalidValue, match="different request"):
        await keys.claim(Claim.new("1", "k"), fingerprint("POST", "/api/articles", b"{}"))


async def test_a_retry_while_the_first_request_runs_is_a_conflict(keys: IdempotencyKeys) -> None:
    await keys.claim(Claim.new("1", "k"), REQUEST)

    with pytest.raises(AlreadyExists, match="in progress"):
        await keys.claim(Claim.new("1", "k"), REQUEST)


async def test_a_failed_request_releases_its_key_for_a_retry(keys: IdempotencyKeys) -> None:
    await answered(keys, Claim.new("1", "k"), StoredResponse(422, "application/json", b"{}"))

    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Proceed()


async def test_finishing_a_claim_leaves_a_retrys_claim_of_the_key_alone(
    keys: IdempotencyKeys,
) -> None:
    """A claim whose acknowledgement was lost (it may or may not hold the key) is released
    later: by then a retry may hold the key, and keeps it."""
    lost = Claim.new("1", "k")
    retry = Claim.new("1", "k")
    assert await keys.claim(retry, REQUEST) == Proceed()

    await keys.finish(lost, StoredResponse(503, "application/json", b"{}"))
    await keys.finish(lost, CREATED)

    with pytest.raises(AlreadyExists, match="in progress"):
        await keys.claim(Claim.new("1", "k"), REQUEST)
    await keys.finish(retry, CREATED)
    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Replay(CREATED)


async def test_keys_belong_to_their_caller(keys: IdempotencyKeys) -> None:
    await answered(keys, Claim.new("1", "k"), CREATED)

    assert await keys.claim(Claim.new("2", "k"), REQUEST) == Proceed()


async def test_a_key_is_kept_for_its_time_to_live_only(
    keys: IdempotencyKeys, clock: FixedClock
) -> None:
    await answered(keys, Claim.new("1", "k"), CREATED)

    clock.advance(hours=23)
    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Replay(CREATED)
    clock.advance(hours=1, seconds=1)
    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Proceed()


@pytest.mark.parametrize("key", ["", "   ", "x" * (KEY_MAX_LENGTH + 1), "a\nb"])
async def test_a_malformed_key_is_refused(keys: IdempotencyKeys, key: str) -> None:
    with pytest.raises(InvalidValue):
        await keys.claim(Claim.new("1", key), REQUEST)


async def test_a_retry_takes_over_a_claim_left_in_progress_past_the_claim_timeout(
    keys: IdempotencyKeys, store: MemoryStore, clock: FixedClock
) -> None:
    """The first request's process died holding the key: its retries get 409 for five minutes,
    then one runs; the first request's write, should it still come, changes nothing."""
    first = Claim.new("1", "k")
    await keys.claim(first, REQUEST)
    clock.advance(minutes=5)
    with pytest.raises(AlreadyExists, match="in progress"):
        await keys.claim(Claim.new("1", "k"), REQUEST)

    clock.advance(seconds=1)
    retry = Claim.new("1", "k")
    assert await keys.claim(retry, REQUEST) == Proceed()
    with holding(first), pytest.raises(AlreadyExists, match="a retry took it over"):
        await write_a_user(store, clock)
    with holding(retry):
        await write_a_user(store, clock)
    await keys.finish(retry, CREATED)
    await keys.finish(first, StoredResponse(503, "application/json", b"{}"))

    assert await keys.claim(Claim.new("1", "k"), REQUEST) == Replay(CREATED)
