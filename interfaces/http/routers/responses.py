"""OpenAPI descriptions of the error responses, shared by the routers."""

from typing import Any

from interfaces.http.schemas.base import GenericErrorModel


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "Missing, malformed, expired or revoked token, or wrong credentials",
        403: "Authenticated, but not allowed to do this",
        404: "No such resource",
        409: "Conflicts with existing data",
        412: "`If-Match` names a version the article is no longer at; read it again",
        422: "Invalid input: each problem in `errors.body`, the fields at fault in `fields`",
        429: "Too many attempts; try again after the seconds in `Retry-After`",
    }
    return {
        status: {"model": GenericErrorModel, "description": descriptions[status]}
        | _HEADERS.get(status, {})
        for status in statuses
    }


_HEADERS: dict[int, dict[str, Any]] = {
    429: {
        "headers": {
            "Retry-After": {
                "description": "Seconds until attempts are counted anew",
                "schema": {"type": "integer", "example": 240},
            }
        },
        "content": {
            "application/json": {
                "example": {
                    "errors": {"body": ["too many login attempts, try again in 240 seconds"]}
                }
            }
        },
    }
}
