"""The ``conduit`` command line."""

from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError

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
