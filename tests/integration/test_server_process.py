"""A real ``conduit serve`` process: graceful shutdown, what its logs hold, several workers."""

import json
import re
import socket
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import serving

SECRETS = ("first-Password-42", "second-Password-42", "wrong-Password-42")
EMAILS = ("jake@example.com", "jake.new@example.com", "anne@example.com")


def test_a_sigterm_lets_the_request_in_flight_finish_then_exits_0(tmp_path: Path) -> None:
    with serving(tmp_path) as server:
        body = json.dumps(
            {"user": {"username": "jake", "email": EMAILS[0], "password": SECRETS[0]}}
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
            connection.sendall(
                b"POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body[:10]
            )
            time.sleep(0.5)  # the server has the request's head: the request is in flight
            server.process.terminate()
            time.sleep(1.0)
            assert server.process.poll() is None, "the server quit with a request in flight"
            connection.sendall(body[10:])
            response = _read_response(connection)

        assert response.startswith(b"HTTP/1.1 201 "), response
        assert server.process.wait(timeout=30) == 0
    log = server.log.read_text()
    assert "database connections closed" in log, log


def _read_response(connection: socket.socket) -> bytes:
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, _, rest = received.partition(b"\r\n\r\n")
    length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))  # type: ignore[union-attr]
    while len(rest) < length:
        rest += connection.recv(65536)
    return head + b"\r\n\r\n" + rest


def test_logs_hold_no_password_token_or_email(tmp_path: Path) -> None:
    with serving(tmp_path, db_echo="true", slow_query_ms="0.001") as server:
        with httpx.Client(base_url=f"{server.url}/api", timeout=30) as api:
            user = {"username": "jake", "email": EMAILS[0], "password": SECRETS[0]}
            token = api.post("/users", json={"user": user}).json()["user"]["token"]
            auth = {"Authorization": f"Token {token}"}
            logged_in = api.post(
                "/users/login", json={"user": {"email": EMAILS[0], "password": SECRETS[0]}}
            )
            change = {"user": {"email": EMAILS[1], "password": SECRETS[1]}}
            updated = api.put("/user", json=change, headers=auth)
            failures = [
                api.post(
                    "/users/login", json={"user": {"email": EMAILS[1], "password": SECRETS[2]}}
                ),
                api.post("/users", json={"user": user | {"email": EMAILS[1]}}),
                api.post("/users", json={"user": {"email": EMAILS[2], "password": SECRETS[2]}}),
                api.get("/user", headers={"Authorization": f"Token {token}x"}),
            ]
        assert (logged_in.status_code, updated.status_code) == (200, 200)
        assert [failure.status_code for failure in failures] == [401, 409, 422, 401]
        new_token = updated.json()["user"]["token"]
        assert server.stop() == 0

    log = server.log.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    requests = [
        line for line in lines if line["message"] == "request" and line["path"].startswith("/api")
    ]
    assert len(requests) == 7, log
    assert len({line["request_id"] for line in requests}) == 7
    assert any(line["message"] == "slow sql statement" for line in lines), log
    for secret in (*SECRETS, *EMAILS, token, new_token, token.split(".")[2]):
        assert secret not in log, f"{secret!r} is in the server's log"


def test_several_workers_add_up_their_metrics(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    with serving(
        tmp_path, "--workers", "2", env={"PROMETHEUS_MULTIPROC_DIR": str(folder)}
    ) as server:
        for _ in range(20):
            assert httpx.get(f"{server.url}/api/tags", timeout=10).status_code == 200
        exposition = httpx.get(f"{server.url}/metrics", timeout=10).text
        master = server.process.pid
        assert server.stop() == 0

    tags = {("method", "GET"), ("route", "/api/tags"), ("status", "200")}
    [served] = [
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "conduit_http_requests_total" and set(sample.labels.items()) == tags
    ]
    assert served == 20
    writers = {
        int(match[1])
        for path in folder.glob("*.db")
        if (match := re.search(r"_(\d+)\.db$", path.name))
    }
    assert len(writers - {master}) == 2, writers
