from typing import Literal

from pydantic import ConfigDict

from interfaces.http.schemas.base import ApiModel


class HealthResponse(ApiModel):
    status: Literal["alive"]

    model_config = ConfigDict(json_schema_extra={"example": {"status": "alive"}})


class ReadinessResponse(ApiModel):
    """Every dependency the service was configured with, and whether it answered; ``degraded``
    when one the service can answer without (Redis) did not."""

    status: Literal["ready", "degraded"]
    dependencies: dict[str, Literal["ok", "unreachable"]]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"status": "ready", "dependencies": {"database": "ok", "redis": "ok"}}
        }
    )
