"""``conduit purge``: deleted articles and comments removed for good."""

import asyncio
import re
from datetime import timedelta
from typing import Annotated

import typer
from dependency_injector import providers
from rich.progress import Progress

from infrastructure.container import Container
from interfaces.cli.configuration import load_settings

_DURATION = re.compile(r"^(\d+)([dhms])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def _duration(text: str) -> timedelta:
    """``30d``, ``12h``, ``90m`` or ``45s``."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise typer.BadParameter("use a number and a unit: 30d, 12h, 90m or 45s")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def purge(
    older_than: Annotated[
        timedelta,
        typer.Option(
            parser=_duration, help="Remove what was deleted longer ago than this (e.g. 30d)."
        ),
    ],
) -> None:
    """Remove deleted articles and comments for good; their slugs become free again."""
    container = Container()
    container.settings.override(providers.Object(load_settings()))
    removed = asyncio.run(_purge(container, older_than))
    typer.echo(f"purged {removed} deleted articles and comments")


async def _purge(container: Container, older_than: timedelta) -> int:
    use_case = container.purge_deleted()
    try:
        total = await use_case.count(older_than)
        with Progress(transient=True) as progress:
            task = progress.add_task("purging", total=total)
            return await use_case.execute(
                older_than, on_progress=lambda batch: progress.advance(task, batch)
            )
    finally:
        await container.storage().close()
