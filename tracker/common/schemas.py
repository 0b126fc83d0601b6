"""Schemas reused across resources."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema


def no_nul(value: str) -> None:
    """PostgreSQL cannot store or compare text with a NUL character: refuse it as input."""
    if "\x00" in value:
        raise ValidationError("Must not contain the NUL character.")


class DateRangeArgs(Schema):
    """``?from=&to=`` on every list: ISO dates, inclusive, in the person's local calendar."""

    date_from = fields.Date(
        data_key="from",
        load_default=None,
        metadata={"description": "First local date to include (YYYY-MM-DD)."},
    )
    date_to = fields.Date(
        data_key="to",
        load_default=None,
        metadata={"description": "Last local date to include (YYYY-MM-DD)."},
    )

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError("'from' must be on or before 'to'.", "from")
