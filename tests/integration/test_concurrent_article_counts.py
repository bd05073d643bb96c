"""The kept article counts stay exact under concurrent writes: many clients publish, unpublish,
retag, delete and restore at once (often the same articles) through two real server processes
on PostgreSQL, while ``conduit recount``'s rebuild runs in the middle of one round; then every
kept count equals ``count(*)`` of what it counts, and the lists' ``articlesCount`` says the
same."""

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from infrastructure.container import Container
from tests.article_counts import drifted_counts
from tests.factories import PASSWORD, settings_for_tests
from tests.server_pair import Api, server_pair

AUTHORS = 8
ARTICLES_PER_AUTHOR = 4
ROUNDS = 6
TAGS = ("dragons", "ponies", "griffins", "wyverns")


@pytest.fixture(scope="module")
def servers(committing_postgres_url: str) -> Iterator[list[str]]:
    with server_pair(committing_postgres_url) as addresses:
        yield addresses


@pytest.fixture
async def api(servers: list[str], empty_committing_postgres: str) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64), timeout=60) as client:
        yield Api(client, servers)


async def author(api: Api, number: int) -> tuple[dict[str, str], list[str]]:
    """A new author and the slugs of the articles they published."""
    user = {"username": f"author{number}", "email": f"a{number}@example.com", "password": PASSWORD}
    registered = await api.request("POST", "/api/users", json={"user": user})
    assert registered.status_code == 201, registered.text
    auth = {"Authorization": f"Token {registered.json()['user']['token']}"}
    slugs = []
    for index in range(ARTICLES_PER_AUTHOR):
        article = {
            "title": f"Tale {number} {index}",
            "description": "d",
            "body": "b",
            "tagList": list(TAGS[index % 2 : index % 2 + 2]),
        }
        body = {"article": article}
        created = await api.request("POST", "/api/articles", json=body, headers=auth)
        assert created.status_code == 201, created.text
        slugs.append(created.json()["article"]["slug"])
    return auth, slugs


Write = tuple[str, str, dict[str, Any] | None]


def a_change(rng: random.Random, slug: str) -> Write:
    """One write that may move the counts, whatever state the article is in by then."""
    article = f"/api/articles/{slug}"
    writes: list[Write] = [
        ("PUT", article, {"article": {"status": "draft"}}),
        ("PUT", article, {"article": {"status": "published"}}),
        ("PUT", article, {"article": {"tagList": rng.sample(TAGS, rng.randint(0, 3))}}),
        ("DELETE", article, None),
        ("POST", f"{article}/restore", None),
        ("POST", f"{article}/publish", None),
    ]
    return rng.choice(writes)


async def rebuilt(container: Container) -> None:
    assert await container.recount_articles().execute() > 0


async def test_concurrent_writes_leave_every_kept_count_equal_to_a_count_of_the_articles(
    api: Api, empty_committing_postgres: str
) -> None:
    rng = random.Random(14)
    authors = await asyncio.gather(*(author(api, number) for number in range(AUTHORS)))
    statuses: list[int] = []
    recount = Container()
    recount.settings.override(providers.Object(settings_for_tests(empty_committing_postgres)))
    for round_ in range(ROUNDS):
        # Each author changes each of their articles, two changes at once on some of them.
        writes = [
            (auth, a_change(rng, slug))
            for auth, slugs in authors
            for slug in slugs + rng.sample(slugs, 2)
        ]
        requests: list[Awaitable[httpx.Response | None]] = [
            api.request(method, path, json=body, headers=auth)
            for auth, (method, path, body) in writes
        ]
        if round_ == ROUNDS // 2:
            requests.insert(len(requests) // 2, rebuilt(recount))
        answers = await asyncio.gather(*requests)
        statuses += [answer.status_code for answer in answers if answer is not None]
    await recount.storage().close()
    # Every write either happened or was refused as a conflict or an impossible move.
    assert set(statuses) <= {200, 204, 403, 404, 409, 412, 422}, statuses
    assert statuses.count(200) + statuses.count(204) > len(statuses) // 3

    engine = create_async_engine(empty_committing_postgres, poolclass=NullPool)
    async with AsyncSession(engine) as session:
        assert await drifted_counts(session) == {}
    await engine.dispose()
    for filters in [{}, {"tag": "dragons"}, {"tag": "wyverns"}, {"author": "author3"}]:
        listed = await api.request("GET", "/api/articles", params={"limit": 100, **filters})
        assert listed.status_code == 200, listed.text
        page = listed.json()
        assert page["articlesCount"] == len(page["articles"]), filters
