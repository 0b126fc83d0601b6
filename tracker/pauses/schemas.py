"""Pause bodies: a date range with a reason, in the person's own calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tracker.catalog import PAUSE_REASON_LABELS, PAUSE_REASONS
from tracker.common.dates import EARLIEST
from tracker.common.schemas import no_nul

MAX_PAUSE_DAYS = 366
"""A pause longer than a year is a stopped routine, not a pause."""
HORIZON_DAYS = 2 * 366
"""A pause is planned at most two years ahead: a holiday is booked, a decade is a typo."""
BOUNDS = f"On or after {EARLIEST.isoformat()} and at most {HORIZON_DAYS} days after today (UTC)."


def within_bounds(day: date) -> None:
    """A pause's dates: no earlier than any range can ask for, no later than a plan ahead.

    Checked against the server's date, not the person's: a day's difference in zone is
    nothing beside a horizon of two years, and a schema knows no person."""
    if day < EARLIEST:
        raise ValidationError(f"Must be on or after {EARLIEST.isoformat()}.")
    latest = date.today() + timedelta(days=HORIZON_DAYS)
    if day > latest:
        raise ValidationError(f"Must be on or before {latest.isoformat()} (two years ahead).")


class PauseInSchema(Schema):
    start_date = fields.Date(
        validate=within_bounds,
        metadata={
            "description": "First paused local date (inclusive); defaults to today. " + BOUNDS
        },
    )
    end_date = fields.Date(
        required=True,
        validate=within_bounds,
        metadata={
            "description": "Last paused local date (inclusive), on or after start_date, "
            f"at most {MAX_PAUSE_DAYS} days after it. " + BOUNDS
        },
    )
    reason = fields.String(
        required=True,
        validate=validate.OneOf(PAUSE_REASONS),
        metadata={"description": "One of: " + ", ".join(PAUSE_REASONS)},
    )
    note = fields.String(
        validate=[validate.Length(max=200), no_nul],
        metadata={"description": "Optional, e.g. 'holiday in Lisbon'."},
    )

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("start_date"), data.get("end_date")
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError("Must be on or after start_date.", "end_date")
        if (end - start).days + 1 > MAX_PAUSE_DAYS:
            raise ValidationError(f"A pause can last at most {MAX_PAUSE_DAYS} days.", "end_date")


class PauseSchema(Schema):
    id = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()
    reason = fields.String()
    reason_label = fields.Method(
        "_label", metadata={"description": "The reason in words.", "type": "string"}
    )
    note = fields.String()
    days = fields.Method(
        "_days", metadata={"description": "Paused days, both ends included.", "type": "integer"}
    )
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()

    def _label(self, pause: Any) -> str:
        return PAUSE_REASON_LABELS[pause.reason]

    def _days(self, pause: Any) -> int:
        return int((pause.end_date - pause.start_date).days) + 1


class PauseEndSchema(Schema):
    end_date = fields.Date(
        validate=within_bounds,
        metadata={
            "description": "Last paused day; defaults to yesterday (resume today). " + BOUNDS
        },
    )
