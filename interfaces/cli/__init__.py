"""The ``conduit`` command line: one module per group of commands, registered here."""

import typer

from interfaces.cli import admin, bulk_import, lifecycle, recount, relay, seed, server
from interfaces.cli.configuration import configure_logging_from_environment

app = typer.Typer(help="Conduit: the RealWorld publishing service.", no_args_is_help=True)
app.command()(server.serve)
app.command()(server.migrate)
app.command()(seed.seed)
app.command()(lifecycle.purge)
app.command()(recount.recount)
app.command("create-admin")(admin.create_admin)
app.command("outbox-relay")(relay.outbox_relay)
app.command("import")(bulk_import.import_articles)


def main() -> None:
    """The ``conduit`` entry point: logging as configured, then the command."""
    configure_logging_from_environment()
    app()
