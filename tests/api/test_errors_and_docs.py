"""The error envelope everywhere, and documentation that works offline."""

import re

from httpx import AsyncClient

from tests.api.conftest import errors_of

CDN = re.compile(r"https?://(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com)")


async def test_an_unknown_route_is_a_404_in_the_envelope(client: AsyncClient) -> None:
    response = await client.get("/api/nothing-here")

    assert response.status_code == 404
    errors_of(response)


async def test_a_wrong_method_is_a_405_in_the_envelope(client: AsyncClient) -> None:
    response = await client.patch("/api/tags")

    assert response.status_code == 405
    errors_of(response)


async def test_validation_errors_never_echo_internals(client: AsyncClient) -> None:
    response = await client.post("/api/users", json={"user": {"email": 1}})

    text = response.text
    assert response.status_code == 422
    assert "Traceback" not in text
    assert "pydantic" not in text


async def test_the_openapi_document_describes_the_api(client: AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    assert document["info"]["title"] == "Conduit"
    assert "/api/articles/{slug}/comments/{id}" in document["paths"]


async def test_docs_and_redoc_load_only_local_assets(client: AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        response = await client.get(page)
        assert response.status_code == 200
        assert not CDN.search(response.text), page
        assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', response.text)
        assert assets, page
        for asset in assets:
            assert (await client.get(asset)).status_code == 200, asset
