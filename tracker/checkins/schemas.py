"""Check-in bodies; the same rules as the table's CHECK constraints, with reasons in words."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tracker.catalog import GLOBAL_CHANGE, WARNING_SIGN_SLUGS
from tracker.common.dates import FIRST_RECORD_DAY
from tracker.common.schemas import no_nul

PAIN = validate.Range(0, 10, error="Must be a whole number from 0 (no pain) to 10 (worst pain).")


def _pain(description: str) -> fields.Integer:
    return fields.Integer(
        strict=True, allow_none=True, validate=PAIN, metadata={"description": description}
    )


class CheckinInSchema(Schema):
    client_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "A UUID the client makes once per record; a retried POST with it "
            "returns the stored record instead of a duplicate."
        },
    )
    date = fields.Date(
        metadata={
            "description": "Your local date of this morning; defaults to today. Not in the "
            f"future, and on or after {FIRST_RECORD_DAY.isoformat()}."
        }
    )
    pain_left = _pain("First-step pain in the left foot, 0-10.")
    pain_right = _pain("First-step pain in the right foot, 0-10.")
    stiffness = _pain("Morning stiffness, 0-10.")
    warning_signs = fields.List(
        fields.String(validate=validate.OneOf(sorted(WARNING_SIGN_SLUGS))),
        validate=validate.Length(max=len(WARNING_SIGN_SLUGS)),
        metadata={"description": "Any of: " + ", ".join(sorted(WARNING_SIGN_SLUGS))},
    )
    global_change = fields.String(
        allow_none=True,
        validate=validate.OneOf(list(GLOBAL_CHANGE)),
        metadata={
            "description": "The weekly answer to 'Compared with when you started, how is "
            "your heel pain now?' (Patient Global Impression of Change): one of "
            + ", ".join(GLOBAL_CHANGE)
            + "."
        },
    )
    notes = fields.String(validate=[validate.Length(max=2000), no_nul])

    @validates_schema
    def _one_foot(self, data: dict[str, Any], partial: bool | None = None, **_: Any) -> None:
        if partial:
            return
        if data.get("pain_left") is None and data.get("pain_right") is None:
            raise ValidationError("Log first-step pain for at least one foot.", "pain_left")


class CheckinSchema(Schema):
    id = fields.Integer()
    client_id = fields.UUID(allow_none=True)
    date = fields.Date()
    pain_left = fields.Integer(allow_none=True)
    pain_right = fields.Integer(allow_none=True)
    stiffness = fields.Integer(allow_none=True)
    warning_signs = fields.List(fields.String())
    global_change = fields.String(allow_none=True)
    notes = fields.String()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
