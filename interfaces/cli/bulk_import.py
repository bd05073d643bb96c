"""``conduit import``: articles from a JSON Lines file, in batches, with a progress bar."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from dependency_injector import providers
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

from application.articles.import_articles import DEFAULT_BATCH_SIZE, ImportReport
from domain.shared.errors import DomainError
from infrastructure.container import Container
from infrastructure.migrations import upgrade_to_head
from infrastructure.settings import Settings
from interfaces.cli.configuration import load_settings
from interfaces.importing import parse_json_lines


async def _import(
    settings: Settings, source: Path, author: str, batch_size: int, console: Console
) -> ImportReport:
    container = Container()
    container.settings.override(providers.Object(settings))
    with source.open(encoding="utf-8") as lines:
        total = sum(1 for line in lines if line.strip())
    columns = (*Progress.get_default_columns(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with (
            Progress(*columns, console=console) as progress,
            source.open(encoding="utf-8") as lines,
        ):
            task = progress.add_task("importing", total=total)
            return await container.import_articles().execute(
                author,
                parse_json_lines(lines),
                batch_size=batch_size,
                progress=lambda done: progress.advance(task, done),
            )
    finally:
        await container.storage().close()


def import_articles(
    source: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="A JSON Lines file: one article a line."),
    ],
    author: Annotated[str, typer.Option(help="Username of the author of every article.")],
    batch_size: Annotated[
        int, typer.Option(min=1, max=10_000, help="Records per transaction.")
    ] = DEFAULT_BATCH_SIZE,
) -> None:
    """Import articles from a JSON Lines file. Each line is an object with `id` (the
    idempotency key: importing the same id for the same author again is skipped), `title`,
    `description`, `body`, and optionally `tagList`, `metadata`, `createdAt` and `status`. A
    bad line is reported with its number and the others still land; exits 1 when any line was
    rejected."""
    settings = load_settings()
    if settings.backend != "sql":
        typer.echo("importing needs a database: set CONDUIT_DATABASE_URL", err=True)
        raise typer.Exit(code=2)
    if settings.should_migrate_on_start:
        upgrade_to_head(settings.database_url)
    console = Console(stderr=True)
    try:
        report = asyncio.run(_import(settings, source, author, batch_size, console))
    except DomainError as error:
        typer.echo(f"import failed: {error.message}", err=True)
        raise typer.Exit(code=2) from error
    for rejected in report.rejected:
        typer.echo(f"line {rejected.position}: {rejected.reason}", err=True)
    typer.echo(
        f"created {report.created}, skipped {report.skipped} (already imported), "
        f"rejected {len(report.rejected)}"
    )
    if report.rejected:
        raise typer.Exit(code=1)
