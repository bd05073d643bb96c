"""OpenAPI descriptions of the error responses, shared by the routers."""

from typing import Any

from interfaces.http.schemas.base import GenericErrorModel


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "Missing, malformed or expired token, or wrong credentials",
        403: "Authenticated, but not allowed to do this",
        404: "No such resource",
        409: "Conflicts with existing data",
        422: "Invalid input; field-level messages",
    }
    return {
        status: {"model": GenericErrorModel, "description": descriptions[status]}
        for status in statuses
    }
