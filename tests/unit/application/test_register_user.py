"""Registering: a new account with a hashed password and a token; usernames and emails unique."""

from typing import Any

import pytest

from application.users.register_user import RegisterUserCommand
from domain.shared.errors import AlreadyExists, InvalidValue
from tests.factories import EPOCH, PASSWORD
from tests.unit.application.conduit import Conduit


def jake(**changes: str) -> RegisterUserCommand:
    values = {"username": "jake", "email": "jake@example.com", "password": PASSWORD}
    return RegisterUserCommand(**(values | changes))


async def test_registering_returns_the_new_user_with_a_token_for_them(conduit: Conduit) -> None:
    view = await conduit.register_user.execute(jake(email="Jake@Example.com"))
    assert (view.username, view.email, view.bio, view.image) == (
        "jake",
        "jake@example.com",
        "",
        "",
    )
    assert conduit.tokens.claims_of(view.token).user_id == conduit.user_id("jake")


async def test_registering_stores_the_hash_and_never_the_password(
    conduit: Conduit, hasher: Any
) -> None:
    await conduit.register_user.execute(jake())
    hasher.hash.assert_awaited_once_with(PASSWORD)
    (user,) = conduit.store.committed.users.values()
    assert user.password_hash == f"hashed:{PASSWORD}"
    assert user.created_at == user.updated_at == EPOCH


async def test_a_taken_username_cannot_be_registered_again(conduit: Conduit) -> None:
    await conduit.register_user.execute(jake())
    with pytest.raises(AlreadyExists) as caught:
        await conduit.register_user.execute(jake(email="other@example.com"))
    assert caught.value.field == "username"
    assert len(conduit.store.committed.users) == 1


async def test_a_taken_email_cannot_be_registered_again_whatever_its_case(
    conduit: Conduit,
) -> None:
    await conduit.register_user.execute(jake())
    with pytest.raises(AlreadyExists) as caught:
        await conduit.register_user.execute(jake(username="jacob", email="JAKE@example.COM"))
    assert caught.value.field == "email"
    assert len(conduit.store.committed.users) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "jake the dog"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "p" * 129}, "password"),
    ],
)
async def test_invalid_input_is_refused_before_hashing_or_storing(
    conduit: Conduit, hasher: Any, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        await conduit.register_user.execute(jake(**changes))
    assert caught.value.field == field
    hasher.hash.assert_not_awaited()
    assert conduit.store.committed.users == {}


def test_a_register_command_never_shows_its_password() -> None:
    # LoginUserCommand and UpdateUserCommand hide theirs (repr=False); a logged or
    # traceback-printed RegisterUserCommand must not leak the plain password either.
    assert PASSWORD not in repr(jake())
