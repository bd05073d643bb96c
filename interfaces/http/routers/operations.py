"""Probes and metrics for the platform that runs the service (outside ``/api``)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from application.health.check_readiness import CheckReadiness
from infrastructure.container import Container
from infrastructure.observability.metrics import exposition
from interfaces.http.dependencies import provided
from interfaces.http.errors import error_response
from interfaces.http.schemas.base import GenericErrorModel
from interfaces.http.schemas.operations import HealthResponse, ReadinessResponse

router = APIRouter(tags=["Operations"])

_ALIVE = HealthResponse(status="alive")
_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {
        "model": GenericErrorModel,
        "description": "A dependency did not answer; each one that failed is named in `fields`",
        "content": {
            "application/json": {
                "example": {
                    "errors": {"body": ["database is unreachable"]},
                    "fields": {"database": ["is unreachable"]},
                }
            }
        },
    }
}
_METRICS_FORMAT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Prometheus text exposition format",
        "content": {"text/plain": {"example": "conduit_http_requests_total{...} 42.0\n"}},
    }
}


@router.get(
    "/healthz",
    name="operations:health",
    summary="Liveness probe",
    response_model=HealthResponse,
)
async def health() -> HealthResponse:
    """Liveness: the process answers. No I/O, so a slow database never gets it restarted."""
    return _ALIVE


@router.get(
    "/readyz",
    name="operations:readiness",
    summary="Readiness probe",
    response_model=ReadinessResponse,
    response_model_exclude_none=True,
    responses=_NOT_READY,
)
async def readiness(
    use_case: Annotated[CheckReadiness, Depends(provided(Container.check_readiness))],
) -> ReadinessResponse | Response:
    """Readiness: the database answers. 503 names every dependency that does not, so a load
    balancer sends traffic elsewhere meanwhile; without Redis (when configured) the service
    still answers, degraded: 200 with ``"status": "degraded"``."""
    readiness = await use_case.execute()
    if not readiness.ready:
        return error_response(503, [(name, "is unreachable") for name in readiness.unreachable])
    return ReadinessResponse(
        status="degraded" if readiness.degraded else "ready",
        dependencies={
            name: "ok" if reachable else "unreachable"
            for name, reachable in readiness.reachable.items()
        },
        primary=readiness.addresses.get("database"),
    )


@router.get(
    "/metrics",
    name="operations:metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses=_METRICS_FORMAT,
)
async def prometheus_metrics() -> Response:
    """Prometheus metrics of every worker: requests and latency per route template, SQL
    statements per request, database connections in use, cache hits and misses, outbox lag."""
    body, content_type = exposition()
    return Response(body, media_type=content_type)
