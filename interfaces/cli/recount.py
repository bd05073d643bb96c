"""``conduit recount``: the public-article counts rebuilt from the articles."""

import asyncio

import typer
from dependency_injector import providers
from rich.progress import Progress

from infrastructure.container import Container
from interfaces.cli.configuration import load_settings


def recount() -> None:
    """Rebuild the article counts (overall, per author, per tag) that list totals read, from
    the articles themselves; writes that would move a count wait until it is done."""
    container = Container()
    container.settings.override(providers.Object(load_settings()))
    stored = asyncio.run(_recount(container))
    typer.echo(f"recounted: {stored} article counts stored")


async def _recount(container: Container) -> int:
    use_case = container.recount_articles()
    try:
        with Progress(transient=True) as progress:
            task = progress.add_task("recounting", total=None)
            return await use_case.execute(
                on_progress=lambda done, steps: progress.update(task, completed=done, total=steps)
            )
    finally:
        await container.storage().close()
