"""The ``/docs`` and ``/redoc`` pages, offline for real: neither page reaches another host.

fastapi-offline serves the Swagger UI and ReDoc assets from the app, but Swagger UI still
sends the document's URL to validator.swagger.io (from any host but localhost), and ReDoc's
sidebar loads its vendor's logo from a CDN. Conduit turns the validator off and serves ReDoc
with the logo's address removed (the ``img`` then hides itself).
"""

import functools
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse

SWAGGER_UI_PARAMETERS = {"validatorUrl": None}
STATIC_URL = "/static-offline-docs"
_REDOC_SCRIPT_URL = "/docs-assets/redoc.standalone.js"
_REDOC_LOGO = b'"https://cdn.redoc.ly/redoc/logo-mini.svg"'


@functools.cache
def _redoc_script() -> bytes:
    script = Path(fastapi_offline.__file__).parent / "static" / "redoc.standalone.js"
    return script.read_bytes().replace(_REDOC_LOGO, b'""')


def add_redoc(app: FastAPI, url: str = "/redoc") -> None:
    """ReDoc at ``url``, with its script served without the outside logo."""

    @app.get(url, include_in_schema=False)
    async def redoc_page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{_REDOC_SCRIPT_URL}",
            redoc_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            with_google_fonts=False,
        )

    @app.get(_REDOC_SCRIPT_URL, include_in_schema=False)
    async def redoc_script() -> Response:
        return Response(
            _redoc_script(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )
