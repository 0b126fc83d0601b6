"""Sign-up and sign-in bodies."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from tracker.auth.passwords import MIN_LENGTH, password_problem
from tracker.catalog import FEET
from tracker.common.schemas import no_nul
from tracker.timeutil import is_valid_timezone


class RegisterSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=MIN_LENGTH, error="Use at least {min} characters."),
    )
    timezone = fields.String(load_default="UTC", metadata={"example": "Europe/Berlin"})
    feet = fields.String(load_default="both", validate=validate.OneOf(FEET))

    @validates("password")
    def _strong(self, value: str, **_: object) -> None:
        problem = password_problem(value)
        if problem:
            raise ValidationError(problem)

    @validates("timezone")
    def _zone(self, value: str, **_: object) -> None:
        if not is_valid_timezone(value):
            raise ValidationError("Not a known IANA timezone, e.g. 'Europe/Berlin'.")


class LoginSchema(Schema):
    email = fields.String(required=True, validate=[validate.Length(min=1, max=254), no_nul])
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    remember = fields.Boolean(load_default=True)
