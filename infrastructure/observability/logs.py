"""Log lines as JSON (for collectors) or as readable text (for people), never with secrets.

The standard library's ``logging`` carries every record: uvicorn, SQLAlchemy and Alembic log
through it already, so one formatter on one handler shapes all of them, and no second logging
system has to be bridged. Each line carries the current request's id. Secrets are scrubbed from
the rendered text (messages, extra fields and tracebacks alike), whatever logged them.
"""

import logging
import logging.config
import re
from datetime import UTC, datetime
from typing import Any

import orjson

from infrastructure.observability.context import current_request_id
from infrastructure.settings import Settings

# A secret's name: the whole key (``password``, ``new_password``, ``access_token``,
# ``client_secret``), not a word that merely starts like one (``token_version``).
_SENSITIVE_NAME = r"\w*(?:password|passwd|secret|token|api_key|apikey)(?:_hash)?"
# Values are scrubbed, not words: a secret is the value bound to a secret's name, as code and
# data write it (``password=x``, ``"password": "x"``, ``'token': 'x'``, a header), never English
# ("a password change revokes tokens" stays as it is).
_SECRETS = (
    (re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*"), "[token]"),
    # An Authorization header, whatever its scheme: ``Authorization: Basic dXNlcjpwYXNz``.
    (
        re.compile(r"""(\bauthorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+""", re.IGNORECASE),
        r"\1[redacted]",
    ),
    # A token after its scheme: opaque text of 16 characters or more, not all letters.
    (
        re.compile(r"\b(Token|Bearer)\s+(?![A-Za-z]+\b)[\w.~+/=-]{16,}", re.IGNORECASE),
        r"\1 [token]",
    ),
    # Quoted, as in JSON or a repr: the whole quoted value, spaces and escapes included.
    (
        re.compile(
            rf"""(["']{_SENSITIVE_NAME}["']\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""",
            re.IGNORECASE,
        ),
        r'\1"[redacted]"',
    ),
    # ``key=value``: query strings, form bodies, connection strings, keyword arguments.
    (
        re.compile(rf"""(\b{_SENSITIVE_NAME}\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"',;&)}}]+)""", re.I),
        r"\1[redacted]",
    ),
    # The password in a URL: ``postgresql://user:password@host/db``.
    (re.compile(r"(\b[a-z][\w+.-]*://[^:/\s@]*:)[^@\s/]+@", re.IGNORECASE), r"\1[redacted]@"),
    # An address ends in a named domain: ``postgres@127.0.0.1`` is a database user at a host.
    (re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[A-Za-z][\w-]*\b"), "[email]"),
)
_SECRET_NAME = re.compile(rf"{_SENSITIVE_NAME}|authorization", re.IGNORECASE)
# Attributes every LogRecord has; anything else was passed in ``extra`` and is logged as a field.
# uvicorn's ``color_message`` repeats the message with terminal colours.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}


def redact(text: str) -> str:
    """``text`` without tokens, passwords or email addresses."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    request_id = current_request_id()
    if request_id is not None:
        fields["request_id"] = request_id
    for name, value in vars(record).items():
        if name in _RECORD_ATTRIBUTES:
            continue
        if _SECRET_NAME.fullmatch(name):
            fields[name] = "[redacted]"
        else:
            fields[name] = redact(value) if isinstance(value, str) else value
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
            **_fields(record),
        }
        if record.exc_info:
            entry["traceback"] = redact(self.formatException(record.exc_info))
        return orjson.dumps(entry, default=str).decode()


class ConsoleFormatter(logging.Formatter):
    """``time level logger [request id] message key=value ...`` and the traceback below."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        request_id = fields.pop("request_id", "-")
        time = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        extras = "".join(f" {name}={value}" for name, value in fields.items())
        line = (
            f"{time} {record.levelname:<7} {record.name} [{request_id}] "
            f"{redact(record.getMessage())}{extras}"
        )
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


def logging_config(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` schema: one stderr handler, in the configured format.

    uvicorn applies it in the server process and in every worker (its ``log_config``).
    """
    formatter = JsonFormatter if settings.logs_as_json else ConsoleFormatter
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"conduit": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "conduit",
                "stream": "ext://sys.stderr",
            }
        },
        # uvicorn's loggers come with handlers of their own in its default configuration.
        "loggers": {
            **{
                name: {"handlers": [], "propagate": True, "level": level}
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
            },
            # Every SQL statement (without its parameters) when CONDUIT_DB_ECHO is on.
            "sqlalchemy.engine": {"level": "INFO" if settings.db_echo else "WARNING"},
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
