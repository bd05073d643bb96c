"""Authenticate: a valid token for an existing account, issued since its last password change."""

import pytest

from application.errors import AuthenticationFailed
from application.users.update_current_user import UpdateUserCommand
from tests.unit.application.conduit import Conduit


async def test_a_fresh_token_authenticates_its_user(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.get_current_user.execute(user_id)

    assert await conduit.authenticate.execute(view.token) == user_id


async def test_a_password_change_revokes_earlier_tokens_and_the_new_one_works(
    conduit: Conduit,
) -> None:
    user_id = await conduit.sign_up("jake")
    old = (await conduit.get_current_user.execute(user_id)).token

    changed = await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, password="a brand new password")
    )

    with pytest.raises(AuthenticationFailed, match="revoked by a password change"):
        await conduit.authenticate.execute(old)
    assert await conduit.authenticate.execute(changed.token) == user_id


async def test_a_profile_change_revokes_nothing(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    token = (await conduit.get_current_user.execute(user_id)).token

    await conduit.update_current_user.execute(UpdateUserCommand(user_id=user_id, bio="Hi"))

    assert await conduit.authenticate.execute(token) == user_id


async def test_a_token_for_an_account_that_does_not_exist_is_refused(conduit: Conduit) -> None:
    with pytest.raises(AuthenticationFailed, match="no longer exists"):
        await conduit.authenticate.execute(conduit.tokens.issue(999, 0))


async def test_a_token_from_a_version_the_account_never_had_is_refused(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")

    with pytest.raises(AuthenticationFailed, match="revoked"):
        await conduit.authenticate.execute(conduit.tokens.issue(user_id, 7))
