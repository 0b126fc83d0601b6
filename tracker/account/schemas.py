"""The account as the person sees and edits it."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from tracker.auth.passwords import MIN_LENGTH
from tracker.catalog import FEET
from tracker.common.schemas import no_nul
from tracker.i18n.text import LANGUAGES
from tracker.timeutil import is_valid_timezone


class PlanSchema(Schema):
    sessions_per_day = fields.Integer(
        strict=True,
        validate=validate.Range(1, 6),
        metadata={"description": "Planned self-care sessions a day ('once or twice daily')."},
    )
    minutes_min = fields.Integer(
        strict=True,
        validate=validate.Range(1, 60),
        metadata={"description": "Lower end of the minutes per foot per session."},
    )
    minutes_max = fields.Integer(
        strict=True,
        validate=validate.Range(1, 60),
        metadata={"description": "Upper end of the minutes per foot per session."},
    )
    effective_from = fields.Date(
        dump_only=True,
        metadata={"description": "Local date this plan took effect; earlier days keep their plan."},
    )

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        low, high = data.get("minutes_min"), data.get("minutes_max")
        if low is not None and high is not None and low > high:
            raise ValidationError("Must be at least minutes_min.", "minutes_max")


class MeSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    timezone = fields.String(metadata={"example": "Europe/Berlin"})
    feet = fields.String(validate=validate.OneOf(FEET))
    plan = fields.Nested(PlanSchema)
    global_change_weekday = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(0, 6),
        metadata={
            "description": "Day of the weekly 'how is it going?' question, Monday 0 to "
            "Sunday 6; null turns it off. It is asked only once 7 mornings are logged.",
            "example": 6,
        },
    )
    morning_reminder = fields.Time(
        format="%H:%M",
        error_messages={"invalid": "Use a 24-hour time HH:MM, e.g. 07:00."},
        metadata={"description": "Local time of the check-in reminder.", "example": "07:00"},
    )
    evening_reminder = fields.Time(
        format="%H:%M",
        error_messages={"invalid": "Use a 24-hour time HH:MM, e.g. 20:00."},
        metadata={"description": "Local time of the session reminder.", "example": "20:00"},
    )
    morning_push = fields.Boolean(
        metadata={
            "description": "Push the morning reminder to your subscribed devices "
            "(/push/subscriptions); skipped once the check-in is logged and on paused days."
        }
    )
    evening_push = fields.Boolean(
        metadata={
            "description": "Push the evening reminder; skipped once the day's planned "
            "sessions are logged and on paused days."
        }
    )
    language = fields.String(
        allow_none=True,
        validate=validate.OneOf(LANGUAGES, error="Choose one of: {choices}."),
        metadata={
            "description": "The language of pages, sentences and reminders: en, de or es; "
            "null follows the browser's language.",
            "example": "de",
        },
    )
    created_at = fields.AwareDateTime(dump_only=True)

    @validates("timezone")
    def _zone(self, value: str, **_: object) -> None:
        if not is_valid_timezone(value):
            raise ValidationError("Not a known IANA timezone, e.g. 'Europe/Berlin'.")


class TokenCreateSchema(Schema):
    name = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=100), no_nul],
        metadata={"example": "my phone"},
    )


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    prefix = fields.String(
        dump_only=True,
        metadata={"description": "The token's first characters, to tell tokens apart."},
    )
    created_at = fields.AwareDateTime(dump_only=True)
    last_used_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(
        dump_only=True,
        attribute="secret",
        metadata={"description": "The secret. Shown only this once: store it now."},
    )


class DeleteAccountSchema(Schema):
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=1024),
        metadata={"description": "Your current password, to confirm it is you."},
    )


class PasswordChangeSchema(Schema):
    current_password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=1024),
        metadata={"description": "The password in use now."},
    )
    new_password = fields.String(
        required=True,
        load_only=True,
        validate=[
            validate.Length(min=MIN_LENGTH, error="Use at least {min} characters."),
            validate.Length(max=1024),
        ],
        metadata={"description": "At least 10 characters, and not a common password."},
    )
    revoke_tokens = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Also revoke every personal API token and every share link (say "
            "yes if the old password may have leaked, and with it a token or a link)."
        },
    )


class PasswordChangedSchema(Schema):
    signed_out_elsewhere = fields.Boolean(
        metadata={"description": "Always true: every other signed-in browser is signed out."}
    )
    revoked_tokens = fields.Integer(metadata={"description": "How many tokens were revoked."})
    revoked_share_links = fields.Integer(
        metadata={"description": "How many live share links were revoked."}
    )
