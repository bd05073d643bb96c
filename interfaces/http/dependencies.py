"""Request-scoped dependencies: who is calling."""

from collections.abc import Awaitable, Callable, Iterable
from functools import cache
from typing import Annotated, Any

from dependency_injector import providers
from fastapi import Depends, Security
from fastapi.dependencies.models import Dependant
from fastapi.openapi.models import APIKey, APIKeyIn
from fastapi.routing import APIRoute
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection

from application.errors import AuthenticationFailed
from application.users.authenticate import Authenticate
from infrastructure.container import Container


@cache
def provided(provider: providers.Provider[Any]) -> Callable[[HTTPConnection], Awaitable[Any]]:
    """The FastAPI dependency for ``Depends(provided(Container.x))``: what the application's
    container (``app.state.container``, overrides included) provides as ``x``.

    A coroutine, so FastAPI calls it on the event loop rather than in its thread pool, and
    no ``@inject`` wrapper around each endpoint: that re-resolved its markers on every call,
    about 8% of a single-row read.
    """
    name = _PROVIDER_NAMES[provider]

    async def provide(connection: HTTPConnection) -> Any:
        return connection.app.state.container.providers[name]()

    return provide


_PROVIDER_NAMES = {provider: name for name, provider in Container.providers.items()}


_SCHEMES = ("token", "bearer")


def token_in(header: str) -> str:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not token.strip():
        raise AuthenticationFailed("authorization header must be 'Token <jwt>'")
    return token.strip()


class TokenAuthentication(SecurityBase):
    """``Authorization: Token <jwt>``: OpenAPI's security scheme and the check in one
    dependency, which answers the caller's user id (``None`` without a token; a bad or revoked
    token is refused). One dependency, not three (the header, the use case, the check):
    FastAPI spends about 10 us solving each dependency of every request."""

    def __init__(self) -> None:
        self.model = APIKey(
            **{"in": APIKeyIn.header},  # "in" is a Python keyword
            name="Authorization",
            description=(
                "`Token <jwt>` as returned by login or registration (`Bearer <jwt>` also works)."
            ),
        )
        self.scheme_name = "Token"

    async def __call__(self, connection: HTTPConnection) -> int | None:
        header = connection.headers.get("authorization")
        if not header:
            return None
        authenticate: Authenticate = await provided(Container.authenticate)(connection)
        return await authenticate.execute(token_in(header))


optional_user_id = TokenAuthentication()


async def current_user_id(
    user_id: Annotated[int | None, Security(optional_user_id)],
) -> int:
    if user_id is None:
        raise AuthenticationFailed("authentication required")
    return user_id


OptionalUserId = Annotated[int | None, Security(optional_user_id)]
CurrentUserId = Annotated[int, Depends(current_user_id)]


def document_optional_authentication(routes: Iterable[Any]) -> None:
    """Operations that serve anonymous callers but read a token when one is sent list the empty
    security requirement beside ``Token`` in OpenAPI: without it, the document says a token is
    required there."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        calls = set(_calls_of(route.dependant))
        if optional_user_id in calls and current_user_id not in calls:
            # FastAPI adds list items of ``openapi_extra`` to the ones it generates.
            route.openapi_extra = (route.openapi_extra or {}) | {"security": [{}]}


def _calls_of(dependant: Dependant) -> Iterable[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls_of(dependency)
