"""The contract tier runs every test once per backend, through the shared ``container``."""

import pytest

from infrastructure.container import Container
from tests.contract.storage import Storage


@pytest.fixture
def storage(container: Container) -> Storage:
    return Storage(container)
