"""Profiles: read them, follow and unfollow (idempotently), never oneself."""

import pytest

from domain.shared.errors import InvalidValue, NotFound
from tests.factories import EPOCH, FixedClock
from tests.unit.application.conduit import Conduit


async def test_a_profile_shows_the_public_fields_and_no_following_to_anonymous(
    conduit: Conduit,
) -> None:
    await conduit.sign_up("celeb")
    profile = await conduit.get_profile.execute("celeb", viewer_id=None)
    assert (profile.username, profile.bio, profile.image, profile.following) == (
        "celeb",
        "",
        "",
        False,
    )


async def test_an_unknown_profile_is_not_found(conduit: Conduit) -> None:
    with pytest.raises(NotFound) as caught:
        await conduit.get_profile.execute("nobody", viewer_id=None)
    assert caught.value.field == "username"


async def test_following_a_user_shows_in_their_profile_for_the_follower_only(
    conduit: Conduit,
) -> None:
    fan = await conduit.sign_up("fan")
    other = await conduit.sign_up("other")
    await conduit.sign_up("celeb")

    followed = await conduit.follow_user.execute("celeb", follower_id=fan)

    assert (followed.username, followed.following) == ("celeb", True)
    assert (await conduit.get_profile.execute("celeb", viewer_id=fan)).following is True
    assert (await conduit.get_profile.execute("celeb", viewer_id=other)).following is False
    assert (
        await conduit.get_profile.execute("fan", viewer_id=conduit.user_id("celeb"))
    ).following is False


async def test_following_twice_is_harmless_and_keeps_the_first_date(
    conduit: Conduit, clock: FixedClock
) -> None:
    fan = await conduit.sign_up("fan")
    celeb = await conduit.sign_up("celeb")
    await conduit.follow_user.execute("celeb", follower_id=fan)
    clock.advance(hours=1)
    again = await conduit.follow_user.execute("celeb", follower_id=fan)
    assert again.following is True
    assert conduit.store.committed.follows == {(fan, celeb): EPOCH}


async def test_unfollowing_removes_the_follow_and_is_harmless_twice(conduit: Conduit) -> None:
    fan = await conduit.sign_up("fan")
    await conduit.sign_up("celeb")
    await conduit.follow_user.execute("celeb", follower_id=fan)

    unfollowed = await conduit.unfollow_user.execute("celeb", follower_id=fan)
    assert (unfollowed.username, unfollowed.following) == ("celeb", False)
    assert conduit.store.committed.follows == {}

    again = await conduit.unfollow_user.execute("celeb", follower_id=fan)
    assert again.following is False
    assert (await conduit.get_profile.execute("celeb", viewer_id=fan)).following is False


async def test_nobody_can_follow_themselves(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    with pytest.raises(InvalidValue) as caught:
        await conduit.follow_user.execute("jake", follower_id=jake)
    assert caught.value.field == "username"
    assert conduit.store.committed.follows == {}


async def test_following_or_unfollowing_an_unknown_user_is_not_found(conduit: Conduit) -> None:
    fan = await conduit.sign_up("fan")
    with pytest.raises(NotFound):
        await conduit.follow_user.execute("nobody", follower_id=fan)
    with pytest.raises(NotFound):
        await conduit.unfollow_user.execute("nobody", follower_id=fan)
    assert conduit.store.committed.follows == {}
