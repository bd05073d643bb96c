"""Property-based tests of every operation in Conduit's own OpenAPI document (schemathesis), on
SQLite and PostgreSQL, as an administrator: no 5xx, and every response (status, content type,
headers, body) is one the document describes. Generated requests include invalid ones (wrong
types, missing fields, out-of-range numbers), which must be refused with a documented 4xx.

Each operation alone, with generated cases (``test_every_operation_conforms``) and with the edges
of each constraint (``..._at_its_boundaries``); stateful sequences that follow the links
schemathesis infers from responses (create an article, then read, update, favorite, comment on
or delete it: ``test_sequences_of_operations_conform``); and the RealWorld specification's own
operations and shapes (``test_realworld_operations_answer_in_the_realworld_shapes``).

Requests go through the app in-process, on the test's event loop and database connection, so
PostgreSQL runs inside the test's rolled-back transaction. ``CONDUIT_SCHEMATHESIS_EXAMPLES`` raises
the number of examples per operation (stateful scenarios: three times as many) from its CI
default of 25.
"""

import asyncio
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infrastructure.container import Container
from tests.factories import publish, register

EXAMPLES = int(os.environ.get("CONDUIT_SCHEMATHESIS_EXAMPLES", "25"))
BASE_URL = "http://conduit.test"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
REALWORLD_CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
# The RealWorld specification (gothinkster/realworld, api/openapi.yml), vendored unchanged.
REALWORLD_SPEC = Path(__file__).with_name("realworld_openapi.yml")
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class InProcessApi:
    """Sends schemathesis' cases to the app on the test's own event loop, as the admin."""

    loop: asyncio.AbstractEventLoop
    client: httpx.AsyncClient
    auth: dict[str, str]
    document: dict[str, Any]
    sent: list[str] = field(default_factory=list)

    def send(self, case: schemathesis.Case, *, authenticate: bool = False) -> httpx.Response:
        """``authenticate``: add the admin's token, unless the case is about its absence."""
        request = case.as_transport_kwargs(base_url=BASE_URL)
        headers = {str(k): str(v) for k, v in request["headers"].items()}
        if authenticate and not _varies_authorization(case, headers):
            headers |= self.auth
        content: bytes | None = None
        if "json" in request:
            # ASCII escapes keep lone surrogates sendable, as a JSON client may send them.
            content = json.dumps(request["json"]).encode()
        elif request.get("data") is not None:
            data = request["data"]
            content = data if isinstance(data, bytes) else str(data).encode()
        self.sent.append(case.operation.label)
        call = self.client.request(
            request["method"],
            request["url"],
            params=request.get("params"),
            headers=headers,
            content=content,
        )
        return self.loop.run_until_complete(call)


@pytest.fixture
async def api(client: httpx.AsyncClient, container: Container) -> InProcessApi:
    """An admin with a published article, so links and lookups have something to find."""
    auth = await register(client, "jake")
    await container.make_admin().execute("jake")
    await publish(client, auth, tagList=["dragons"])
    await register(client, "anne")
    document = (await client.get("/openapi.json")).json()
    return InProcessApi(asyncio.get_running_loop(), client, auth, document)


@pytest.fixture
def conduit_schema(api: InProcessApi) -> schemathesis.BaseSchema:
    token = {"api_key": api.auth["Authorization"]}
    config = schemathesis.Config.from_dict(
        {"base-url": BASE_URL, "auth": {"openapi": {"Token": token}}}
    )
    return schemathesis.openapi.from_dict(api.document, config=config)


