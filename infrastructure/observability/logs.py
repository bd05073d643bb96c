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

_SECRETS = (
    (re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*"), "[token]"),
    (re.compile(r"\b(Token|Bearer)\s+[\w.~+/=-]{16,}", re.IGNORECASE), r"\1 [token]"),
    (
        re.compile(
            r"""((?:password|passwd|secret|token)\w*["']?\s*[:=]\s*["']?)[^\s"',;&}]+""",
            re.IGNORECASE,
        ),
        r"\1[redacted]",
    ),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
)
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
        if name not in _RECORD_ATTRIBUTES:
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
