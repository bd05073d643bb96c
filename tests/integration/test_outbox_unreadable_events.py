"""An event this version cannot read (written by a newer one during a rolling deploy) is left
for a relay that can, and never blocks the events beside it."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from application.events import UserFollowed
from infrastructure.container import Container
from infrastructure.persistence.sqlmodel.tables import outbox
from tests.conftest import SQL_BACKENDS


@pytest.fixture(params=SQL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_an_unreadable_event_is_skipped_and_the_others_are_relayed(
    container: Container,
) -> None:
    now = datetime.now(UTC)
    async with container.storage().session_factory()() as session:
        await session.execute(
            sa.insert(outbox).values(
                id="00000000-0000-7000-8000-000000000000",
                name="EventFromTheFuture",
                payload={"anything": 1},
                occurred_at=now,
                available_at=now,
                attempts=0,
            )
        )
        await session.commit()
    async with container.uow() as uow:
        uow.record(UserFollowed(follower_id=1, followee_id=2))
        await uow.commit()

    later = now + timedelta(seconds=5)
    leased = await container.outbox().lease(10, later, later + timedelta(seconds=30))

    assert [record.event for record in leased] == [UserFollowed(follower_id=1, followee_id=2)]
