"""The app as ``conduit serve`` runs it (``served_app``): the same app, its heap frozen once
started, so that the garbage collector's full collections no longer walk it."""

import gc
from collections.abc import Iterator

import pytest
from httpx import ASGITransport, AsyncClient

from infrastructure.settings import MEMORY_URL
from interfaces.cli.server import served_app


@pytest.fixture
def unfrozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CONDUIT_DATABASE_URL", MEMORY_URL)
    gc.unfreeze()
    yield
    # The test process keeps collecting everything, as before.
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
async def test_the_served_app_freezes_what_startup_built_and_still_answers() -> None:
    app = served_app()
    assert gc.get_freeze_count() == 0
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 0
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/tags")
    assert response.status_code == 200
    assert response.json() == {"tags": []}
