"""Documentation that works offline: every asset the pages load is served by the app itself.

Backend-independent, so on the in-memory adapter only.
"""

import re

import pytest
from httpx import AsyncClient

ASSET = re.compile(r'(?:src|href)="([^"]+)"')
CONTENT_TYPES = {
    ".js": "javascript",
    ".css": "text/css",
    ".png": "image/png",
}


@pytest.fixture
def backend() -> str:
    return "memory"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_a_docs_page_is_html_that_loads_only_local_assets(
    client: AsyncClient, page: str
) -> None:
    response = await client.get(page)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "http://" not in response.text
    assert "https://" not in response.text
    assets = ASSET.findall(response.text)
    assert any(asset.endswith(".js") for asset in assets), assets
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets), assets


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_every_asset_a_docs_page_loads_is_served(client: AsyncClient, page: str) -> None:
    assets = ASSET.findall((await client.get(page)).text)

    for asset in assets:
        response = await client.get(asset)
        assert response.status_code == 200, asset
        assert response.content, asset
        suffix = asset[asset.rindex(".") :]
        assert CONTENT_TYPES[suffix] in response.headers["content-type"], asset


async def test_the_openapi_document_describes_the_api_and_its_token(
    client: AsyncClient,
) -> None:
    response = await client.get("/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert (document["info"]["title"], document["info"]["version"]) == ("Conduit", "1.1.0")
    scheme = document["components"]["securitySchemes"]["Token"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "/api/articles/{slug}/comments/{id}" in document["paths"]


# How a page or its assets load from another host on their own: an image's source (ReDoc's
# logo), a stylesheet's url(). Swagger UI's validator is the page's setting (below).
OUTSIDE_LOAD = re.compile(r"""\bsrc\s*[:=]\s*["']https?://|(?<![\w.])url\(\s*["']?https?://""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_neither_a_docs_page_nor_its_assets_load_anything_from_another_host(
    client: AsyncClient, page: str
) -> None:
    html = (await client.get(page)).text
    assets = [(await client.get(asset)).text for asset in ASSET.findall(html)]

    for text in (html, *assets):
        assert not OUTSIDE_LOAD.search(text), OUTSIDE_LOAD.search(text)
    assert "cdn.redoc.ly" not in "".join(assets)


async def test_swagger_ui_sends_the_document_to_no_outside_validator(client: AsyncClient) -> None:
    html = (await client.get("/docs")).text

    assert '"validatorUrl": null' in html
