from typing import Any

import pytest
from pytest_mock import MockerFixture

from application.ports.security import PasswordHasher
from infrastructure.container import Container
from tests.factories import FixedClock
from tests.unit.application.conduit import Conduit, on_memory


@pytest.fixture
def hasher(mocker: MockerFixture) -> Any:
    """A trivial stand-in for argon2: the hash is the password with a prefix."""
    fake = mocker.create_autospec(PasswordHasher, instance=True)
    fake.hash.side_effect = lambda password: f"hashed:{password}"
    fake.verify.side_effect = lambda password_hash, password: password_hash == f"hashed:{password}"
    fake.verify_nobody.return_value = None
    return fake


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def container() -> Container:
    """One for the tier, made as new for each test: building one costs more than most tests."""
    return Container()


@pytest.fixture
def conduit(container: Container, hasher: Any, clock: FixedClock) -> Conduit:
    return Conduit(on_memory(container, clock, hasher))
