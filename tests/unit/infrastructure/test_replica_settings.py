"""CONDUIT_DATABASE_REPLICA_URLS: comma-separated replicas that speak the primary's SQL."""

import pytest
from pydantic import ValidationError

from infrastructure.settings import Settings

PRIMARY = "postgresql+asyncpg://conduit@primary/conduit"


def test_replica_urls_are_read_comma_separated_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONDUIT_DATABASE_URL", PRIMARY)
    monkeypatch.setenv(
        "CONDUIT_DATABASE_REPLICA_URLS",
        " postgresql+asyncpg://conduit@replica-1/conduit, postgresql+asyncpg://conduit@replica-2/conduit,",
    )

    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert settings.database_replica_urls == (
        "postgresql+asyncpg://conduit@replica-1/conduit",
        "postgresql+asyncpg://conduit@replica-2/conduit",
    )


def test_without_replicas_the_list_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONDUIT_DATABASE_REPLICA_URLS", raising=False)
    assert Settings(_env_file=None).database_replica_urls == ()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("primary", "replica", "message"),
    [
        (PRIMARY, "sqlite+aiosqlite:///replica.db", "primary's driver"),
        ("memory", "postgresql+asyncpg://conduit@replica-1/conduit", "need a SQL database"),
    ],
    ids=["another-driver", "memory-primary"],
)
def test_a_replica_must_speak_the_primary_s_sql(primary: str, replica: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(database_url=primary, database_replica_urls=(replica,))
