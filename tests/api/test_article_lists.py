"""Article lists and the feed: newest first, filters, pages and totals.

On memory and PostgreSQL: the SQL adapter answers a page and its total in one statement with a
window count, the part most likely to go wrong at the edges (empty pages, offsets past the end).
"""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import LIST_ITEM_KEYS, errors_of, fields_of, titles
from tests.factories import FixedClock, publish, register


@pytest.fixture(params=["memory", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def people(container: Container, client: AsyncClient) -> dict[str, dict[str, str]]:
    """Oldest (jake), Middle (anne), Newest (jake), a minute apart; anne favorites Newest,
    and the reader follows jake. Answers everyone's auth headers by name."""
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    jake, anne = await register(client, "jake"), await register(client, "anne")
    for title, author, tags in [
        ("Oldest", jake, ["dragons"]),
        ("Middle", anne, ["ponies"]),
        ("Newest", jake, ["dragons", "ponies"]),
    ]:
        clock.advance(minutes=1)
        await publish(client, author, title, tagList=tags)
    await client.post("/api/articles/newest/favorite", headers=anne)
    reader = await register(client, "reader")
    await client.post("/api/profiles/jake/follow", headers=reader)
    return {"jake": jake, "anne": anne, "reader": reader}


async def test_the_list_is_newest_first_without_bodies_and_counts_everything(
    client: AsyncClient, people: dict[str, dict[str, str]]
) -> None:
    response = await client.get("/api/articles", params={"limit": 2})

    assert response.status_code == 200
    page = response.json()
    assert [a["title"] for a in page["articles"]] == ["Newest", "Middle"]
    assert all(set(article) == LIST_ITEM_KEYS for article in page["articles"])
    assert page["articlesCount"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=dragons", ["Newest", "Oldest"]),
        ("tag=Dragons", []),
        ("author=jake", ["Newest", "Oldest"]),
        ("favorited=anne", ["Newest"]),
        ("tag=ponies&author=anne", ["Middle"]),
        ("author=nobody", []),
        ("favorited=nobody", []),
        ("tag=nothing", []),
    ],
)
async def test_filters_narrow_the_list_and_its_count(
    client: AsyncClient, people: dict[str, dict[str, str]], query: str, expected: list[str]
) -> None:
    page = (await client.get(f"/api/articles?{query}")).json()

    assert [a["title"] for a in page["articles"]] == expected
    assert page["articlesCount"] == len(expected)


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [(1, 0, ["Newest"]), (1, 1, ["Middle"]), (2, 2, ["Oldest"]), (20, 3, []), (100, 1_000_000, [])],
)
async def test_limit_and_offset_pick_a_page_and_the_count_stays_the_total(
    client: AsyncClient,
    people: dict[str, dict[str, str]],
    limit: int,
    offset: int,
    expected: list[str],
) -> None:
    page = (await client.get("/api/articles", params={"limit": limit, "offset": offset})).json()

    assert [a["title"] for a in page["articles"]] == expected
    assert page["articlesCount"] == 3


async def test_a_page_holds_twenty_articles_unless_told_otherwise(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    for number in range(21):
        await publish(client, auth, f"Article {number}")

    page = (await client.get("/api/articles")).json()

    assert (len(page["articles"]), page["articlesCount"]) == (20, 21)


async def test_favorited_is_seen_by_the_fan_only(
    client: AsyncClient, people: dict[str, dict[str, str]]
) -> None:
    first = {
        name: (await client.get("/api/articles?limit=1", headers=people[name])).json()
        for name in ("anne", "reader")
    }
    as_anne, as_reader = first["anne"]["articles"][0], first["reader"]["articles"][0]

    assert (as_anne["favorited"], as_anne["favoritesCount"]) == (True, 1)
    assert (as_reader["favorited"], as_reader["favoritesCount"]) == (False, 1)


@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/feed"])
@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=-1",
        "limit=101",
        "limit=ten",
        "limit=1.5",
        "limit=",
        "offset=-1",
        "offset=1000001",
        "offset=99999999999",
        "offset=first",
    ],
)
async def test_bad_pages_are_422_naming_the_parameter(
    client: AsyncClient, path: str, query: str
) -> None:
    reader = await register(client, "reader")

    response = await client.get(f"{path}?{query}", headers=reader)

    assert response.status_code == 422
    assert query.split("=")[0] in fields_of(response)


@pytest.mark.parametrize("name", ["tag", "author", "favorited"])
async def test_an_overlong_filter_is_a_422(client: AsyncClient, name: str) -> None:
    response = await client.get("/api/articles", params={name: "x" * 256})

    assert response.status_code == 422
    assert name in fields_of(response)


async def test_the_feed_lists_only_followed_authors_newest_first(
    client: AsyncClient, people: dict[str, dict[str, str]]
) -> None:
    response = await client.get("/api/articles/feed", headers=people["reader"])
    second = (
        await client.get("/api/articles/feed?limit=1&offset=1", headers=people["reader"])
    ).json()

    assert response.status_code == 200
    assert [a["title"] for a in response.json()["articles"]] == ["Newest", "Oldest"]
    assert all(set(a) == LIST_ITEM_KEYS for a in response.json()["articles"])
    assert all(a["author"]["following"] for a in response.json()["articles"])
    assert ([a["title"] for a in second["articles"]], second["articlesCount"]) == (["Oldest"], 2)


async def test_unfollowing_empties_the_feed(
    client: AsyncClient, people: dict[str, dict[str, str]]
) -> None:
    await client.delete("/api/profiles/jake/follow", headers=people["reader"])

    assert await titles(client, "/api/articles/feed", people["reader"]) == []


@pytest.mark.parametrize("authorization", [None, "Token garbage"])
async def test_the_feed_needs_a_valid_token(client: AsyncClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.get("/api/articles/feed", headers=headers)

    assert response.status_code == 401
    errors_of(response)
