"""Logging in: unknown email and wrong password fail alike and cost the same hashing."""

from typing import Any

import pytest

from application.errors import AuthenticationFailed
from application.users.login_user import LoginUserCommand
from infrastructure.security.passwords import Argon2PasswordHasher
from tests.factories import PASSWORD
from tests.unit.application.wiring import Conduit


async def test_the_right_email_and_password_give_a_token_for_the_user(conduit: Conduit) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))
    assert (view.username, view.email) == ("jake", "jake@example.com")
    assert conduit.tokens.claims_of(view.token).user_id == user_id


async def test_the_email_is_matched_whatever_its_case(conduit: Conduit) -> None:
    await conduit.sign_up("jake")
    view = await conduit.login_user.execute(LoginUserCommand(" JAKE@Example.com ", PASSWORD))
    assert view.username == "jake"


async def test_a_wrong_password_fails_authentication(conduit: Conduit, hasher: Any) -> None:
    await conduit.sign_up("jake")
    with pytest.raises(AuthenticationFailed, match="email or password is invalid"):
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", "wrong password"))
    hasher.verify.assert_awaited_once_with(f"hashed:{PASSWORD}", "wrong password")
    hasher.verify_nobody.assert_not_awaited()


async def test_an_unknown_email_fails_authentication_after_spending_a_hash(
    conduit: Conduit, hasher: Any
) -> None:
    await conduit.sign_up("jake")
    with pytest.raises(AuthenticationFailed, match="email or password is invalid"):
        await conduit.login_user.execute(LoginUserCommand("nobody@example.com", PASSWORD))
    hasher.verify_nobody.assert_awaited_once_with(PASSWORD)
    hasher.verify.assert_not_awaited()


async def test_a_malformed_email_fails_like_an_unknown_one(conduit: Conduit, hasher: Any) -> None:
    with pytest.raises(AuthenticationFailed, match="email or password is invalid"):
        await conduit.login_user.execute(LoginUserCommand("not an email", PASSWORD))
    hasher.verify_nobody.assert_awaited_once_with(PASSWORD)


async def test_unknown_email_and_wrong_password_are_indistinguishable(conduit: Conduit) -> None:
    await conduit.sign_up("jake")
    with pytest.raises(AuthenticationFailed) as wrong_password:
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", "wrong password"))
    with pytest.raises(AuthenticationFailed) as unknown_email:
        await conduit.login_user.execute(LoginUserCommand("nobody@example.com", PASSWORD))
    assert wrong_password.value.message == unknown_email.value.message
    assert wrong_password.value.field == unknown_email.value.field


def test_a_login_command_never_shows_its_password() -> None:
    assert PASSWORD not in repr(LoginUserCommand("jake@example.com", PASSWORD))


async def test_a_real_argon2_hash_lets_only_the_right_password_in() -> None:
    hasher = Argon2PasswordHasher(memory_kib=64, time_cost=1, parallelism=1)
    conduit = Conduit(hasher)
    user_id = await conduit.sign_up("jake")

    stored = conduit.store.committed.users[user_id].password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored

    view = await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))
    assert conduit.tokens.claims_of(view.token).user_id == user_id
    with pytest.raises(AuthenticationFailed):
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", "wrong password"))
    with pytest.raises(AuthenticationFailed):
        await conduit.login_user.execute(LoginUserCommand("nobody@example.com", PASSWORD))


async def test_the_real_argon2_hasher_treats_an_unusable_hash_as_a_mismatch() -> None:
    hasher = Argon2PasswordHasher(memory_kib=64, time_cost=1, parallelism=1)
    assert await hasher.verify("not-an-argon2-hash", PASSWORD) is False
    await hasher.verify_nobody(PASSWORD)
