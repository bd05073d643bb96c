"""Unknown emails and wrong passwords cost the same: over many logins of each kind through the
API, every attempt runs exactly one argon2 verification, with the same work parameters, and
the answers are byte-for-byte the same. Counted at the hasher (no wall-clock), on SQLite and
PostgreSQL, with the real argon2 hasher."""

import re
from collections import Counter

import pytest
from dependency_injector import providers
from httpx import AsyncClient, Response

from infrastructure.container import Container
from infrastructure.security.passwords import Argon2PasswordHasher
from tests.factories import register

ATTEMPTS = 12
_PARAMETERS = re.compile(r"^\$argon2id\$v=\d+\$(m=\d+,t=\d+,p=\d+)\$")


class CountingArgon2(Argon2PasswordHasher):
    """The real hasher, recording the work parameters of each hash it verifies."""

    def __init__(self) -> None:
        super().__init__(memory_kib=256, time_cost=2, parallelism=1)
        self.verified: list[str] = []

    def _verify(self, password_hash: str, password: str) -> bool:
        match = _PARAMETERS.match(password_hash)
        self.verified.append(match.group(1) if match else "unusable hash")
        return super()._verify(password_hash, password)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def hasher(container: Container) -> CountingArgon2:
    counting = CountingArgon2()
    container.password_hasher.override(providers.Object(counting))
    return counting


def shape(response: Response) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Everything a client sees, but the request id."""
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "x-request-id"]
    return response.status_code, response.content, sorted(headers)


async def attempts(client: AsyncClient, hasher: CountingArgon2, emails: list[str]) -> list[str]:
    """Logs in once with each email and a wrong password; the hashes each attempt verified."""
    per_attempt = []
    for email in emails:
        before = len(hasher.verified)
        login = {"user": {"email": email, "password": "not the password"}}
        response = await client.post("/api/users/login", json=login)
        assert response.status_code == 401, response.text
        per_attempt.append(",".join(hasher.verified[before:]))
    return per_attempt


async def test_unknown_emails_and_wrong_passwords_each_run_one_equal_argon2_verification(
    client: AsyncClient, hasher: CountingArgon2
) -> None:
    for n in range(ATTEMPTS):
        await register(client, f"user{n}")
    hasher.verified.clear()

    known = await attempts(client, hasher, [f"user{n}@example.com" for n in range(ATTEMPTS)])
    unknown = await attempts(client, hasher, [f"ghost{n}@example.com" for n in range(ATTEMPTS)])
    malformed = await attempts(client, hasher, [f"not an email {n}" for n in range(ATTEMPTS)])

    assert Counter(known) == Counter(unknown) == Counter(malformed) == {"m=256,t=2,p=1": ATTEMPTS}


async def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(
    client: AsyncClient, hasher: CountingArgon2
) -> None:
    await register(client, "jake")

    wrong = await client.post(
        "/api/users/login", json={"user": {"email": "jake@example.com", "password": "nope-nope"}}
    )
    unknown = await client.post(
        "/api/users/login", json={"user": {"email": "ghost@example.com", "password": "nope-nope"}}
    )

    assert shape(wrong) == shape(unknown)
    assert wrong.status_code == 401
    assert hasher.verified.count("m=256,t=2,p=1") == 2
