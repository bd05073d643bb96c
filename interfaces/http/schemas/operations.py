from typing import Literal

from pydantic import ConfigDict, Field

from interfaces.http.schemas.base import ApiModel


class HealthResponse(ApiModel):
    status: Literal["alive"]

    model_config = ConfigDict(json_schema_extra={"example": {"status": "alive"}})


class ReadinessResponse(ApiModel):
    """Every dependency the service was configured with, and whether it answered; ``degraded``
    when one the service can answer without (Redis) did not."""

    status: Literal["ready", "degraded"]
    dependencies: dict[str, Literal["ok", "unreachable"]]
    primary: str | None = Field(
        default=None,
        description="The PostgreSQL server writes go to now (``host:port``); it changes with a "
        "failover or switchover. Absent before the first write connection and on other "
        "databases.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "status": "ready",
                "dependencies": {"database": "ok", "redis": "ok"},
                "primary": "10.0.0.12:5432",
            }
        }
    )
