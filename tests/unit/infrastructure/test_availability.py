"""Which database errors are an outage (a 503 the client may retry) and which are not.

The errors are the drivers' own, built as the drivers build them; the fault tests
(``tests/faults``) meet them on real servers.
"""

import sqlite3

import asyncpg
import pytest
from sqlalchemy import exc

from application.errors import ServiceUnavailable
from infrastructure.persistence.sqlmodel.availability import (
    MESSAGE,
    outages_as_unavailable,
    unavailability,
)


class DriverError(Exception):
    """SQLAlchemy's asyncpg adapter error: the server's SQLSTATE on ``sqlstate``."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def wrapped(orig: Exception, *, invalidated: bool = False) -> exc.DBAPIError:
    return exc.DBAPIError("SELECT 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError(),
        exc.TimeoutError("QueuePool limit of size 2 overflow 0 reached"),
        wrapped(DriverError("connection was closed", "08006"), invalidated=True),
        wrapped(DriverError("canceling statement due to statement timeout", "57014")),
        wrapped(DriverError("the database system is starting up", "57P03")),
        wrapped(DriverError("sorry, too many clients already", "53300")),
        wrapped(
            DriverError("cannot execute INSERT in a read-only transaction", "25006"),
        ),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")),
    ],
    ids=[
        "refused",
        "client timeout",
        "pool timeout",
        "connection lost",
        "statement timeout",
        "starting up",
        "no connection slot",
        "a demoted primary",
        "asyncpg connection lost",
        "sqlite locked",
    ],
)
def test_an_outage_or_saturation_becomes_service_unavailable_with_retry_after(
    error: Exception,
) -> None:
    unavailable = unavailability(error)

    assert isinstance(unavailable, ServiceUnavailable)
    assert unavailable.retry_after_seconds > 0
    assert unavailable.message == MESSAGE  # the same for every cause: internals stay in the log


@pytest.mark.parametrize(
    "error",
    [
        exc.IntegrityError("INSERT", {}, DriverError("duplicate key", "23505")),
        wrapped(DriverError('relation "nope" does not exist', "42P01")),
        exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nope")),
        ValueError("a bug"),
    ],
    ids=["constraint", "missing table", "sqlite missing table", "bug"],
)
def test_other_errors_stay_what_they_are(error: Exception) -> None:
    assert unavailability(error) is None

    with pytest.raises(type(error)), outages_as_unavailable():
        raise error


def test_an_error_already_translated_is_left_as_it_is() -> None:
    first = ServiceUnavailable("down", retry_after_seconds=2)

    assert unavailability(first) is None
    with pytest.raises(ServiceUnavailable) as raised, outages_as_unavailable():
        raise first
    assert raised.value is first


def test_the_translation_keeps_the_driver_error_as_its_cause() -> None:
    refused = ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(ServiceUnavailable) as raised, outages_as_unavailable():
        raise refused

    assert raised.value.__cause__ is refused
