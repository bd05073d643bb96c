"""Outbox records: time-ordered UUIDv7 ids, and their JSON form for brokers."""

from datetime import UTC, datetime
from typing import Any

import orjson
import uuid6

from application.events import (
    Delivery,
    DomainEvent,
    EventRecord,
    event_fields,
    event_from,
    event_name,
)


def new_record(event: DomainEvent) -> EventRecord:
    """The event with a fresh UUIDv7 id: ids made later in a process sort after (in a burst,
    uuid6 moves their millisecond ahead of the clock, so the time is read apart)."""
    return EventRecord(id=str(uuid6.uuid7()), occurred_at=datetime.now(UTC), event=event)


def encode_delivery(delivery: Delivery) -> bytes:
    record = delivery.record
    return orjson.dumps(
        {
            "id": record.id,
            "occurred_at": record.occurred_at.isoformat(),
            "name": event_name(record.event),
            "payload": event_fields(record.event),
            "notified": delivery.notified,
        }
    )


def decode_delivery(data: bytes | str) -> Delivery:
    message: dict[str, Any] = orjson.loads(data)
    record = EventRecord(
        id=message["id"],
        occurred_at=datetime.fromisoformat(message["occurred_at"]),
        event=event_from(message["name"], message["payload"]),
    )
    return Delivery(record=record, notified=tuple(message["notified"]))
