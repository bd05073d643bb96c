"""Access tokens: JwtTokenService timed by the Clock port, so expiry is testable."""

from datetime import timedelta

import jwt
import pytest
from pytest_mock import MockerFixture

from application.errors import AuthenticationFailed
from infrastructure.security.tokens import JwtTokenService
from tests.factories import EPOCH, FixedClock
from tests.unit.application.conduit import SECRET_KEY, TTL_MINUTES, Conduit


def a_token_service(clock: FixedClock, secret_key: str = SECRET_KEY) -> JwtTokenService:
    return JwtTokenService(secret_key=secret_key, ttl_minutes=TTL_MINUTES, clock=clock)


def test_a_token_carries_the_user_id(clock: FixedClock) -> None:
    tokens = a_token_service(clock)
    assert tokens.claims_of(tokens.issue(42, 0)).user_id == 42


def test_a_token_is_valid_until_just_before_its_ttl(clock: FixedClock) -> None:
    tokens = a_token_service(clock)
    token = tokens.issue(42, 0)
    clock.advance(minutes=TTL_MINUTES - 1)
    assert tokens.claims_of(token).user_id == 42


@pytest.mark.parametrize("past", [timedelta(minutes=TTL_MINUTES), timedelta(days=30)])
def test_a_token_expires_after_its_ttl(clock: FixedClock, past: timedelta) -> None:
    tokens = a_token_service(clock)
    token = tokens.issue(42, 0)
    clock.advance(seconds=past.total_seconds() + 1)
    with pytest.raises(AuthenticationFailed, match="expired"):
        tokens.claims_of(token)


async def test_the_token_from_registering_stops_working_after_the_ttl(
    conduit: Conduit, clock: FixedClock
) -> None:
    user_id = await conduit.sign_up("jake")
    view = await conduit.get_current_user.execute(user_id)
    assert conduit.tokens.claims_of(view.token).user_id == user_id
    clock.advance(minutes=TTL_MINUTES, seconds=1)
    with pytest.raises(AuthenticationFailed):
        conduit.tokens.claims_of(view.token)


def test_a_token_signed_with_another_secret_is_refused(clock: FixedClock) -> None:
    forged = a_token_service(clock, secret_key="another-secret-key-0123456789-abcdef").issue(42, 0)
    with pytest.raises(AuthenticationFailed, match="invalid"):
        a_token_service(clock).claims_of(forged)


def test_a_tampered_token_is_refused(clock: FixedClock) -> None:
    tokens = a_token_service(clock)
    header, payload, signature = tokens.issue(42, 0).split(".")
    other_payload = a_token_service(clock).issue(1, 0).split(".")[1]
    with pytest.raises(AuthenticationFailed):
        tokens.claims_of(f"{header}.{other_payload}x.{signature}")
    with pytest.raises(AuthenticationFailed):
        tokens.claims_of(f"{header}.{payload}.{signature[:-4]}AAAA")


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c"])
def test_garbage_is_not_a_token(clock: FixedClock, garbage: str) -> None:
    with pytest.raises(AuthenticationFailed):
        a_token_service(clock).claims_of(garbage)


def test_an_unsigned_token_is_refused(clock: FixedClock) -> None:
    claims = {"sub": "42", "exp": int((EPOCH + timedelta(hours=1)).timestamp())}
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    with pytest.raises(AuthenticationFailed):
        a_token_service(clock).claims_of(unsigned)


@pytest.mark.parametrize(
    "claims",
    [{"sub": "42"}, {"exp": 2_000_000_000}, {"sub": "jake", "exp": 2_000_000_000}],
    ids=["no-expiry", "no-subject", "subject-not-an-id"],
)
def test_a_token_without_a_usable_subject_and_expiry_is_refused(
    clock: FixedClock, claims: dict[str, object]
) -> None:
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    with pytest.raises(AuthenticationFailed):
        a_token_service(clock).claims_of(token)


def test_tokens_are_timed_by_the_clock_port_alone() -> None:
    # A clock ahead of the machine's (a test clock, or a server whose clock runs a little
    # ahead of its neighbour's) issues tokens that the same clock must accept.
    clock = FixedClock(EPOCH + timedelta(days=3650))
    tokens = a_token_service(clock)
    assert tokens.claims_of(tokens.issue(42, 0)).user_id == 42


def test_a_token_is_verified_once_but_its_expiry_is_checked_on_every_use(
    clock: FixedClock, mocker: MockerFixture
) -> None:
    tokens = a_token_service(clock)
    token = tokens.issue(42, 0)
    decode = mocker.spy(jwt, "decode")

    assert [tokens.claims_of(token).user_id for _ in range(3)] == [42, 42, 42]
    clock.advance(minutes=TTL_MINUTES)

    with pytest.raises(AuthenticationFailed, match="expired"):
        tokens.claims_of(token)
    assert decode.call_count == 1


def test_a_refused_token_is_not_remembered(clock: FixedClock, mocker: MockerFixture) -> None:
    forged = a_token_service(clock, secret_key="another-key-" * 4).issue(42, 0)
    tokens = a_token_service(clock)
    decode = mocker.spy(jwt, "decode")

    for _ in range(2):
        with pytest.raises(AuthenticationFailed, match="invalid"):
            tokens.claims_of(forged)
    assert decode.call_count == 2


def test_a_token_carries_the_token_version_it_was_issued_under(clock: FixedClock) -> None:
    tokens = a_token_service(clock)
    assert tokens.claims_of(tokens.issue(42, 3)).token_version == 3


def test_a_token_issued_before_versions_existed_counts_as_version_zero(clock: FixedClock) -> None:
    claims = {"sub": "42", "exp": int((EPOCH + timedelta(hours=1)).timestamp())}
    legacy = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    assert a_token_service(clock).claims_of(legacy).token_version == 0


@pytest.mark.parametrize("version", ["1", 1.5, True, None])
def test_a_token_version_that_is_not_an_integer_is_refused(
    clock: FixedClock, version: object
) -> None:
    claims = {"sub": "42", "ver": version, "exp": int((EPOCH + timedelta(hours=1)).timestamp())}
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    with pytest.raises(AuthenticationFailed, match="invalid"):
        a_token_service(clock).claims_of(token)
