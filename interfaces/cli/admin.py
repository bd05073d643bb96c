"""``conduit create-admin``: administrators, existing users or new ones."""

import asyncio
from typing import Annotated

import typer
from dependency_injector import providers

from application.users.register_user import RegisterUserCommand
from domain.shared.errors import DomainError, NotFound
from infrastructure.container import Container
from interfaces.cli.configuration import load_settings


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
    container.settings.override(providers.Object(load_settings()))
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
        await container.storage().close()
