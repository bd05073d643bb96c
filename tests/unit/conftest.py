"""The unit tier runs on the memory backend alone: it opens no database, server or network
connection, and a test that tries fails at once instead of slowing every run down."""

import socket
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="package", autouse=True)
def no_connections() -> Iterator[None]:
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a unit test opened a connection: it belongs in another tier")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(sqlite3, "connect", refuse)
        yield
