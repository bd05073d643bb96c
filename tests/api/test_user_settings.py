"""GET/PUT /api/user/settings over HTTP on every backend: defaults, partial changes, clearing
the language, the default language given to new articles, and field errors."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.api.conftest import fields_of
from tests.factories import publish, register

URL = "/api/user/settings"
DEFAULTS = {
    "notifications": {"follow": True, "comment": True, "favorite": True},
    "defaultLanguage": None,
}


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_a_new_user_has_the_defaults(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.get(URL, headers=jake)

    assert response.status_code == 200, response.text
    assert response.json() == {"settings": DEFAULTS}


async def test_changes_are_partial_and_kept(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    changed = await client.put(
        URL,
        json={"settings": {"notifications": {"comment": False}, "defaultLanguage": "pt-BR"}},
        headers=jake,
    )
    kept = await client.put(
        URL, json={"settings": {"notifications": {"follow": False}}}, headers=jake
    )
    cleared = await client.put(URL, json={"settings": {"defaultLanguage": None}}, headers=jake)

    assert changed.json()["settings"] == {
        "notifications": {"follow": True, "comment": False, "favorite": True},
        "defaultLanguage": "pt-BR",
    }
    assert kept.json()["settings"]["defaultLanguage"] == "pt-BR"
    assert cleared.json()["settings"] == {
        "notifications": {"follow": False, "comment": False, "favorite": True},
        "defaultLanguage": None,
    }
    assert (await client.get(URL, headers=jake)).json() == cleared.json()


async def test_settings_are_per_user(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    anne = await register(client, "anne")

    await client.put(URL, json={"settings": {"defaultLanguage": "de"}}, headers=jake)

    assert (await client.get(URL, headers=anne)).json() == {"settings": DEFAULTS}


async def test_new_articles_take_the_default_language_unless_they_name_one(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    await client.put(URL, json={"settings": {"defaultLanguage": "fr"}}, headers=jake)

    plain = await publish(client, jake, "Plain")
    named = await publish(client, jake, "Named", metadata={"language": "en", "series": "S"})

    assert plain["metadata"] == {"language": "fr"}
    assert named["metadata"] == {"language": "en", "series": "S"}


async def test_settings_need_a_token(client: AsyncClient) -> None:
    assert (await client.get(URL)).status_code == 401
    assert (await client.put(URL, json={"settings": {}})).status_code == 401


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        pytest.param({"defaultLanguage": "english"}, "defaultLanguage", id="not-a-tag"),
        pytest.param({"defaultLanguage": "x" * 40}, "defaultLanguage", id="too-long"),
        pytest.param({"notifications": {"follow": "yes"}}, "follow", id="not-a-boolean"),
        pytest.param({"notifications": 3}, "notifications", id="not-an-object"),
    ],
)
async def test_invalid_settings_are_a_field_error_and_change_nothing(
    client: AsyncClient, settings: dict[str, Any], field: str
) -> None:
    jake = await register(client, "jake")

    response = await client.put(URL, json={"settings": settings}, headers=jake)

    assert response.status_code == 422, response.text
    assert field in fields_of(response)
    assert (await client.get(URL, headers=jake)).json() == {"settings": DEFAULTS}
