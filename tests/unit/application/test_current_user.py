"""The caller's own account: read it, change it, keep usernames and emails unique."""

from datetime import timedelta

import pytest

from application.errors import AuthenticationFailed
from application.users.login_user import LoginUserCommand
from application.users.update_current_user import UpdateUserCommand
from domain.shared.errors import AlreadyExists, InvalidValue
from tests.factories import EPOCH, PASSWORD, FixedClock
from tests.unit.application.conduit import Conduit

NEW_PASSWORD = "a brand new passphrase"


async def test_the_current_user_is_returned_with_a_fresh_token(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.get_current_user.execute(user_id)
    assert (view.username, view.email, view.bio, view.image) == (
        "jake",
        "jake@example.com",
        "",
        "",
    )
    assert conduit.tokens.claims_of(view.token).user_id == user_id


async def test_a_token_for_a_vanished_account_no_longer_authenticates(conduit: Conduit) -> None:
    with pytest.raises(AuthenticationFailed):
        await conduit.get_current_user.execute(404)
    with pytest.raises(AuthenticationFailed):
        await conduit.update_current_user.execute(UpdateUserCommand(user_id=404, bio="hi"))


async def test_updating_bio_and_image_leaves_the_rest_unchanged(
    conduit: Conduit, clock: FixedClock
) -> None:
    user_id = await conduit.sign_up("jake")
    clock.advance(minutes=3)
    view = await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, bio="I work at statefarm", image="https://i.pravatar.cc")
    )
    assert (view.username, view.email) == ("jake", "jake@example.com")
    assert (view.bio, view.image) == ("I work at statefarm", "https://i.pravatar.cc")
    stored = conduit.store.committed.users[user_id]
    assert stored.bio == "I work at statefarm"
    assert stored.password_hash == f"hashed:{PASSWORD}"
    assert stored.created_at == EPOCH
    assert stored.updated_at == EPOCH + timedelta(minutes=3)


async def test_changing_the_password_lets_the_new_one_log_in_and_not_the_old(
    conduit: Conduit,
) -> None:
    user_id = await conduit.sign_up("jake")
    await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, password=NEW_PASSWORD)
    )
    view = await conduit.login_user.execute(LoginUserCommand("jake@example.com", NEW_PASSWORD))
    assert view.username == "jake"
    with pytest.raises(AuthenticationFailed):
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))


async def test_changing_the_email_moves_the_login_to_it(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, email="Jake.New@Example.com")
    )
    assert view.email == "jake.new@example.com"
    logged_in = await conduit.login_user.execute(LoginUserCommand("jake.new@example.com", PASSWORD))
    assert logged_in.username == "jake"
    with pytest.raises(AuthenticationFailed):
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))


async def test_taking_someone_elses_username_is_refused(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    await conduit.sign_up("celeb")
    with pytest.raises(AlreadyExists) as caught:
        await conduit.update_current_user.execute(
            UpdateUserCommand(user_id=user_id, username="celeb", bio="changed")
        )
    assert caught.value.field == "username"
    stored = conduit.store.committed.users[user_id]
    assert (stored.username.value, stored.bio) == ("jake", "")


async def test_taking_someone_elses_email_is_refused(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    await conduit.sign_up("celeb")
    with pytest.raises(AlreadyExists) as caught:
        await conduit.update_current_user.execute(
            UpdateUserCommand(user_id=user_id, email="CELEB@example.com")
        )
    assert caught.value.field == "email"
    assert conduit.store.committed.users[user_id].email.value == "jake@example.com"


async def test_keeping_ones_own_username_and_email_is_no_conflict(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, username="jake", email="jake@example.com", bio="same")
    )
    assert (view.username, view.bio) == ("jake", "same")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"image": "javascript:alert(1)"}, "image"),
        ({"password": "short"}, "password"),
        ({"password": " " * 12}, "password"),
        ({"username": "   "}, "username"),
        ({"email": " "}, "email"),
        ({"email": "nope"}, "email"),
    ],
)
async def test_an_invalid_update_is_refused_and_changes_nothing(
    conduit: Conduit, changes: dict[str, str], field: str
) -> None:
    user_id = await conduit.sign_up("jake")
    before = conduit.snapshot()
    with pytest.raises(InvalidValue) as caught:
        await conduit.update_current_user.execute(UpdateUserCommand(user_id=user_id, **changes))
    assert caught.value.field == field
    assert conduit.snapshot() == before


async def test_empty_username_email_and_password_are_left_as_they_are(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")

    view = await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, username="", email="", password="", bio="Hi")
    )

    assert (view.username, view.email, view.bio) == ("jake", "jake@example.com", "Hi")
    stored = conduit.store.committed.users[user_id]
    assert (stored.password_hash, stored.token_version) == (f"hashed:{PASSWORD}", 0)


async def test_the_current_password_sent_again_is_no_change(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")

    await conduit.update_current_user.execute(UpdateUserCommand(user_id=user_id, password=PASSWORD))

    assert conduit.store.committed.users[user_id].token_version == 0


async def test_a_new_password_moves_the_token_version_on(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")

    await conduit.update_current_user.execute(
        UpdateUserCommand(user_id=user_id, password=NEW_PASSWORD)
    )

    assert conduit.store.committed.users[user_id].token_version == 1


def test_an_update_command_never_shows_a_new_password() -> None:
    assert NEW_PASSWORD not in repr(UpdateUserCommand(user_id=1, password=NEW_PASSWORD))
