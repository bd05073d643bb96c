"""The ``conduit`` command line: one module per group of commands, registered here."""

import typer

from interfaces.cli import admin, lifecycle, seed, server

app = typer.Typer(help="Conduit: the RealWorld publishing service.", no_args_is_help=True)
app.command()(server.serve)
app.command()(server.migrate)
app.command()(seed.seed)
app.command()(lifecycle.purge)
app.command("create-admin")(admin.create_admin)


def main() -> None:
    app()
