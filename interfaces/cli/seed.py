"""``conduit seed``: demo data through the use cases, on an empty database only."""

import asyncio
from collections.abc import Iterable
from typing import Annotated, TypeVar

import typer
from dependency_injector import providers
from rich.progress import Progress

from application.articles.create_article import CreateArticleCommand
from application.comments.add_comment import AddCommentCommand
from application.users.register_user import RegisterUserCommand
from infrastructure.container import Container
from infrastructure.migrations import upgrade_to_head
from infrastructure.settings import Settings
from interfaces.cli.configuration import load_settings
from interfaces.cli.demo_data import DemoData, plan

Item = TypeVar("Item")
DEMO_PASSWORD = "conduit-demo"  # noqa: S105 (the demo accounts' password, printed when seeding)


def seed(
    users: Annotated[int, typer.Option(min=0, help="Demo users.")] = 10,
    articles: Annotated[int, typer.Option(min=0, help="Articles, by random authors.")] = 40,
    tags: Annotated[int, typer.Option(min=1, help="Distinct tags to choose from.")] = 12,
    follows: Annotated[int, typer.Option(min=0, help="Follows between users.")] = 20,
    favorites: Annotated[int, typer.Option(min=0, help="Favorited articles.")] = 80,
    comments: Annotated[int, typer.Option(min=0, help="Comments on articles.")] = 80,
    password: Annotated[str, typer.Option(help="Every demo user's password.")] = DEMO_PASSWORD,
    random_seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
) -> None:
    """Fill an empty database with demo data: users, follows, articles with tags, favorites
    and comments. Refuses (exit 1) when the database already holds a user or an article."""
    settings = load_settings()
    if settings.backend != "sql":
        typer.echo("the in-memory backend keeps nothing after this command: seed a database")
        raise typer.Exit(code=2)
    if settings.should_migrate_on_start:
        upgrade_to_head(settings.database_url)
    data = plan(
        users=users,
        articles=articles,
        tags=tags,
        follows=follows,
        favorites=favorites,
        comments=comments,
        seed=random_seed,
    )
    if not asyncio.run(_write(settings, data, password)):
        typer.echo("refusing to seed: the database already holds users or articles", err=True)
        raise typer.Exit(code=1)
    typer.echo(
        f"seeded {len(data.users)} users (password: {password}), {len(data.articles)} articles, "
        f"{len(data.follows)} follows, {len(data.favorites)} favorites, "
        f"{len(data.comments)} comments"
    )


async def _write(settings: Settings, data: DemoData, password: str) -> bool:
    """Write ``data``; ``False`` (and nothing written) when the database is not empty."""
    container = Container()
    container.settings.override(providers.Object(settings))
    try:
        if not await container.is_store_empty().execute():
            return False
        with Progress(transient=True) as progress:

            def step(label: str, items: Iterable[Item], total: int) -> Iterable[Item]:
                return progress.track(items, total=total, description=label)

            tokens = container.token_service()
            ids: list[int] = []
            for user in step("users", data.users, len(data.users)):
                command = RegisterUserCommand(user.username, user.email, password)
                registered = await container.register_user().execute(command)
                ids.append(tokens.claims_of(registered.token).user_id)
            for follower, followee in step("follows", data.follows, len(data.follows)):
                await container.follow_user().execute(data.users[followee].username, ids[follower])
            slugs: list[str] = []
            for article in step("articles", data.articles, len(data.articles)):
                created = await container.create_article().execute(
                    CreateArticleCommand(
                        ids[article.author], article.title, article.description, article.body,
                        article.tags,
                    )
                )  # fmt: skip
                slugs.append(created.slug)
            for fan, index in step("favorites", data.favorites, len(data.favorites)):
                await container.favorite_article().execute(slugs[index], ids[fan])
            for author, index, body in step("comments", data.comments, len(data.comments)):
                await container.add_comment().execute(
                    AddCommentCommand(slug=slugs[index], author_id=ids[author], body=body)
                )
        return True
    finally:
        await container.storage().close()
