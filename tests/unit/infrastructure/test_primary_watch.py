"""Following the database primary: where write connections land, and the failovers counted."""

import re

from infrastructure.observability.metrics import exposition
from infrastructure.persistence.sqlmodel.primary import PrimaryWatch
from infrastructure.persistence.sqlmodel.reads import asyncpg_dsn


def failovers() -> float:
    text = exposition()[0].decode()
    match = re.search(r"^conduit_db_failovers_total (\S+)$", text, re.MULTILINE)
    assert match is not None, "no failover counter"
    return float(match.group(1))


def test_a_write_connection_on_another_primary_counts_one_failover() -> None:
    watch = PrimaryWatch()
    before = failovers()

    watch.connected("10.0.0.1:5432")
    watch.connected("10.0.0.1:5432")
    assert failovers() == before, "the first primary and reconnections to it are no failover"

    watch.connected("10.0.0.2:5432")
    assert failovers() == before + 1
    assert watch.address == "10.0.0.2:5432"


def test_the_read_pool_gets_every_node_of_a_multi_host_url() -> None:
    url = "postgresql+asyncpg://app:p%40ss@/conduit?host=pg1:5432&host=pg2:5433&target_session_attrs=read-write"

    assert asyncpg_dsn(url) == (
        "postgresql://app:p%40ss@pg1:5432,pg2:5433/conduit?target_session_attrs=read-write"
    )


def test_a_single_host_url_reaches_the_read_pool_as_it_is() -> None:
    url = "postgresql+asyncpg://app@db:5432/conduit"

    assert asyncpg_dsn(url) == "postgresql://app@db:5432/conduit"
