"""GET /api/articles/search over HTTP on every backend: result shape, highlighting as safe
HTML, cursor paging, and field errors for bad input."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import LIST_ITEM_KEYS, fields_of
from tests.factories import publish, register


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def jake(client: AsyncClient) -> dict[str, str]:
    jake = await register(client, "jake")
    await publish(client, jake, "Taming a wyvern", body="Patience: 1 < 2 & <b>wyverns</b> win.")
    for number in range(4):
        await publish(client, jake, f"Notes {number}", body=f"A wyvern ate soup {number}.")
    await publish(client, jake, "Gardening", body="Roses only.")
    return jake


async def test_results_are_list_items_with_a_rank_and_a_highlighted_snippet(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    response = await client.get("/api/articles/search", params={"q": "wyvern"}, headers=jake)

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["articlesCount"] == 5
    assert page["nextCursor"] is None
    first = page["articles"][0]
    assert set(first) == LIST_ITEM_KEYS | {"rank", "snippet"}
    assert first["title"] == "Taming a wyvern"
    assert first["author"]["username"] == "jake"
    assert "<mark>wyvern</mark>" in first["snippet"]
    assert [a["rank"] for a in page["articles"]] == sorted(
        (a["rank"] for a in page["articles"]), reverse=True
    )


async def test_article_text_in_a_snippet_is_escaped(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    response = await client.get("/api/articles/search", params={"q": "patience"})

    snippet = response.json()["articles"][0]["snippet"]
    assert "1 &lt; 2 &amp;" in snippet
    assert "<b>" not in snippet  # escaped, or (PostgreSQL's ts_headline) dropped as markup


async def test_next_cursor_walks_every_match_once(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    slugs: list[str] = []
    params: dict[str, str | int] = {"q": "wyvern", "limit": 2}
    while True:
        page = (await client.get("/api/articles/search", params=params)).json()
        assert page["articlesCount"] == 5
        slugs += [article["slug"] for article in page["articles"]]
        if page["nextCursor"] is None:
            break
        params = {"q": "wyvern", "limit": 2, "cursor": page["nextCursor"]}

    assert len(slugs) == len(set(slugs)) == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({}, "q", id="missing"),
        pytest.param({"q": ""}, "q", id="empty"),
        pytest.param({"q": "   "}, "q", id="blank"),
        pytest.param({"q": "?! -- ..."}, "q", id="no-word"),
        pytest.param({"q": "-wyvern"}, "q", id="only-exclusions"),
        pytest.param({"q": "x" * 201}, "q", id="too-long"),
        pytest.param({"q": "wyvern", "limit": 0}, "limit", id="limit-zero"),
        pytest.param({"q": "wyvern", "cursor": "forged"}, "cursor", id="forged-cursor"),
        pytest.param(
            {"q": "wyvern", "cursor": "MjAyNi0wMS0wMVQxMjowMDowMCswMDowMHwx"},
            "cursor",
            id="a-list-cursor",
        ),
    ],
)
async def test_bad_input_is_a_field_error(
    client: AsyncClient, params: dict[str, str | int], field: str
) -> None:
    response = await client.get("/api/articles/search", params=params)

    assert response.status_code == 422, response.text
    assert field in fields_of(response)


async def test_search_syntax_is_never_a_server_error(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    for text in ['"unclosed', "a AND OR NOT b", "(wyvern", "wyvern*", "NEAR(wyvern", "'; -- x"]:
        response = await client.get("/api/articles/search", params={"q": text})
        assert response.status_code == 200, (text, response.text)


async def test_an_article_titled_search_or_bulk_gets_a_slug_the_routes_do_not_shadow(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")

    slugs = [(await publish(client, jake, title))["slug"] for title in ("Search", "Bulk")]

    assert all(slug.split("-")[0] in {"search", "bulk"} and "-" in slug for slug in slugs)
    for slug in slugs:
        assert (await client.get(f"/api/articles/{slug}")).status_code == 200
    found = await client.get("/api/articles/search", params={"q": "search"})
    assert [a["slug"] for a in found.json()["articles"]] == [slugs[0]]
