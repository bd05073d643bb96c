"""The ``conduit`` command line."""

import asyncio
import re
from datetime import timedelta
from typing import Annotated

import typer
import uvicorn
from dependency_injector import providers
from pydantic import ValidationError
from rich.progress import Progress

from application.users.register_user import RegisterUserCommand
from domain.shared.errors import DomainError, NotFound
from infrastructure.container import Container
from infrastructure.migrations import upgrade_to_head
from infrastructure.settings import Settings


def _settings() -> Settings:
    """The configuration, or a clear message (not a traceback) when it is invalid."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(str(problem["msg"]) for problem in error.errors())
        typer.echo(f"invalid configuration: {problems}", err=True)
        raise typer.Exit(code=2) from error


_DURATION = re.compile(r"^(\d+)([dhms])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def _duration(text: str) -> timedelta:
    """``30d``, ``12h``, ``90m`` or ``45s``."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise typer.BadParameter("use a number and a unit: 30d, 12h, 90m or 45s")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


app = typer.Typer(help="Conduit: the RealWorld publishing service.", no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the API (applying pending migrations first on the SQLite default)."""
    settings = _settings()
    if settings.backend == "sql" and settings.should_migrate_on_start:
        upgrade_to_head(settings.database_url)
    uvicorn.run(
        "interfaces.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )


@app.command()
def migrate() -> None:
    """Apply every pending database migration."""
    settings = _settings()
    if settings.backend != "sql":
        typer.echo("the in-memory backend needs no migrations")
        return
    upgrade_to_head(settings.database_url)
    typer.echo("database is at the latest migration")


def main() -> None:
    app()


@app.command()
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
    container.settings.override(providers.Object(_settings()))
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
        if container.backend() == "sql":
            await container.engine().dispose()


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Argument(help="The user to make an administrator.")],
    email: Annotated[
        str | None, typer.Option(help="For a new user: prompted for when missing.")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="For a new user: prompted for (hidden) when missing.")
    ] = None,
) -> None:
    """Make an existing user an administrator, or create one (asking for email and password)."""
    container = Container()
    container.settings.override(providers.Object(_settings()))
    try:
        created = asyncio.run(_create_admin(container, username, email, password))
    except DomainError as error:
        typer.echo(f"cannot create the administrator: {error.message}", err=True)
        raise typer.Exit(code=1) from error
    typer.echo(f"{username} {'was created as' if created else 'is now'} an administrator")


async def _create_admin(
    container: Container, username: str, email: str | None, password: str | None
) -> bool:
    """Promote ``username``, registering it first when missing; whether it was created."""
    try:
        try:
            await container.make_admin().execute(username)
            return False
        except NotFound:
            email = email or typer.prompt("Email")
            password = password or typer.prompt(
                "Password", hide_input=True, confirmation_prompt=True
            )
            command = RegisterUserCommand(username=username, email=email, password=password)
            await container.register_user().execute(command)
            await container.make_admin().execute(username)
            return True
    finally:
        if container.backend() == "sql":
            await container.engine().dispose()
