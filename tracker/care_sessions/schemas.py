"""Session bodies; techniques are named by their catalog slug."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tracker.catalog import FEET, TECHNIQUE_SLUGS
from tracker.common.dates import FIRST_RECORD_DAY
from tracker.common.schemas import no_nul

MAX_DURATION_S = 4 * 60 * 60


class CareSessionInSchema(Schema):
    client_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "A UUID the client makes once per record; a retried POST with it "
            "returns the stored record instead of a duplicate."
        },
    )
    started_at = fields.AwareDateTime(
        required=True,
        metadata={
            "description": "When the session started, with its UTC offset "
            "(e.g. 2026-11-25T20:15:00+01:00). Not in the future, and on or after "
            f"{FIRST_RECORD_DAY.isoformat()}."
        },
    )
    duration_s = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            1, MAX_DURATION_S, error="Must be from 1 second to 4 hours (14400 s)."
        ),
    )
    foot = fields.String(required=True, validate=validate.OneOf(FEET))
    techniques = fields.List(
        fields.String(
            validate=validate.OneOf(
                sorted(TECHNIQUE_SLUGS), error="Not a technique in the catalog (GET /techniques)."
            )
        ),
        required=True,
        validate=[
            validate.Length(min=1, error="Choose at least one technique."),
            validate.Length(max=len(TECHNIQUE_SLUGS), error="Choose at most {max} techniques."),
        ],
    )
    pressure = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            1, 10, error="Must be a whole number from 1 (very light) to 10 (very hard)."
        ),
        metadata={
            "description": "How hard you pressed. Light to medium is the advice; never sharp pain."
        },
    )
    discomfort = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(0, 10, error="Must be a whole number from 0 to 10."),
    )
    tool = fields.String(allow_none=True, validate=[validate.Length(max=100), no_nul])
    notes = fields.String(validate=[validate.Length(max=2000), no_nul])


class CareSessionSchema(Schema):
    id = fields.Integer()
    client_id = fields.UUID(allow_none=True)
    started_at = fields.AwareDateTime()
    local_date = fields.Date(metadata={"description": "The local date the session counts for."})
    duration_s = fields.Integer()
    foot = fields.String()
    techniques = fields.List(fields.String(), attribute="technique_slugs")
    pressure = fields.Integer()
    discomfort = fields.Integer(allow_none=True)
    tool = fields.String(allow_none=True)
    notes = fields.String()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
