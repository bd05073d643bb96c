"""``conduit outbox-relay``: the relay as a process of its own."""

import asyncio

import typer

from infrastructure.container import Container
from infrastructure.settings import Settings
from interfaces.cli.configuration import load_settings


def outbox_relay() -> None:
    """Relay outbox events (notifications, then publishing) until stopped, as its own process.

    Run as many as you like; set CONDUIT_RELAY_IN_SERVER=false to stop the servers' own relays.
    """
    settings = load_settings()
    if settings.backend != "sql":
        typer.echo("the in-memory backend lives inside a server: its relay runs there", err=True)
        raise typer.Exit(code=2)
    asyncio.run(_relay_forever(settings))


async def _relay_forever(settings: Settings) -> None:
    container = Container()
    container.settings.override(settings)
    try:
        await container.relay_loop().run()
    finally:
        await container.storage().close()
        if settings.broker == "redis":
            await container.redis_pubsub_client().aclose()
