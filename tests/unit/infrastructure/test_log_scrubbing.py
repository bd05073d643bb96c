"""The log scrubber hides secret values (passwords, tokens, email addresses, Authorization
headers) and leaves English alone, even English about passwords and tokens."""

import json
import logging

import pytest

from infrastructure.observability.logs import ConsoleFormatter, JsonFormatter, redact

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"user": {"email": "a@b.io", "password": "correct horse battery"}}', "horse"),
        ('{"password": "with \\"quotes\\" inside"}', "inside"),
        ("{'new_password': 'hunter two'}", "hunter"),
        ("connection to db:5432 failed, password=hunter2", "hunter2"),
        ("email=jake%40x.io&password=hunter2&remember=1", "hunter2"),
        ("client_secret=s3cr3t access_token=abc123 password_hash=$argon2id$v=19", "s3cr3t"),
        ("LoginUserCommand(email='jake@example.com', password='hunter2')", "hunter2"),
        ("postgresql://conduit:pa55word@db.internal/conduit", "pa55word"),
        ("redis://:s3cret@cache:6379/0", "s3cret"),
        (f"Authorization: Token {JWT}", "c2lnbmF0dXJl"),
        ("authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"),
        ("{'authorization': 'Token 0123456789abcdef0123'}", "0123456789abcdef"),
        ("sent Bearer 0123456789abcdefXYZ", "0123456789abcdefXYZ"),
        (f"token {JWT} was refused", "eyJzdWIiOjF9"),
        ("user Jake.New+tag@mail.example.co.uk signed up", "Jake.New+tag"),
    ],
)
def test_a_secret_value_is_scrubbed(text: str, secret: str) -> None:
    scrubbed = redact(text)

    assert secret not in scrubbed
    assert "[redacted]" in scrubbed or "[token]" in scrubbed or "[email]" in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Running upgrade 0006 -> 0007, Add users.token_version: a password change revokes the "
        "access tokens issued before it.",
        "token was revoked by a password change",
        "password must be 8 to 128 characters",
        "password can't be blank",
        "Token authentication failed: token expired",
        "the secret: keep it short",
        "token_version=3",
        "Bearer authentications are accepted too",
        "database postgresql+asyncpg://postgres@127.0.0.1:5432/test is ready",
    ],
)
def test_english_and_harmless_values_are_kept_as_they_are(text: str) -> None:
    assert redact(text) == text


def test_an_extra_field_named_like_a_secret_is_scrubbed_whatever_its_value() -> None:
    record = logging.makeLogRecord(
        {"msg": "login", "password": "hunter2", "Authorization": "Token abc", "user": "jake"}
    )

    console = ConsoleFormatter().format(record)
    logged = json.loads(JsonFormatter().format(record))

    assert "hunter2" not in console
    assert "abc" not in console
    assert "user=jake" in console
    assert (logged["password"], logged["Authorization"]) == ("[redacted]", "[redacted]")
