"""Logging in: unknown email and wrong password fail alike and cost the same hashing;
attempts are limited per email and per client address."""

from typing import Any

import pytest

from application.errors import AuthenticationFailed, TooManyAttempts
from application.users.login_user import LoginUserCommand
from infrastructure.security.passwords import Argon2PasswordHasher
from tests.factories import PASSWORD, FixedClock
from tests.unit.application.conduit import LOGIN_LIMITS, Conduit, memory_container


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
    conduit = Conduit(memory_container(FixedClock()))  # the container's own argon2 hasher
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


def attempt(email: str = "jake@example.com", address: str | None = "203.0.113.7") -> Any:
    return LoginUserCommand(email, "wrong password", client_address=address)


async def failed_logins(conduit: Conduit, times: int, **where: Any) -> list[type[Exception]]:
    outcomes = []
    for _ in range(times):
        with pytest.raises((AuthenticationFailed, TooManyAttempts)) as failure:
            await conduit.login_user.execute(attempt(**where))
        outcomes.append(type(failure.value))
    return outcomes


async def test_attempts_past_the_account_limit_are_refused_with_the_time_to_wait(
    conduit: Conduit, clock: FixedClock
) -> None:
    await conduit.sign_up("jake")
    await failed_logins(conduit, LOGIN_LIMITS.per_account)
    clock.advance(seconds=20)

    with pytest.raises(TooManyAttempts) as refused:
        await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))

    assert refused.value.retry_after_seconds == LOGIN_LIMITS.window_seconds - 20


async def test_a_refused_attempt_spends_no_hashing(conduit: Conduit, hasher: Any) -> None:
    await conduit.sign_up("jake")
    await failed_logins(conduit, LOGIN_LIMITS.per_account)
    hasher.verify.reset_mock()

    await failed_logins(conduit, 1)

    hasher.verify.assert_not_awaited()
    hasher.verify_nobody.assert_not_awaited()


async def test_the_account_limit_counts_the_email_whatever_its_case_or_address(
    conduit: Conduit,
) -> None:
    await conduit.sign_up("jake")
    for number in range(LOGIN_LIMITS.per_account):
        await failed_logins(conduit, 1, email="JAKE@example.com", address=f"198.51.100.{number}")

    assert await failed_logins(conduit, 1, address="192.0.2.1") == [TooManyAttempts]


async def test_unknown_and_known_emails_are_limited_alike(conduit: Conduit) -> None:
    await conduit.sign_up("jake")
    limit = LOGIN_LIMITS.per_account

    known = await failed_logins(conduit, limit + 1, email="jake@example.com")
    unknown = await failed_logins(conduit, limit + 1, email="nobody@example.com")

    assert known == unknown == [AuthenticationFailed] * limit + [TooManyAttempts]


async def test_one_address_trying_many_accounts_is_limited_per_address(conduit: Conduit) -> None:
    outcomes = [
        await failed_logins(conduit, 1, email=f"user{n}@example.com")
        for n in range(LOGIN_LIMITS.per_address + 1)
    ]

    assert outcomes[-2:] == [[AuthenticationFailed], [TooManyAttempts]]
    assert await failed_logins(conduit, 1, email="other@example.com", address="192.0.2.9") == [
        AuthenticationFailed
    ]


async def test_after_the_window_the_right_password_works_again(
    conduit: Conduit, clock: FixedClock
) -> None:
    user_id = await conduit.sign_up("jake")
    await failed_logins(conduit, LOGIN_LIMITS.per_account + 3)

    clock.advance(seconds=LOGIN_LIMITS.window_seconds)
    view = await conduit.login_user.execute(LoginUserCommand("jake@example.com", PASSWORD))

    assert conduit.tokens.claims_of(view.token).user_id == user_id
