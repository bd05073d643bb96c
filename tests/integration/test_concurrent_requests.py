"""Concurrent requests on PostgreSQL through two real server processes: requests alternate
between them and run at once on separate pooled connections, so races meet the database's
constraints, not a lock in one Python process. Each answer is checked, then the rows."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.server_pair import Api, server_pair

USERS = 50


@pytest.fixture(scope="module")
def servers(committing_postgres_url: str) -> Iterator[list[str]]:
    with server_pair(committing_postgres_url) as addresses:
        yield addresses


@pytest.fixture
async def api(servers: list[str], empty_committing_postgres: str) -> AsyncIterator[Api]:
    limits = httpx.Limits(max_connections=2 * USERS)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        yield Api(client, servers)


async def rows(database_url: str, sql: str, **params: object) -> int:
    engine = create_async_engine(database_url, poolclass=NullPool)
    async with engine.connect() as connection:
        count = (await connection.execute(sa.text(sql), params)).scalar_one()
    await engine.dispose()
    return int(count)


async def users(api: Api, count: int) -> list[dict[str, str]]:
    """``count`` accounts registered at once; their Authorization headers."""
    answers = await asyncio.gather(*(api.register(f"user{n}") for n in range(count)))
    assert [r.status_code for r in answers] == [201] * count, [r.text for r in answers]
    return [{"Authorization": f"Token {r.json()['user']['token']}"} for r in answers]


async def article(api: Api, auth: dict[str, str], title: str = "Dragons") -> str:
    body = {"article": {"title": title, "description": "d", "body": "b"}}
    created = await api.request("POST", "/api/articles", json=body, headers=auth)
    assert created.status_code == 201, created.text
    return str(created.json()["article"]["slug"])


async def test_fifty_users_favoriting_one_article_at_once_make_exactly_fifty(
    api: Api, empty_committing_postgres: str
) -> None:
    readers = await users(api, USERS)
    slug = await article(api, readers[0])

    answers = await asyncio.gather(
        *(api.request("POST", f"/api/articles/{slug}/favorite", headers=auth) for auth in readers)
    )

    assert Counter(r.status_code for r in answers) == {200: USERS}, [r.text for r in answers]
    final = (await api.request("GET", f"/api/articles/{slug}")).json()["article"]
    assert final["favoritesCount"] == USERS
    assert await rows(empty_committing_postgres, "SELECT count(*) FROM favorites") == USERS


async def test_one_user_favoriting_one_article_twenty_times_at_once_makes_one(
    api: Api, empty_committing_postgres: str
) -> None:
    [auth] = await users(api, 1)
    slug = await article(api, auth)

    favorites = await asyncio.gather(
        *(api.request("POST", f"/api/articles/{slug}/favorite", headers=auth) for _ in range(20))
    )
    counted = await rows(empty_committing_postgres, "SELECT count(*) FROM favorites")
    unfavorites = await asyncio.gather(
        *(api.request("DELETE", f"/api/articles/{slug}/favorite", headers=auth) for _ in range(20))
    )

    assert Counter(r.status_code for r in favorites) == {200: 20}, [r.text for r in favorites]
    assert {r.json()["article"]["favoritesCount"] for r in favorites} <= {1}
    assert counted == 1
    assert Counter(r.status_code for r in unfavorites) == {200: 20}, [r.text for r in unfavorites]
    assert await rows(empty_committing_postgres, "SELECT count(*) FROM favorites") == 0


async def test_one_user_following_another_twenty_times_at_once_makes_one_follow(
    api: Api, empty_committing_postgres: str
) -> None:
    follower, _ = await users(api, 2)

    answers = await asyncio.gather(
        *(api.request("POST", "/api/profiles/user1/follow", headers=follower) for _ in range(20))
    )

    assert Counter(r.status_code for r in answers) == {200: 20}, [r.text for r in answers]
    assert await rows(empty_committing_postgres, "SELECT count(*) FROM follows") == 1


@pytest.mark.parametrize("taken", ["username", "email"])
async def test_two_registrations_of_one_name_at_once_give_one_201_and_one_409(
    api: Api, empty_committing_postgres: str, taken: str
) -> None:
    rounds = 10

    for n in range(rounds):
        if taken == "username":
            pair = (api.register(f"same{n}", f"a{n}@example.com"), api.register(f"same{n}"))
        else:
            pair = (
                api.register(f"a{n}", f"same{n}@example.com"),
                api.register(f"b{n}", f"same{n}@example.com"),
            )
        answers = await asyncio.gather(*pair)

        assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
        refused = next(r for r in answers if r.status_code == 409)
        assert refused.json()["fields"][taken] == ["has already been taken"]
    assert await rows(empty_committing_postgres, "SELECT count(*) FROM users") == rounds


async def test_articles_with_one_title_created_at_once_get_distinct_slugs(
    api: Api, empty_committing_postgres: str
) -> None:
    authors = await users(api, 10)

    answers = await asyncio.gather(
        *(
            api.request(
                "POST",
                "/api/articles",
                json={"article": {"title": "Same title", "description": "d", "body": "b"}},
                headers=auth,
            )
            for auth in authors * 3
        )
    )

    assert Counter(r.status_code for r in answers) == {201: 30}, [r.text for r in answers]
    slugs = {r.json()["article"]["slug"] for r in answers}
    assert len(slugs) == 30
    assert all(slug.startswith("same-title") for slug in slugs)
    assert await rows(empty_committing_postgres, "SELECT count(DISTINCT slug) FROM articles") == 30


async def test_concurrent_edits_with_one_if_match_let_exactly_one_win(
    api: Api, empty_committing_postgres: str
) -> None:
    [auth] = await users(api, 1)
    slug = await article(api, auth)
    tag = (await api.request("GET", f"/api/articles/{slug}")).headers["ETag"]

    answers = await asyncio.gather(
        *(
            api.request(
                "PUT",
                f"/api/articles/{slug}",
                json={"article": {"title": f"Edit {n}"}},
                headers=auth | {"If-Match": tag},
            )
            for n in range(10)
        )
    )

    assert Counter(r.status_code for r in answers) == {200: 1, 412: 9}, [r.text for r in answers]
    [winner] = [r.json()["article"]["title"] for r in answers if r.status_code == 200]
    final = await api.request("GET", f"/api/articles/{slug}")
    assert final.json()["article"]["title"] == winner
    assert final.headers["ETag"] == '"2"'


async def test_concurrent_edits_without_if_match_all_apply_one_after_the_other(
    api: Api, empty_committing_postgres: str
) -> None:
    """Each edit locks the article, so the others wait their turn instead of losing races
    until they give up (the benchmark's 32 editors of 16 articles met 412s before)."""
    [auth] = await users(api, 1)
    slug = await article(api, auth)
    editors = 24

    answers = await asyncio.gather(
        *(
            api.request(
                "PUT",
                f"/api/articles/{slug}",
                json={"article": {"body": f"Edit {n}"}},
                headers=auth,
            )
            for n in range(editors)
        )
    )

    assert Counter(r.status_code for r in answers) == {200: editors}, [r.text for r in answers]
    final = await api.request("GET", f"/api/articles/{slug}")
    assert final.headers["ETag"] == f'"{editors + 1}"'
    audited = "SELECT count(*) FROM audit_entries WHERE entity = 'article' AND action = 'update'"
    assert await rows(empty_committing_postgres, audited) == editors
