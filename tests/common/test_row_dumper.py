"""``row_dumper`` gives exactly ``Schema.dump``'s dict for a database row, whatever formats
its fields use: the formatting it looks up once must be the one marshmallow applies."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from marshmallow import Schema, fields

from tracker.common.schemas import row_dumper

BERLIN_SUMMER = timezone(timedelta(hours=2))


class Formats(Schema):
    iso = fields.AwareDateTime()
    naive = fields.NaiveDateTime()  # converts to UTC first: its own _serialize
    rfc = fields.DateTime(format="rfc")
    stamp = fields.DateTime(format="timestamp")
    pattern = fields.DateTime(format="%d.%m.%Y %H:%M")  # no format function: strftime
    day = fields.Date()
    day_pattern = fields.Date(format="%d/%m/%Y")
    clock = fields.Time()
    key = fields.UUID(allow_none=True)
    count = fields.Integer()
    text = fields.String(allow_none=True)


class Tz(Formats):
    class Meta:
        datetimeformat = "rfc"  # the schema's own default, for fields that name none

    plain = fields.DateTime()


VALUES: list[dict[str, Any]] = [
    {
        "iso": datetime(2026, 10, 25, 1, 30, 0, 654321, tzinfo=UTC),
        "naive": datetime(2026, 3, 29, 2, 59, 59, tzinfo=BERLIN_SUMMER),
        "rfc": datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
        "stamp": datetime(2000, 1, 1, tzinfo=BERLIN_SUMMER),
        "pattern": datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
        "day": date(2026, 2, 28),
        "day_pattern": date(2026, 7, 4),
        "clock": time(7, 5, 3, 12),
        "key": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "count": 7,
        "text": "Évening ☺",
        "plain": datetime(2026, 6, 1, 12, tzinfo=UTC),
    },
    {name: None for name in ("iso", "naive", "rfc", "stamp", "pattern", "day", "key", "text")}
    | {
        "day_pattern": None,
        "clock": None,
        "count": 0,
        "plain": None,
    },
]


@pytest.mark.parametrize("schema_class", [Formats, Tz])
@pytest.mark.parametrize("values", VALUES, ids=["values", "nones"])
def test_a_row_dumps_as_the_schema_dumps_the_object(
    schema_class: type[Schema], values: dict[str, Any]
) -> None:
    schema = schema_class()
    names = list(schema.dump_fields)
    row = SimpleNamespace(_mapping={name: values[name] for name in names})

    assert row_dumper(schema)(row) == schema.dump(SimpleNamespace(**values))  # type: ignore[arg-type]