@pytest.fixture
def realworld_schema(api: InProcessApi) -> schemathesis.BaseSchema:
    token = {"api_key": api.auth["Authorization"]}
    config = schemathesis.Config.from_dict(
        {"base-url": f"{BASE_URL}/api", "auth": {"openapi": {"Token": token}}}
    )
    return schemathesis.openapi.from_path(str(REALWORLD_SPEC), config=config)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_conforms(
    conduit_schema: schemathesis.BaseSchema, api: InProcessApi, mode: GenerationMode
) -> None:
    failures: dict[str, str] = {}
    operations = [result.ok() for result in conduit_schema.get_all_operations()]

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @HYPOTHESIS
        def conforms(case: schemathesis.Case) -> None:
            case.validate_response(api.send(case), checks=CHECKS)

        try:
            conforms()
        except (AssertionError, FailureGroup) as failure:  # collected: every operation runs
            failures[operation.label] = str(failure)
        except Unsatisfiable:
            # Nothing about this operation can be invalid (no parameters, no body).
            assert mode is GenerationMode.NEGATIVE, operation.label

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
    if mode is GenerationMode.POSITIVE:
        assert set(api.sent) == {operation.label for operation in operations}
    print(f"schemathesis {mode.value}: {len(api.sent)} cases over {len(set(api.sent))} operations")


def test_every_operation_conforms_at_its_boundaries(
    conduit_schema: schemathesis.BaseSchema, api: InProcessApi
) -> None:
    """Schemathesis' coverage cases: each constraint's edges and one step past them (lengths,
    ranges, patterns, missing and extra parameters, methods an operation does not allow)."""
    failures: dict[str, list[str]] = {}
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

    for result in conduit_schema.get_all_operations():
        operation = result.ok()
        generation = conduit_schema.config.generation_for(operation=operation)
        cases = conduit_schema.iter_coverage_cases(
            operation, generation_modes=modes, generation_config=generation
        )
        for case in cases:
            try:
                case.validate_response(api.send(case, authenticate=True), checks=CHECKS)
            except (AssertionError, FailureGroup) as failure:
                failures.setdefault(operation.label, []).append(str(failure))

    assert not failures, "\n\n".join(f"{label}:\n{texts[0]}" for label, texts in failures.items())
    print(f"schemathesis coverage: {len(api.sent)} cases over {len(set(api.sent))} operations")


def test_realworld_operations_answer_in_the_realworld_shapes(
    api: InProcessApi, realworld_schema: schemathesis.BaseSchema
) -> None:
    """Against the RealWorld specification itself (positive cases): Conduit's answers are the
    shapes it documents. Its status codes are not checked: the specification leaves out the
    403, 404 and 409 that Conduit answers as the README says."""
    failures: dict[str, str] = {}
    operations = [result.ok() for result in realworld_schema.get_all_operations()]

    for operation in operations:

        @given(case=operation.as_strategy())
        @HYPOTHESIS
        def conforms(case: schemathesis.Case) -> None:
            case.validate_response(api.send(case), checks=REALWORLD_CHECKS)

        try:
            conforms()
        except (AssertionError, FailureGroup) as failure:
            failures[operation.label] = str(failure)

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
    assert len(operations) == 19
    print(f"schemathesis realworld: {len(api.sent)} cases over {len(operations)} operations")


def test_sequences_of_operations_conform(
    conduit_schema: schemathesis.BaseSchema, api: InProcessApi
) -> None:
    machine = _in_process(conduit_schema.as_state_machine(), api.send)

    scenarios = settings(HYPOTHESIS, max_examples=3 * EXAMPLES, stateful_step_count=8)
    run_state_machine_as_test(machine, settings=scenarios)

    assert len(api.sent) >= EXAMPLES, api.sent
    assert len(set(api.sent)) > 10, api.sent
    print(f"schemathesis stateful: {len(api.sent)} calls over {len(set(api.sent))} operations")


def _in_process(
    machine: type[APIStateMachine], send: Callable[[schemathesis.Case], httpx.Response]
) -> type[APIStateMachine]:
    class InProcess(machine):  # type: ignore[valid-type,misc]
        def call(self, case: schemathesis.Case, **_kwargs: Any) -> schemathesis.Response:
            return schemathesis.Response.from_any(send(case))

        def validate_response(
            self, response: schemathesis.Response, case: schemathesis.Case, **_kwargs: Any
        ) -> None:
            case.validate_response(response, checks=CHECKS)

    return InProcess


def _varies_authorization(case: schemathesis.Case, headers: dict[str, str]) -> bool:
    named = any(name.lower() == "authorization" for name in headers)
    return named or getattr(case.meta.phase.data, "parameter", None) == "Authorization"
