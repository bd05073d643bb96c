import typer
from pydantic import ValidationError

from infrastructure.observability.logs import configure_logging
from infrastructure.settings import Settings


def load_settings() -> Settings:
    """The configuration, or a clear message (not a traceback) when it is invalid."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(str(problem["msg"]) for problem in error.errors())
        typer.echo(f"invalid configuration: {problems}", err=True)
        raise typer.Exit(code=2) from error


def configure_logging_from_environment() -> None:
    """Conduit's log format for every command; an invalid configuration is left for the
    command to report (``load_settings``)."""
    try:
        settings = Settings()
    except ValidationError:
        return
    configure_logging(settings)
